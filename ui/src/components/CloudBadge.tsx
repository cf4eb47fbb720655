import { useTranslation } from 'react-i18next';
import type { Cloud } from '../generated/bindings';

export function CloudBadge({ cloud }: { cloud: Cloud }) {
  const { t } = useTranslation();
  return (
    <span className={`cloud-badge cloud-${cloud}`} data-testid="cloud-badge" data-cloud={cloud}>
      <span className="cloud-badge-dot" aria-hidden="true" />
      {t(`cloud.${cloud}`)}
    </span>
  );
}
