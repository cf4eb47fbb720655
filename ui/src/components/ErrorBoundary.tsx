import { Component, type ReactNode } from 'react';
import { Translation } from 'react-i18next';
import { normalizeError, type AppError } from '../api';
import { ErrorDetails } from './ErrorMessage';

/** A render error replaces the screen with its details instead of a blank window. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: AppError | null }> {
  override state: { error: AppError | null } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error: normalizeError(error) };
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <Translation>
        {(t) => (
          <div className="banner banner-error crash" role="alert" data-testid="error-banner">
            <p className="error-title">{t('errors.crashTitle')}</p>
            <ErrorDetails error={error} />
            <button type="button" className="button" onClick={() => window.location.reload()}>
              {t('errors.reload')}
            </button>
          </div>
        )}
      </Translation>
    );
  }
}
