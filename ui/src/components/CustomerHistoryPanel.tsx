import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { api } from '../api';
import { useFormatters } from '../format';
import type { CustomerHistoryEntry, HistoryChange, ProfileSummary } from '../generated/bindings';
import { queryKeys } from '../queryClient';

/** Changes shown per snapshot before "Show more": a first import adds everything. */
export const CHANGES_SHOWN = 8;

/** A stored value as the reader knows it: enum words translated, flags in words. */
function valueText(t: TFunction, change: HistoryChange, value: string | null): string {
  if (value === null || value === '') return t('history.none');
  switch (change.field) {
    case 'relationship':
      return t(`relationships.${value}`, { defaultValue: value });
    case 'allow_delegated_access':
      return value === 'true' ? t('detail.dapAllowed') : t('detail.dapNotAllowed');
    case 'status':
      return change.entity === 'subscription' ? t(`subscriptionStatus.${value}`, { defaultValue: value }) : value;
    default:
      return value;
  }
}

/** One change as a sentence in the reader's language. */
export function changeText(t: TFunction, change: HistoryChange): string {
  const name = change.label.trim() || change.id;
  if (change.field === 'added' || change.field === 'removed') {
    if (change.entity === 'link') {
      const kind = change.after ?? change.before ?? '';
      return t(`history.link.${change.field}`, { name, kind: t(`linkKinds.${kind}`, { defaultValue: kind }) });
    }
    return t(`history.${change.entity}.${change.field}`, { name, defaultValue: `${name}: ${change.field}` });
  }
  return t('history.fieldChanged', {
    name,
    field: t(`history.fields.${change.field}`, { defaultValue: change.field }),
    before: valueText(t, change, change.before),
    after: valueText(t, change, change.after),
  });
}

/** This customer across snapshots: what each import changed, newest first. */
export function CustomerHistoryPanel({ profile, customer }: { profile: ProfileSummary; customer: string }) {
  const { t } = useTranslation();
  const history = useQuery({
    queryKey: queryKeys.customerHistory(profile.id, customer),
    queryFn: () => api.customerHistory(profile.id, customer),
  });
  if (history.isPending) return <p className="muted">{t('history.loading')}</p>;
  if (history.isError) return <p className="muted">{t('history.loadFailed')}</p>;
  if (history.data.entries.length === 0) return <p className="muted">{t('history.empty')}</p>;
  return (
    <ol className="history-list" data-testid="customer-history">
      {history.data.entries.map((entry) => (
        <HistoryEntry key={entry.snapshot_id} entry={entry} />
      ))}
    </ol>
  );
}

function HistoryEntry({ entry }: { entry: CustomerHistoryEntry }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const [all, setAll] = useState(false);
  const shown = all ? entry.changes : entry.changes.slice(0, CHANGES_SHOWN);
  const hidden = entry.changes.length - shown.length;
  return (
    <li className="history-entry" data-testid="history-entry" data-snapshot-id={entry.snapshot_id}>
      <p className="history-when">
        <strong>{t('import.snapshot', { id: entry.snapshot_id })}</strong>{' '}
        <time className="muted" dateTime={entry.created_at}>
          {format.dateTime(entry.created_at)}
        </time>{' '}
        <span className="muted">{t(`import.kinds.${entry.kind}`, { defaultValue: entry.kind })}</span>
      </p>
      <ul className="history-changes">
        {shown.map((change, index) => (
          <li
            key={`${change.entity}|${change.id}|${change.field}|${index}`}
            data-testid="history-change"
            data-entity={change.entity}
            data-field={change.field}
          >
            {changeText(t, change)}
          </li>
        ))}
      </ul>
      {hidden > 0 && (
        <button type="button" className="button button-quiet button-small" onClick={() => setAll(true)}>
          {t('history.showMore', { count: hidden })}
        </button>
      )}
    </li>
  );
}
