import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import type { ProfileSummary } from '../generated/bindings';
import { queryKeys } from '../queryClient';
import { NAME_MAX_LENGTH, validateName, type FieldError } from '../validation';
import { DialogError } from './ErrorMessage';
import { Field } from './Field';
import { Modal } from './Modal';

export function RenameProfileDialog({
  profile,
  onClose,
  onRenamed,
}: {
  profile: ProfileSummary;
  onClose: () => void;
  onRenamed: (profile: ProfileSummary) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const id = useId();
  const titleId = `${id}-title`;
  const descriptionId = `${id}-description`;
  const inputRef = useRef<HTMLInputElement>(null);

  const [name, setName] = useState(profile.name);
  const [showErrors, setShowErrors] = useState(false);
  const [takenName, setTakenName] = useState<string | null>(null);

  const rename = useMutation({
    mutationFn: (newName: string) => api.renameProfile(profile.id, newName),
    meta: { inlineError: true },
    onSuccess: async (renamed) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.profiles });
      onRenamed(renamed);
    },
    onError: (error, newName) => {
      if (error.code === 'duplicate_name') setTakenName(newName);
      if (error.code === 'profile_not_found') void queryClient.invalidateQueries({ queryKey: queryKeys.profiles });
    },
  });

  let error: FieldError | undefined = validateName(name);
  if (!error && takenName !== null && name.trim() === takenName) error = { key: 'validation.nameTaken' };

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (rename.isPending) return;
    setShowErrors(true);
    if (error) {
      inputRef.current?.focus();
      return;
    }
    const trimmed = name.trim();
    if (trimmed === profile.name) {
      onClose(); // nothing to do
      return;
    }
    rename.reset();
    rename.mutate(trimmed);
  }

  const pending = rename.isPending;

  return (
    <Modal
      labelledBy={titleId}
      describedBy={descriptionId}
      testId="rename-profile-dialog"
      onCancel={onClose}
      canCancel={!pending}
      initialFocusRef={inputRef}
    >
      <form onSubmit={onSubmit} noValidate className="dialog-form">
        <h2 id={titleId} className="dialog-title">
          {t('renameDialog.title')}
        </h2>
        <p id={descriptionId} className="dialog-description">
          {t('renameDialog.description', { name: profile.name })}
        </p>
        <Field
          id={`${id}-name`}
          name="name"
          label={t('createDialog.name')}
          hint={t('createDialog.nameHint', { count: NAME_MAX_LENGTH })}
          error={showErrors ? error : undefined}
        >
          {(props) => (
            <input
              {...props}
              ref={inputRef}
              type="text"
              autoComplete="off"
              spellCheck={false}
              required
              aria-required="true"
              value={name}
              onChange={(e) => setName(e.target.value)}
              onBlur={() => setShowErrors(true)}
              onFocus={(e) => e.currentTarget.select()}
            />
          )}
        </Field>

        <DialogError error={rename.error} />

        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose} disabled={pending}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            className="button button-primary"
            data-testid="rename-profile-submit"
            disabled={pending}
            aria-busy={pending || undefined}
          >
            {pending ? t('renameDialog.submitting') : t('renameDialog.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
