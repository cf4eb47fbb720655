import { useTranslation } from 'react-i18next';
import { useErrorStore, useReportedErrors } from '../errors';
import { ErrorDetails } from './ErrorMessage';

/** Every failed call ends up here until the user dismisses it. */
export function ErrorBanners() {
  const { t } = useTranslation();
  const store = useErrorStore();
  const errors = useReportedErrors();
  if (errors.length === 0) return null;
  return (
    <section className="error-banners" aria-label={t('errors.region')}>
      {errors.map((error) => (
        <div key={error.id} className="banner banner-error" role="alert" data-testid="error-banner" data-code={error.code}>
          <ErrorDetails error={error} />
          <button
            type="button"
            className="button button-quiet"
            data-testid="dismiss-error"
            onClick={() => store.dismiss(error.id)}
          >
            {t('common.dismiss')}
          </button>
        </div>
      ))}
    </section>
  );
}
