import type { ReactNode, Ref } from 'react';
import { useTranslation } from 'react-i18next';

/** A success message with a dismiss button. Focusable so a dialog can hand focus to it. */
export function Notice({ children, onDismiss, ref }: { children: ReactNode; onDismiss: () => void; ref?: Ref<HTMLDivElement> }) {
  const { t } = useTranslation();
  return (
    <div className="banner banner-notice" data-testid="notice" tabIndex={-1} ref={ref}>
      <div className="banner-body">{children}</div>
      <button type="button" className="button button-quiet" onClick={onDismiss}>
        {t('common.dismiss')}
      </button>
    </div>
  );
}
