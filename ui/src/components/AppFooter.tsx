import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { queryKeys } from '../queryClient';

export function AppFooter() {
  const { t } = useTranslation();
  const info = useQuery({ queryKey: queryKeys.appInfo, queryFn: api.appInfo, staleTime: Infinity });
  if (!info.data) return null;
  return (
    <footer className="app-footer" data-testid="app-footer">
      <span>{t('app.version', { version: info.data.version })}</span>
      <span className="app-footer-path">
        {t('app.dataDir')} <code className="path">{info.data.data_dir}</code>
      </span>
    </footer>
  );
}
