import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

export const COPIED_MS = 2000;

/** Copies `text` to the clipboard, says so for a moment (and why not, if it failed). */
export function CopyButton({
  text,
  label,
  ariaLabel,
  testId,
  statusTestId = `${testId}-status`,
}: {
  text: string;
  label: string;
  ariaLabel?: string;
  testId: string;
  statusTestId?: string;
}) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), COPIED_MS);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };

  return (
    <>
      <button
        type="button"
        className="button button-small"
        data-testid={testId}
        aria-label={ariaLabel}
        onClick={() => void copy()}
      >
        {state === 'copied' ? t('detail.copied') : label}
      </button>
      <span className="copy-status" role="status" data-testid={statusTestId}>
        {state === 'copied' ? t('detail.copied') : state === 'failed' ? t('detail.copyFailed') : ''}
      </span>
    </>
  );
}
