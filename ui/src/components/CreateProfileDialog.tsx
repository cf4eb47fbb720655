import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import type { ProfileSummary } from '../generated/bindings';
import { queryKeys } from '../queryClient';
import {
  CLOUDS,
  EMPTY_PROFILE_FORM,
  NAME_MAX_LENGTH,
  PARTNER_ROLES,
  toNewProfileInput,
  validateProfileForm,
  type ProfileForm,
  type ProfileFormErrors,
  type ProfileFormField,
} from '../validation';
import { DialogError } from './ErrorMessage';
import { Field } from './Field';
import { Modal } from './Modal';

const FIELD_ORDER: ProfileFormField[] = ['name', 'cloud', 'tenant_id', 'mpn_id', 'role'];

export function CreateProfileDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (profile: ProfileSummary) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const id = useId();
  const titleId = `${id}-title`;
  const descriptionId = `${id}-description`;
  const formRef = useRef<HTMLFormElement>(null);

  const [form, setForm] = useState<ProfileForm>(EMPTY_PROFILE_FORM);
  // Errors appear once the user leaves a field or tries to submit, then follow every keystroke.
  const [touched, setTouched] = useState<Partial<Record<ProfileFormField, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  // A duplicate name reported by the server, for the name it was reported for.
  const [takenName, setTakenName] = useState<string | null>(null);

  const create = useMutation({
    mutationFn: api.createProfile,
    meta: { inlineError: true },
    onSuccess: async (profile) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.profiles });
      onCreated(profile);
    },
    onError: (error, input) => {
      if (error.code === 'duplicate_name') setTakenName(input.name);
    },
  });

  const errors: ProfileFormErrors = validateProfileForm(form);
  if (!errors.name && takenName !== null && form.name.trim() === takenName) {
    errors.name = { key: 'validation.nameTaken' };
  }
  const visible = (field: ProfileFormField) => (submitted || touched[field] ? errors[field] : undefined);

  function update(field: ProfileFormField, value: string) {
    setForm((previous) => ({ ...previous, [field]: value }));
  }

  function touch(field: ProfileFormField) {
    setTouched((previous) => (previous[field] ? previous : { ...previous, [field]: true }));
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (create.isPending) return;
    setSubmitted(true);
    const firstInvalid = FIELD_ORDER.find((field) => errors[field]);
    if (firstInvalid) {
      formRef.current?.querySelector<HTMLElement>(`[name="${firstInvalid}"]`)?.focus();
      return;
    }
    create.reset();
    create.mutate(toNewProfileInput(form));
  }

  const pending = create.isPending;

  return (
    <Modal
      labelledBy={titleId}
      describedBy={descriptionId}
      testId="create-profile-dialog"
      onCancel={onClose}
      canCancel={!pending}
    >
      <form ref={formRef} onSubmit={onSubmit} noValidate className="dialog-form">
        <h2 id={titleId} className="dialog-title">
          {t('createDialog.title')}
        </h2>
        <p id={descriptionId} className="dialog-description">
          {t('createDialog.description')}
        </p>

        <Field
          id={`${id}-name`}
          name="name"
          label={t('createDialog.name')}
          hint={t('createDialog.nameHint', { count: NAME_MAX_LENGTH })}
          error={visible('name')}
        >
          {(props) => (
            <input
              {...props}
              type="text"
              autoComplete="off"
              spellCheck={false}
              required
              aria-required="true"
              value={form.name}
              onChange={(e) => update('name', e.target.value)}
              onBlur={() => touch('name')}
            />
          )}
        </Field>

        <Field id={`${id}-cloud`} name="cloud" label={t('cloud.label')} error={visible('cloud')}>
          {(props) => (
            <select
              {...props}
              required
              aria-required="true"
              value={form.cloud}
              onChange={(e) => update('cloud', e.target.value)}
              onBlur={() => touch('cloud')}
            >
              {CLOUDS.map((cloud) => (
                <option key={cloud} value={cloud}>
                  {t(`cloud.${cloud}`)}
                </option>
              ))}
            </select>
          )}
        </Field>

        <Field
          id={`${id}-tenant`}
          name="tenant_id"
          label={t('createDialog.tenantId')}
          hint={t('createDialog.tenantIdHint')}
          error={visible('tenant_id')}
        >
          {(props) => (
            <input
              {...props}
              type="text"
              className="mono"
              autoComplete="off"
              spellCheck={false}
              value={form.tenant_id}
              onChange={(e) => update('tenant_id', e.target.value)}
              onBlur={() => touch('tenant_id')}
            />
          )}
        </Field>

        <Field
          id={`${id}-mpn`}
          name="mpn_id"
          label={t('createDialog.mpnId')}
          hint={t('createDialog.mpnIdHint')}
          error={visible('mpn_id')}
        >
          {(props) => (
            <input
              {...props}
              type="text"
              inputMode="numeric"
              autoComplete="off"
              spellCheck={false}
              value={form.mpn_id}
              onChange={(e) => update('mpn_id', e.target.value)}
              onBlur={() => touch('mpn_id')}
            />
          )}
        </Field>

        <Field id={`${id}-role`} name="role" label={t('role.label')} error={visible('role')}>
          {(props) => (
            <select
              {...props}
              value={form.role}
              onChange={(e) => update('role', e.target.value)}
              onBlur={() => touch('role')}
            >
              {PARTNER_ROLES.map((role) => (
                <option key={role} value={role}>
                  {t(`role.${role}`)}
                </option>
              ))}
            </select>
          )}
        </Field>

        <DialogError error={create.error} />

        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose} disabled={pending}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            className="button button-primary"
            data-testid="create-profile-submit"
            disabled={pending}
            aria-busy={pending || undefined}
          >
            {pending ? t('createDialog.submitting') : t('createDialog.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
