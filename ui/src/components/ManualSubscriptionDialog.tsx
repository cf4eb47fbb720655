import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { CHANNELS } from '../domain';
import { queryKeys } from '../queryClient';
import type { FieldError } from '../validation';
import { Field } from './Field';
import { FormActions, type CustomerDialogProps } from './FormActions';
import { Modal } from './Modal';

type Form = {
  offer_name: string;
  channel: string;
  billing_type: string;
  quantity: string;
  commitment_end: string;
  partner_of_record: string;
};

const EMPTY: Form = {
  offer_name: '',
  channel: 'advisor',
  billing_type: 'usage',
  quantity: '1',
  commitment_end: '',
  partner_of_record: '',
};

/** What the form checks before sending; the store checks it all again. */
export function validateManualSubscription(form: Form): Partial<Record<keyof Form, FieldError>> {
  const errors: Partial<Record<keyof Form, FieldError>> = {};
  if (form.offer_name.trim() === '') errors.offer_name = { key: 'manual.errors.offerRequired' };
  if (!/^\d{1,7}$/.test(form.quantity.trim())) errors.quantity = { key: 'manual.errors.quantity' };
  if (form.commitment_end !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(form.commitment_end)) {
    errors.commitment_end = { key: 'manual.errors.date' };
  }
  return errors;
}

/**
 * A subscription the customer bought elsewhere (Advisor, Open, EA, directly,
 * a third party), entered by hand so its verdicts (MC-1, MC-4) show; audited.
 */
export function ManualSubscriptionDialog({ profile, customer, onClose }: CustomerDialogProps) {
  const { t } = useTranslation();
  const id = useId();
  const client = useQueryClient();
  const [form, setForm] = useState<Form>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<keyof Form, FieldError>>>({});
  const add = useMutation({
    mutationFn: () =>
      api.addManualSubscription(profile.id, {
        customer_tenant_id: customer,
        offer_name: form.offer_name.trim(),
        channel: form.channel,
        billing_type: form.billing_type,
        quantity: Number(form.quantity.trim()),
        commitment_end: form.commitment_end === '' ? null : form.commitment_end,
        partner_of_record: form.partner_of_record.trim() === '' ? null : form.partner_of_record.trim(),
        status: null,
        auto_renew: null,
      }),
    meta: { inlineError: true },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: queryKeys.customerView(profile.id, customer) });
      void client.invalidateQueries({ queryKey: queryKeys.customersOf(profile.id) });
      onClose();
    },
  });
  const set = (key: keyof Form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateManualSubscription(form);
    setErrors(found);
    if (Object.keys(found).length === 0) add.mutate();
  };

  return (
    <Modal labelledBy={`${id}-title`} testId="manual-subscription-dialog" onCancel={onClose} canCancel={!add.isPending}>
      <form onSubmit={submit} noValidate>
        <h2 id={`${id}-title`} className="dialog-title">
          {t('manual.title')}
        </h2>
        <p className="muted">{t('manual.intro')}</p>
        <Field id={`${id}-offer`} name="offer_name" label={t('manual.offer')} error={errors.offer_name}>
          {(props) => <input {...props} value={form.offer_name} onChange={(e) => set('offer_name')(e.target.value)} />}
        </Field>
        <Field id={`${id}-channel`} name="channel" label={t('manual.channel')}>
          {(props) => (
            <select {...props} value={form.channel} onChange={(e) => set('channel')(e.target.value)}>
              {CHANNELS.filter((c) => c !== 'csp').map((c) => (
                <option key={c} value={c}>
                  {t(`channels.${c}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id={`${id}-billing`} name="billing_type" label={t('manual.billing')}>
          {(props) => (
            <select {...props} value={form.billing_type} onChange={(e) => set('billing_type')(e.target.value)}>
              <option value="usage">{t('billing.usage')}</option>
              <option value="license">{t('billing.license')}</option>
            </select>
          )}
        </Field>
        <Field id={`${id}-quantity`} name="quantity" label={t('manual.quantity')} error={errors.quantity}>
          {(props) => (
            <input {...props} inputMode="numeric" value={form.quantity} onChange={(e) => set('quantity')(e.target.value)} />
          )}
        </Field>
        <Field id={`${id}-end`} name="commitment_end" label={t('manual.termEnd')} error={errors.commitment_end}>
          {(props) => (
            <input {...props} type="date" value={form.commitment_end} onChange={(e) => set('commitment_end')(e.target.value)} />
          )}
        </Field>
        <Field id={`${id}-por`} name="partner_of_record" label={t('manual.partnerOfRecord')} hint={t('manual.partnerOfRecordHint')}>
          {(props) => (
            <input {...props} value={form.partner_of_record} onChange={(e) => set('partner_of_record')(e.target.value)} />
          )}
        </Field>
        <FormActions
          error={add.error}
          errorTestId="manual-error"
          pending={add.isPending}
          onCancel={onClose}
          submitLabel={t('manual.submit')}
          submitTestId="manual-submit"
        />
      </form>
    </Modal>
  );
}
