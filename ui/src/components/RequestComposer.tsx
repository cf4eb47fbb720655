import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useEngineText } from '../engineText';
import { useFormatters } from '../format';
import type { ProfileSummary } from '../generated/bindings';
import i18n, { currentLanguage, isLanguage, LANGUAGES, type Language } from '../i18n';
import { queryKeys } from '../queryClient';
import { CopyButton } from './CopyButton';
import { Modal } from './Modal';
import { RuleBadge } from './RuleBits';

/**
 * The reseller relationship request (MP-2): with or without delegated admin
 * (the latter not offered in us-gov and germany, NC-3), the exact link for the
 * profile's cloud, an email text in the language chosen for the customer, and
 * the record of what was sent and accepted.
 */
export function RequestComposer({
  profile,
  customer,
  customerName,
  onClose,
}: {
  profile: ProfileSummary;
  customer: string | null;
  customerName: string | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const text = useEngineText();
  const id = useId();
  const client = useQueryClient();
  const [withDap, setWithDap] = useState(true);
  const [language, setLanguage] = useState<Language>(currentLanguage());
  const draft = useQuery({ queryKey: queryKeys.requestDraft(profile.id), queryFn: () => api.requestDraft(profile.id) });
  const record = useMutation({
    mutationFn: () => api.recordRequest(profile.id, { customer, with_delegated_admin: withDap, language }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['requests', profile.id] }),
    meta: { inlineError: true },
  });
  const unavailable = draft.data?.without_dap_unavailable ?? null;
  const link = draft.data ? (withDap ? draft.data.with_dap_link : draft.data.without_dap_link) : null;
  const email = link ? emailText(language, link, profile.name, customerName) : null;

  return (
    <Modal labelledBy={`${id}-title`} testId="request-composer" onCancel={onClose}>
      <h2 id={`${id}-title`} className="dialog-title">
        {t('composer.title')}
      </h2>
      {customerName && <p className="muted">{t('composer.forCustomer', { name: customerName })}</p>}

      <fieldset className="composer-kind">
        <legend>{t('composer.kindLegend')}</legend>
        <label className="radio-label" htmlFor={`${id}-with`}>
          <input
            id={`${id}-with`}
            type="radio"
            name={`${id}-kind`}
            data-testid="composer-with-dap"
            checked={withDap}
            onChange={() => setWithDap(true)}
          />
          {t('composer.withDap')}
        </label>
        <label className={`radio-label${unavailable ? ' is-disabled' : ''}`} htmlFor={`${id}-without`}>
          <input
            id={`${id}-without`}
            type="radio"
            name={`${id}-kind`}
            data-testid="composer-without-dap"
            disabled={unavailable !== null}
            aria-describedby={unavailable ? `${id}-why` : undefined}
            checked={!withDap}
            onChange={() => setWithDap(false)}
          />
          {t('composer.withoutDap')}
        </label>
        {unavailable && (
          <p id={`${id}-why`} className="composer-why" data-testid="composer-without-dap-reason" data-rule={unavailable.rule}>
            <RuleBadge rule={unavailable.rule} /> {text(unavailable)}
          </p>
        )}
      </fieldset>

      {draft.data && !draft.data.partner_tenant_id && (
        <p className="panel panel-problem" data-testid="composer-no-tenant">
          {t('composer.noTenant')}
        </p>
      )}

      {link && (
        <>
          <div className="composer-field">
            <span className="field-label" id={`${id}-link-label`}>
              {t('composer.link')}
            </span>
            <div className="copy-row">
              <code className="composer-link" data-testid="composer-link" aria-labelledby={`${id}-link-label`}>
                {link}
              </code>
              <CopyButton text={link} label={t('composer.copyLink')} testId="copy-link" />
            </div>
          </div>
          <div className="composer-field">
            <label htmlFor={`${id}-lang`}>{t('composer.emailLanguage')}</label>
            <select
              id={`${id}-lang`}
              data-testid="composer-language"
              value={language}
              onChange={(e) => {
                if (isLanguage(e.target.value)) setLanguage(e.target.value);
              }}
            >
              {LANGUAGES.map((l) => (
                <option key={l.code} value={l.code} lang={l.code}>
                  {l.label}
                </option>
              ))}
            </select>
          </div>
          {email && (
            <div className="composer-field">
              <label htmlFor={`${id}-email`}>{t('composer.email')}</label>
              <textarea id={`${id}-email`} data-testid="composer-email" readOnly rows={9} lang={language} value={email} />
              <CopyButton text={email} label={t('composer.copyEmail')} testId="copy-email" />
            </div>
          )}
        </>
      )}

      {record.isError && (
        <p className="panel panel-problem" role="alert">
          {record.error.message}
        </p>
      )}
      {record.isSuccess && (
        <p role="status" data-testid="composer-recorded">
          {t('composer.recorded')}
        </p>
      )}

      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          {t('common.close')}
        </button>
        <button
          type="button"
          className="button button-primary"
          data-testid="composer-record"
          disabled={!link || record.isPending || record.isSuccess}
          onClick={() => record.mutate()}
        >
          {t('composer.recordSent')}
        </button>
      </div>

      <RequestList profile={profile} customer={customer} />
    </Modal>
  );
}

function emailText(language: Language, link: string, partner: string, customer: string | null): string {
  const fixed = i18n.getFixedT(language);
  return fixed('composer.emailBody', { link, partner, customer: customer ?? fixed('composer.emailCustomerFallback') });
}

/** Requests recorded for this customer (or the profile), each markable as accepted. */
export function RequestList({ profile, customer }: { profile: ProfileSummary; customer: string | null }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const client = useQueryClient();
  const requests = useQuery({
    queryKey: queryKeys.requests(profile.id, customer),
    queryFn: () => api.listRequests(profile.id, customer),
  });
  const accept = useMutation({
    mutationFn: (requestId: number) => api.markRequestAccepted(profile.id, requestId),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['requests', profile.id] }),
  });
  if (!requests.data || requests.data.length === 0) return null;
  return (
    <section className="request-list" aria-label={t('composer.sentTitle')}>
      <h3 className="section-title">{t('composer.sentTitle')}</h3>
      <ul>
        {requests.data.map((request) => (
          <li key={request.id} data-testid="relationship-request" data-accepted={String(request.accepted_at !== null)}>
            {request.with_delegated_admin ? t('composer.withDap') : t('composer.withoutDap')}
            {' · '}
            {request.sent_at && t('composer.sentOn', { date: format.date(request.sent_at.slice(0, 10)) })}
            {' · '}
            {request.accepted_at ? (
              t('composer.acceptedOn', { date: format.date(request.accepted_at.slice(0, 10)) })
            ) : (
              <button
                type="button"
                className="button button-small"
                data-testid="mark-accepted"
                disabled={accept.isPending}
                onClick={() => accept.mutate(request.id)}
              >
                {t('composer.markAccepted')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
