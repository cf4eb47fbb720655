import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppFooter } from './components/AppFooter';
import { CustomersView } from './components/CustomersView';
import { ErrorBanners } from './components/ErrorBanners';
import { ErrorBoundary } from './components/ErrorBoundary';
import { Settings } from './components/Settings';
import { ProfilePicker } from './components/ProfilePicker';
import type { ProfileSummary } from './generated/bindings';

type View = { kind: 'picker'; focusProfileId: string | null } | { kind: 'customers'; profile: ProfileSummary };

export function App() {
  const { t } = useTranslation();
  const [view, setView] = useState<View>({ kind: 'picker', focusProfileId: null });

  return (
    <div className="app">
      <header className="app-header">
        <span className="app-name" data-testid="app-name">
          {t('app.name')}
        </span>
        <Settings />
      </header>
      <ErrorBanners />
      <main className="app-main">
        <ErrorBoundary key={view.kind === 'picker' ? 'picker' : view.profile.id}>
        {view.kind === 'picker' ? (
          <ProfilePicker
            focusProfileId={view.focusProfileId}
            onOpened={(profile) => setView({ kind: 'customers', profile })}
          />
        ) : (
          <CustomersView
            key={view.profile.id}
            profile={view.profile}
            onBack={() => setView({ kind: 'picker', focusProfileId: view.profile.id })}
          />
        )}
        </ErrorBoundary>
      </main>
      <AppFooter />
    </div>
  );
}
