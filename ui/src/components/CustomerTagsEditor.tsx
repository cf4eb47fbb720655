import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import type { ProfileSummary } from '../generated/bindings';
import { queryKeys } from '../queryClient';

export const TAG_MAX_LENGTH = 40;

/** Why a new tag cannot be added, as a translation key; the store checks again. */
export function tagProblem(tag: string, current: readonly string[]): string | null {
  const value = tag.trim();
  if (value === '') return 'tags.errors.empty';
  if ([...value].length > TAG_MAX_LENGTH) return 'tags.errors.tooLong';
  // eslint-disable-next-line no-control-regex
  if (/[,\u0000-\u001f\u007f]/.test(value)) return 'tags.errors.comma';
  if (current.includes(value)) return 'tags.errors.duplicate';
  return null;
}

/**
 * The customer's tags: imported ones and the user's own. Each change is saved
 * at once, kept across imports (an imported tag taken off stays off) and audited.
 */
export function CustomerTagsEditor({ profile, customer }: { profile: ProfileSummary; customer: string }) {
  const { t } = useTranslation();
  const id = useId();
  const client = useQueryClient();
  const key = queryKeys.customerTags(profile.id, customer);
  const tags = useQuery({ queryKey: key, queryFn: () => api.customerTags(profile.id, customer) });
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (next: string[]) => api.setCustomerTags(profile.id, customer, next),
    meta: { inlineError: true },
    onSuccess: (saved) => {
      client.setQueryData(key, saved);
      // The list's tag column and the tag filter's choices change too (the
      // detail shows tags from this query only: its view is not read again).
      void client.invalidateQueries({ queryKey: queryKeys.customersOf(profile.id) });
    },
  });
  const current = tags.data?.tags.map((tag) => tag.tag) ?? [];
  const add = (event: FormEvent) => {
    event.preventDefault();
    const found = tagProblem(draft, current);
    setProblem(found);
    if (found) return;
    save.mutate([...current, draft.trim()], { onSuccess: () => setDraft('') });
  };

  return (
    <div className="customer-tags" data-testid="customer-tags">
      {tags.data && tags.data.tags.length === 0 && <p className="muted">{t('tags.none')}</p>}
      <ul className="tag-list" aria-label={t('tags.listLabel')}>
        {tags.data?.tags.map((tag) => (
          <li key={tag.tag} className="tag" data-testid="customer-tag" data-imported={String(tag.imported)}>
            <span>{tag.tag}</span>
            {tag.imported && <span className="muted tag-origin">{t('tags.imported')}</span>}
            <button
              type="button"
              className="tag-remove"
              aria-label={t('tags.remove', { tag: tag.tag })}
              title={t('tags.remove', { tag: tag.tag })}
              disabled={save.isPending}
              onClick={() => save.mutate(current.filter((other) => other !== tag.tag))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form className="tag-add" onSubmit={add} noValidate>
        <label htmlFor={`${id}-tag`} className="visually-hidden">
          {t('tags.newLabel')}
        </label>
        <input
          id={`${id}-tag`}
          data-testid="new-tag"
          value={draft}
          maxLength={TAG_MAX_LENGTH * 2}
          placeholder={t('tags.placeholder')}
          aria-invalid={problem !== null}
          aria-describedby={problem ? `${id}-problem` : undefined}
          onChange={(e) => {
            setDraft(e.target.value);
            setProblem(null);
          }}
        />
        <button type="submit" className="button button-small" data-testid="add-tag" disabled={save.isPending}>
          {t('tags.add')}
        </button>
      </form>
      {problem && (
        <p className="field-error" id={`${id}-problem`} data-testid="tag-problem">
          {t(problem, { count: TAG_MAX_LENGTH })}
        </p>
      )}
      {save.isError && (
        <p className="field-error" role="alert" data-testid="tag-save-error">
          {save.error.message}
        </p>
      )}
      {tags.data && tags.data.removed_imported.length > 0 && (
        <p className="muted tag-restore">
          {t('tags.removedImported')}{' '}
          {tags.data.removed_imported.map((tag) => (
            <button
              key={tag}
              type="button"
              className="button button-quiet button-small"
              data-testid="restore-tag"
              disabled={save.isPending}
              onClick={() => save.mutate([...current, tag])}
            >
              {t('tags.restore', { tag })}
            </button>
          ))}
        </p>
      )}
    </div>
  );
}
