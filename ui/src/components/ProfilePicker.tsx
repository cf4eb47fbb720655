import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import type { ProfileSummary } from '../generated/bindings';
import { queryKeys } from '../queryClient';
import { BackupsDialog } from './BackupsDialog';
import { CreateProfileDialog } from './CreateProfileDialog';
import { DeleteProfileDialog } from './DeleteProfileDialog';
import { useErrorTitle } from './ErrorMessage';
import { Notice } from './Notice';
import { ProfileCard } from './ProfileCard';
import { RenameProfileDialog } from './RenameProfileDialog';

type NoticeState =
  | { kind: 'created' | 'renamed'; name: string }
  | { kind: 'deleted'; name: string; backupPath: string }
  | { kind: 'demo'; count: number };

type DialogState =
  | { kind: 'none' }
  | { kind: 'create' }
  | { kind: 'rename'; profile: ProfileSummary }
  | { kind: 'delete'; profile: ProfileSummary };

export function ProfilePicker({
  onOpened,
  focusProfileId,
}: {
  onOpened: (profile: ProfileSummary) => void;
  /** After coming back from a profile, its Open button gets focus. */
  focusProfileId?: string | null;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<DialogState>({ kind: 'none' });
  const [notice, setNotice] = useState<NoticeState | null>(null);
  const errorTitle = useErrorTitle();
  const [backupsOf, setBackupsOf] = useState<{ id: string; name: string } | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focusNoticeOnClose = useRef(false);

  const profiles = useQuery({ queryKey: queryKeys.profiles, queryFn: api.listProfiles });

  const demo = useMutation({
    mutationFn: api.createDemoProfiles,
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.profiles });
      setNotice({ kind: 'demo', count: created.length });
    },
  });

  const open = useMutation({
    mutationFn: api.openProfile,
    onSuccess: (profile) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.profiles });
      onOpened(profile);
    },
    onError: (error) => {
      if (error.code === 'profile_not_found') void queryClient.invalidateQueries({ queryKey: queryKeys.profiles });
    },
  });

  const hasData = profiles.data !== undefined;
  useEffect(() => {
    if (!focusProfileId || !hasData) return;
    const cards = listRef.current?.querySelectorAll<HTMLElement>('[data-testid="profile-card"]') ?? [];
    const card = Array.from(cards).find((el) => el.dataset.profileId === focusProfileId);
    card?.querySelector<HTMLElement>('[data-testid="open-profile"]')?.focus();
  }, [focusProfileId, hasData]);

  const closeDialog = () => setDialog({ kind: 'none' });

  const createDemo = () => {
    if (!demo.isPending) demo.mutate();
  };
  const demoBusy = demo.isPending;

  const list = profiles.data;
  const isEmpty = list !== undefined && list.profiles.length === 0;

  return (
    <section className="picker" data-testid="profile-picker" aria-labelledby="picker-title">
      <div className="page-head">
        <div className="page-head-text">
          <h1 id="picker-title" className="page-title" ref={headingRef} tabIndex={-1}>
            {t('picker.title')}
          </h1>
          <p className="page-intro">{t('picker.intro')}</p>
        </div>
        <div className="toolbar" role="toolbar" aria-label={t('picker.actions')}>
          <button
            type="button"
            className="button button-primary"
            data-testid="new-profile"
            onClick={() => setDialog({ kind: 'create' })}
          >
            {t('picker.newProfile')}
          </button>
          <button
            type="button"
            className="button"
            data-testid="create-demo-profiles"
            onClick={createDemo}
            disabled={demoBusy}
            aria-busy={demoBusy}
          >
            {demoBusy ? t('picker.creatingDemo') : t('picker.createDemo')}
          </button>
        </div>
      </div>

      <div className="notices" role="status" aria-live="polite">
        {notice && (
          <Notice ref={noticeRef} onDismiss={() => setNotice(null)}>
            <NoticeText notice={notice} />
          </Notice>
        )}
      </div>

      {profiles.isPending && (
        <p className="muted" role="status">
          {t('picker.loading')}
        </p>
      )}

      {profiles.isError && !list && (
        <div className="panel panel-problem">
          <p>{t('picker.loadFailed')}</p>
          <button type="button" className="button" onClick={() => void profiles.refetch()}>
            {t('common.retry')}
          </button>
        </div>
      )}

      {isEmpty && (
        <div className="panel first-launch" data-testid="first-launch">
          <h2 className="panel-title">{t('firstLaunch.title')}</h2>
          <p>{t('firstLaunch.body')}</p>
          <p>{t('firstLaunch.demoHint')}</p>
          <div className="panel-actions">
            <button
              type="button"
              className="button button-primary"
              data-testid="empty-create-demo-profiles"
              onClick={createDemo}
              disabled={demoBusy}
              aria-busy={demoBusy}
            >
              {demoBusy ? t('picker.creatingDemo') : t('firstLaunch.createDemo')}
            </button>
            <button
              type="button"
              className="button"
              data-testid="empty-new-profile"
              onClick={() => setDialog({ kind: 'create' })}
            >
              {t('picker.newProfile')}
            </button>
          </div>
        </div>
      )}

      {list && list.profiles.length > 0 && (
        <ul className="profile-grid" ref={listRef} aria-label={t('picker.listLabel')}>
          {list.profiles.map((profile) => (
            <ProfileCard
              key={profile.id}
              profile={profile}
              opening={open.isPending && open.variables === profile.id}
              onOpen={() => {
                if (!open.isPending) open.mutate(profile.id);
              }}
              onRename={() => setDialog({ kind: 'rename', profile })}
              onBackups={() => setBackupsOf({ id: profile.id, name: profile.name })}
              onDelete={() => {
                focusNoticeOnClose.current = false;
                setDialog({ kind: 'delete', profile });
              }}
            />
          ))}
        </ul>
      )}

      {list && list.unreadable.length > 0 && (
        <section className="unreadable" data-testid="unreadable-profiles" aria-labelledby="unreadable-title">
          <h2 id="unreadable-title" className="section-title">
            {t('picker.unreadableTitle')}
          </h2>
          <p className="muted">{t('picker.unreadableHint')}</p>
          <ul className="unreadable-list">
            {list.unreadable.map((item) => (
              <li key={item.file} className="unreadable-item" data-testid="unreadable-profile">
                <p className="unreadable-title">{errorTitle(item.code)}</p>
                <p className="mono unreadable-file">{item.file}</p>
                <p>{item.message}</p>
                <p className="error-code">
                  {t('errors.code')} <code>{item.code}</code>
                </p>
                <button
                  type="button"
                  className="button button-small"
                  data-testid="open-backups"
                  onClick={() => setBackupsOf({ id: item.id, name: item.file })}
                >
                  {t('backups.open')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}

      {backupsOf && (
        <BackupsDialog profileId={backupsOf.id} name={backupsOf.name} onClose={() => setBackupsOf(null)} />
      )}
      {dialog.kind === 'create' && (
        <CreateProfileDialog
          onClose={closeDialog}
          onCreated={(profile) => {
            closeDialog();
            setNotice({ kind: 'created', name: profile.name });
          }}
        />
      )}
      {dialog.kind === 'rename' && (
        <RenameProfileDialog
          profile={dialog.profile}
          onClose={closeDialog}
          onRenamed={(profile) => {
            closeDialog();
            setNotice({ kind: 'renamed', name: profile.name });
          }}
        />
      )}
      {dialog.kind === 'delete' && (
        <DeleteProfileDialog
          profile={dialog.profile}
          onClose={closeDialog}
          getReturnFocus={() => (focusNoticeOnClose.current ? (noticeRef.current ?? headingRef.current) : null)}
          onDeleted={(deleted) => {
            // The card (and its Delete button) is gone: the notice takes focus instead.
            focusNoticeOnClose.current = true;
            closeDialog();
            setNotice({ kind: 'deleted', name: deleted.name, backupPath: deleted.backup_path });
          }}
        />
      )}
    </section>
  );
}

function NoticeText({ notice }: { notice: NoticeState }) {
  const { t } = useTranslation();
  switch (notice.kind) {
    case 'created':
      return t('createDialog.created', { name: notice.name });
    case 'renamed':
      return t('renameDialog.renamed', { name: notice.name });
    case 'demo':
      return t('picker.demoCreated', { count: notice.count });
    case 'deleted':
      return (
        <>
          {t('deleteDialog.deleted', { name: notice.name })}{' '}
          <code className="path" data-testid="backup-path">
            {notice.backupPath}
          </code>
        </>
      );
  }
}
