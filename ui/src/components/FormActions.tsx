import { useTranslation } from 'react-i18next';
import type { ProfileSummary } from '../generated/bindings';

/** What a dialog that adds something to one customer is given. */
export type CustomerDialogProps = {
  profile: ProfileSummary;
  /** The customer's tenant id. */
  customer: string;
  onClose: () => void;
};

/**
 * The end of a form dialog: what the back end refused, then Cancel and the
 * submit button, both held while the request runs.
 */
export function FormActions({
  error,
  errorTestId,
  pending,
  onCancel,
  submitLabel,
  submitTestId,
}: {
  error: { message: string } | null;
  errorTestId: string;
  pending: boolean;
  onCancel: () => void;
  submitLabel: string;
  submitTestId: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      {error && (
        <p className="panel panel-problem" role="alert" data-testid={errorTestId}>
          {error.message}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel} disabled={pending}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button-primary" data-testid={submitTestId} disabled={pending}>
          {submitLabel}
        </button>
      </div>
    </>
  );
}
