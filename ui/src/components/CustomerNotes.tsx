import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useFormatters } from '../format';
import type { ProfileSummary } from '../generated/bindings';

/** The local note on a customer: kept across imports, every change audited. */
export function CustomerNotes({ profile, customer }: { profile: ProfileSummary; customer: string }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const id = useId();
  const client = useQueryClient();
  const key = ['customer-note', profile.id, customer];
  const note = useQuery({ queryKey: key, queryFn: () => api.customerNote(profile.id, customer) });
  const [draft, setDraft] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (text: string) => api.setCustomerNote(profile.id, customer, text),
    onSuccess: (saved) => {
      client.setQueryData(key, saved);
      setDraft(null);
    },
  });
  const stored = note.data?.note ?? '';
  const text = draft ?? stored;
  return (
    <div className="customer-notes" data-testid="customer-notes">
      <label htmlFor={`${id}-note`} className="visually-hidden">
        {t('notes.label')}
      </label>
      <textarea
        id={`${id}-note`}
        data-testid="customer-note"
        rows={3}
        maxLength={20000}
        placeholder={t('notes.placeholder')}
        value={text}
        onChange={(e) => setDraft(e.target.value)}
      />
      <div className="section-toolbar">
        <button
          type="button"
          className="button button-small"
          data-testid="save-note"
          disabled={draft === null || draft.trim() === stored || save.isPending}
          onClick={() => save.mutate(text)}
        >
          {t('notes.save')}
        </button>
        {note.data && (
          <span className="muted" data-testid="note-updated">
            {t('notes.updated', { date: format.dateTime(note.data.updated_at) })}
          </span>
        )}
      </div>
    </div>
  );
}
