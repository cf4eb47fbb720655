import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import type { DeletedProfile, ProfileList, ProfileSummary } from '../generated/bindings';
import { queryKeys } from '../queryClient';
import { CloudBadge } from './CloudBadge';
import { DialogError } from './ErrorMessage';
import { Modal } from './Modal';

export function DeleteProfileDialog({
  profile,
  onClose,
  onDeleted,
  getReturnFocus,
}: {
  profile: ProfileSummary;
  onClose: () => void;
  onDeleted: (deleted: DeletedProfile) => void;
  getReturnFocus?: () => HTMLElement | null;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const id = useId();
  const titleId = `${id}-title`;
  const descriptionId = `${id}-description`;
  // The safe choice gets focus; deleting takes an explicit click (or Tab then Enter).
  const cancelRef = useRef<HTMLButtonElement>(null);

  const remove = useMutation({
    mutationFn: () => api.deleteProfile(profile.id),
    meta: { inlineError: true },
    onSuccess: (deleted) => {
      // Drop the card now, so it is gone in the same render as the dialog.
      queryClient.setQueryData<ProfileList>(queryKeys.profiles, (list) =>
        list ? { ...list, profiles: list.profiles.filter((p) => p.id !== deleted.id) } : list,
      );
      queryClient.removeQueries({ queryKey: queryKeys.customersOf(deleted.id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.profiles });
      onDeleted(deleted);
    },
    onError: (error) => {
      // Someone else removed it already: the list is out of date.
      if (error.code === 'profile_not_found') void queryClient.invalidateQueries({ queryKey: queryKeys.profiles });
    },
  });

  const pending = remove.isPending;

  return (
    <Modal
      role="alertdialog"
      labelledBy={titleId}
      describedBy={descriptionId}
      testId="delete-profile-dialog"
      onCancel={onClose}
      canCancel={!pending}
      initialFocusRef={cancelRef}
      getReturnFocus={getReturnFocus}
    >
      <div className="dialog-form">
        <h2 id={titleId} className="dialog-title">
          {t('deleteDialog.title', { name: profile.name })}
        </h2>
        <div className="dialog-subject">
          <CloudBadge cloud={profile.cloud} />
        </div>
        <p id={descriptionId} className="dialog-description">
          {t('deleteDialog.body')}
        </p>

        <DialogError error={remove.error} />

        <div className="dialog-actions">
          <button
            type="button"
            className="button"
            ref={cancelRef}
            data-testid="cancel-delete"
            onClick={onClose}
            disabled={pending}
          >
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className="button button-danger"
            data-testid="confirm-delete"
            onClick={() => {
              remove.reset();
              remove.mutate();
            }}
            disabled={pending}
            aria-busy={pending || undefined}
          >
            {pending ? t('deleteDialog.deleting') : t('deleteDialog.confirm')}
          </button>
        </div>
      </div>
    </Modal>
  );
}
