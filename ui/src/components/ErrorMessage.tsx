import { useTranslation } from 'react-i18next';
import { isKnownErrorCode, type AppError } from '../api';

/** Translated headline for an error code; the back end's own message stays as it is. */
export function useErrorTitle() {
  const { t } = useTranslation();
  return (code: string) => (isKnownErrorCode(code) ? t(`errors.codes.${code}`) : t('errors.unknown'));
}

/** Title, message and code of an error, for banners and dialogs. */
export function ErrorDetails({ error }: { error: AppError }) {
  const { t } = useTranslation();
  const title = useErrorTitle();
  return (
    <div className="error-details">
      <p className="error-title">{title(error.code)}</p>
      <p className="error-message">{error.message}</p>
      <p className="error-code">
        {t('errors.code')} <code>{error.code}</code>
      </p>
    </div>
  );
}

/** An error shown inside a dialog (the banner is hidden behind it). */
export function DialogError({ error }: { error: AppError | null }) {
  if (!error) return null;
  return (
    <div className="dialog-error" role="alert" data-testid="dialog-error">
      <ErrorDetails error={error} />
    </div>
  );
}
