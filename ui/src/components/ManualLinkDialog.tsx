import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { LINK_KINDS } from '../domain';
import type { KnownPartner } from '../generated/bindings';
import { queryKeys } from '../queryClient';
import { MPN_ID_MAX_LENGTH, NAME_MAX_LENGTH, parseMpnId, parseTenantId, validateName, type FieldError } from '../validation';
import { Field } from './Field';
import { FormActions, type CustomerDialogProps } from './FormActions';
import { Modal } from './Modal';

export type LinkForm = {
  /** `existing`: link a partner the profile knows; `new`: enter the partner too. */
  mode: 'existing' | 'new';
  partner_id: string;
  name: string;
  tenant_id: string;
  mpn_id: string;
  location: string;
  kind: string;
  scope: string;
};

export type LinkFormErrors = Partial<Record<keyof LinkForm, FieldError>>;

export const EMPTY_LINK_FORM: LinkForm = {
  mode: 'existing',
  partner_id: '',
  name: '',
  tenant_id: '',
  mpn_id: '',
  location: '',
  kind: 'advisor',
  scope: '',
};

/** What the form checks before sending; the store checks it all again. */
export function validateLinkForm(form: LinkForm): LinkFormErrors {
  const errors: LinkFormErrors = {};
  if (form.mode === 'existing') {
    if (form.partner_id === '') errors.partner_id = { key: 'linkForm.errors.partnerRequired' };
  } else {
    const name = validateName(form.name);
    if (name) errors.name = name;
    if (parseTenantId(form.tenant_id) === undefined) errors.tenant_id = { key: 'validation.tenantIdInvalid' };
    if (parseMpnId(form.mpn_id) === undefined) {
      errors.mpn_id = { key: 'validation.mpnIdInvalid', options: { count: MPN_ID_MAX_LENGTH } };
    }
  }
  if (!(LINK_KINDS as readonly string[]).includes(form.kind)) errors.kind = { key: 'linkForm.errors.kindRequired' };
  return errors;
}

function partnerLabel(known: KnownPartner): string {
  const p = known.partner;
  const ids = [p.mpn_id && `MPN ${p.mpn_id}`, p.tenant_id].filter(Boolean).join(' · ');
  return ids ? `${p.name} (${ids})` : p.name;
}

/**
 * Another partner of this customer, entered by hand (MP-1: the link alone,
 * never a subscription), with the partner itself when the profile does not
 * know it yet. Kept apart from imported data and audited.
 */
