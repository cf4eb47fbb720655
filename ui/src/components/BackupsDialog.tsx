import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useFormatters } from '../format';
import { queryKeys } from '../queryClient';
import { Modal } from './Modal';

/**
 * The automatic backups of one profile (taken before every import and
 * migration), newest first, each restorable. Works for a profile whose file
 * no longer opens.
 */
export function BackupsDialog({ profileId, name, onClose }: { profileId: string; name: string; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const id = useId();
  const client = useQueryClient();
  const backups = useQuery({ queryKey: ['backups', profileId], queryFn: () => api.listBackups(profileId) });
  const restore = useMutation({
    mutationFn: (backup: string) => api.restoreBackup(profileId, backup),
    meta: { inlineError: true },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: queryKeys.profiles });
      void client.invalidateQueries({ queryKey: ['backups', profileId] });
      void client.invalidateQueries({ queryKey: ['customers', profileId] });
    },
  });
  const list = backups.data ?? [];
  return (
    <Modal labelledBy={`${id}-title`} testId="backups-dialog" onCancel={onClose} canCancel={!restore.isPending}>
      <h2 id={`${id}-title`} className="dialog-title">
        {t('backups.title', { name })}
      </h2>
      <p className="muted">{t('backups.intro')}</p>
      {backups.isSuccess && list.length === 0 && <p data-testid="backups-empty">{t('backups.empty')}</p>}
      {list.length > 0 && (
        <ul className="backup-list">
          {list.map((backup) => (
            <li key={backup.id} data-testid="backup" data-backup-id={backup.id}>
              <span>
                {format.dateTime(backup.created_at)} · {t(`backups.reasons.${backup.reason}`)} ·{' '}
                {t('backups.size', { size: format.number(Math.max(1, Math.round(backup.bytes / 1024))) })}
              </span>
              <button
                type="button"
                className="button button-small"
                data-testid="restore-backup"
                disabled={restore.isPending}
                onClick={() => restore.mutate(backup.id)}
              >
                {t('backups.restore')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {restore.isError && (
        <p className="panel panel-problem" role="alert">
          {restore.error.message}
        </p>
      )}
      {restore.isSuccess && (
        <p role="status" data-testid="backup-restored">
          {t('backups.restored', { date: format.dateTime(restore.data.restored.created_at) })}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose} disabled={restore.isPending}>
          {t('common.close')}
        </button>
      </div>
    </Modal>
  );
}
