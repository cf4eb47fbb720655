import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProfileSummary } from '../generated/bindings';
import { useFormatters } from '../format';
import { CloudBadge } from './CloudBadge';

export function ProfileCard({
  profile,
  opening,
  onOpen,
  onRename,
  onDelete,
  onBackups,
}: {
  profile: ProfileSummary;
  opening: boolean;
  onOpen: () => void;
  onRename: () => void;
  onDelete: () => void;
  onBackups: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormatters();
  const nameId = useId();

  return (
    <li
      className={`profile-card cloud-accent-${profile.cloud}`}
      data-testid="profile-card"
      data-profile-id={profile.id}
      data-cloud={profile.cloud}
      aria-labelledby={nameId}
    >
      <div className="profile-card-head">
        <h2 className="profile-name" id={nameId} data-testid="profile-name">
          {profile.name}
        </h2>
        <CloudBadge cloud={profile.cloud} />
      </div>

      <dl className="profile-facts">
        <div>
          <dt>{t('role.label')}</dt>
          <dd data-testid="profile-role">{t(`role.${profile.role}`)}</dd>
        </div>
        <div>
          <dt>{t('card.customers')}</dt>
          <dd className="num" data-testid="profile-customer-count">
            {format.number(profile.customer_count)}
          </dd>
        </div>
        <div>
          <dt>{t('card.subscriptions')}</dt>
          <dd className="num" data-testid="profile-subscription-count">
            {format.number(profile.subscription_count)}
          </dd>
        </div>
        <div>
          <dt>{t('card.lastImport')}</dt>
          <dd data-testid="profile-last-import">
            {profile.last_import_at ? (
              <time dateTime={profile.last_import_at}>{format.dateTime(profile.last_import_at)}</time>
            ) : (
              t('card.never')
            )}
          </dd>
        </div>
        {profile.tenant_id && (
          <div className="profile-fact-wide">
            <dt>{t('card.tenantId')}</dt>
            <dd className="mono">{profile.tenant_id}</dd>
          </div>
        )}
        {profile.mpn_id && (
          <div>
            <dt>{t('card.mpnId')}</dt>
            <dd className="mono">{profile.mpn_id}</dd>
          </div>
        )}
      </dl>

      <div className="profile-card-actions">
        <button
          type="button"
          className="button button-primary"
          data-testid="open-profile"
          aria-describedby={nameId}
          aria-busy={opening || undefined}
          onClick={onOpen}
        >
          {opening ? t('card.opening') : t('card.open')}
        </button>
        <button
          type="button"
          className="button"
          data-testid="rename-profile"
          aria-describedby={nameId}
          onClick={onRename}
        >
          {t('card.rename')}
        </button>
        <button
          type="button"
          className="button"
          data-testid="profile-backups"
          aria-describedby={nameId}
          onClick={onBackups}
        >
          {t('backups.open')}
        </button>
        <button
          type="button"
          className="button button-danger-quiet"
          data-testid="delete-profile"
          aria-describedby={nameId}
          onClick={onDelete}
        >
          {t('card.delete')}
        </button>
      </div>
    </li>
  );
}
