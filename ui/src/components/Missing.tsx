import { useTranslation } from 'react-i18next';

/** An empty value: a dash on screen, "Not set" for screen readers. */
export function Missing() {
  const { t } = useTranslation();
  return (
    <>
      <span className="muted" aria-hidden="true">
        —
      </span>
      <span className="visually-hidden">{t('customers.notSet')}</span>
    </>
  );
}