export function ManualLinkDialog({ profile, customer, onClose }: CustomerDialogProps) {
  const { t } = useTranslation();
  const id = useId();
  const client = useQueryClient();
  const [form, setForm] = useState<LinkForm>(EMPTY_LINK_FORM);
  const [errors, setErrors] = useState<LinkFormErrors>({});
  const [filter, setFilter] = useState('');
  const partners = useQuery({ queryKey: queryKeys.partners(profile.id), queryFn: () => api.listPartners(profile.id) });
  const add = useMutation({
    mutationFn: async () => {
      let partnerId = form.partner_id;
      if (form.mode === 'new') {
        const partner = await api.addManualPartner(profile.id, {
          name: form.name.trim(),
          tenant_id: parseTenantId(form.tenant_id) ?? null,
          mpn_id: parseMpnId(form.mpn_id) ?? null,
          location: form.location.trim() === '' ? null : form.location.trim(),
        });
        partnerId = partner.id;
        // Saved even if the link below is refused: offer it as a known partner then.
        setForm((f) => ({ ...f, mode: 'existing', partner_id: partner.id }));
        void client.invalidateQueries({ queryKey: queryKeys.partners(profile.id) });
      }
      return api.addManualLink(profile.id, {
        customer_tenant_id: customer,
        partner_id: partnerId,
        kind: form.kind,
        scope: form.scope.trim() === '' ? null : form.scope.trim(),
      });
    },
    meta: { inlineError: true },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: queryKeys.customerView(profile.id, customer) });
      void client.invalidateQueries({ queryKey: queryKeys.customersOf(profile.id) });
      void client.invalidateQueries({ queryKey: queryKeys.partners(profile.id) });
      onClose();
    },
  });
  const set = (key: keyof LinkForm) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateLinkForm(form);
    setErrors(found);
    if (Object.keys(found).length === 0) add.mutate();
  };
  const needle = filter.trim().toLocaleLowerCase();
  const choices = (partners.data ?? []).filter(
    (known) => needle === '' || partnerLabel(known).toLocaleLowerCase().includes(needle) || known.partner.id === form.partner_id,
  );

  return (
    <Modal labelledBy={`${id}-title`} testId="manual-link-dialog" onCancel={onClose} canCancel={!add.isPending}>
      <form onSubmit={submit} noValidate>
        <h2 id={`${id}-title`} className="dialog-title">
          {t('linkForm.title')}
        </h2>
        <p className="muted">{t('linkForm.intro')}</p>
        <fieldset className="field radio-row">
          <legend>{t('linkForm.partner')}</legend>
          <label>
            <input
              type="radio"
              name={`${id}-mode`}
              data-testid="link-mode-existing"
              checked={form.mode === 'existing'}
              onChange={() => set('mode')('existing')}
            />{' '}
            {t('linkForm.existing')}
          </label>
          <label>
            <input
              type="radio"
              name={`${id}-mode`}
              data-testid="link-mode-new"
              checked={form.mode === 'new'}
              onChange={() => set('mode')('new')}
            />{' '}
            {t('linkForm.new')}
          </label>
        </fieldset>
        {form.mode === 'existing' ? (
          <>
            <Field id={`${id}-filter`} name="partner_filter" label={t('linkForm.filter')}>
              {(props) => <input {...props} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />}
            </Field>
            <Field id={`${id}-partner`} name="partner_id" label={t('linkForm.partnerChoice')} error={errors.partner_id}>
              {(props) => (
                <select
                  {...props}
                  data-testid="link-partner"
                  value={form.partner_id}
                  onChange={(e) => set('partner_id')(e.target.value)}
                >
                  <option value="">{partners.isPending ? t('linkForm.loadingPartners') : t('linkForm.choose')}</option>
                  {choices.map((known) => (
                    <option key={known.partner.id} value={known.partner.id}>
                      {partnerLabel(known)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </>
        ) : (
          <>
            <Field id={`${id}-name`} name="name" label={t('linkForm.name')} error={errors.name}>
              {(props) => (
                <input
                  {...props}
                  data-testid="partner-name-input"
                  maxLength={NAME_MAX_LENGTH * 2}
                  value={form.name}
                  onChange={(e) => set('name')(e.target.value)}
                />
              )}
            </Field>
            <Field id={`${id}-tenant`} name="tenant_id" label={t('linkForm.tenantId')} error={errors.tenant_id}>
              {(props) => (
                <input {...props} className="mono" value={form.tenant_id} onChange={(e) => set('tenant_id')(e.target.value)} />
              )}
            </Field>
            <Field id={`${id}-mpn`} name="mpn_id" label={t('linkForm.mpnId')} error={errors.mpn_id}>
              {(props) => (
                <input {...props} inputMode="numeric" value={form.mpn_id} onChange={(e) => set('mpn_id')(e.target.value)} />
              )}
            </Field>
            <Field id={`${id}-location`} name="location" label={t('linkForm.location')}>
              {(props) => <input {...props} value={form.location} onChange={(e) => set('location')(e.target.value)} />}
            </Field>
          </>
        )}
        <Field id={`${id}-kind`} name="kind" label={t('linkForm.kind')} error={errors.kind}>
          {(props) => (
            <select {...props} data-testid="link-kind" value={form.kind} onChange={(e) => set('kind')(e.target.value)}>
              {LINK_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`linkKinds.${kind}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id={`${id}-scope`} name="scope" label={t('linkForm.scope')} hint={t('linkForm.scopeHint')}>
          {(props) => <input {...props} value={form.scope} onChange={(e) => set('scope')(e.target.value)} />}
        </Field>
        <FormActions
          error={add.error}
          errorTestId="link-error"
          pending={add.isPending}
          onCancel={onClose}
          submitLabel={t('linkForm.submit')}
          submitTestId="link-submit"
        />
      </form>
    </Modal>
  );
}
