import { useEffect, useEffectEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProfileSummary } from '../generated/bindings';
import { CloudBadge } from './CloudBadge';
import { CustomerDetail, type DetailOrigin } from './CustomerDetail';
import { CustomerTable, INITIAL_TABLE_STATE, type TableState } from './CustomerTable';
import { FindingsView, NO_FILTER, type FindingFilter } from './FindingsView';
import { ImportView } from './ImportView';
import { PartnerNetwork } from './PartnerNetwork';
import { RequestComposer } from './RequestComposer';
import { WorkflowList } from './Workflows';

export { PAGE_SIZE, SEARCH_DEBOUNCE_MS, toSearch } from './CustomerTable';

type Tab = 'customers' | 'findings' | 'workflows' | 'network' | 'import';

type Screen =
  | { kind: Exclude<Tab, 'findings' | 'customers'> }
  | { kind: 'customers'; focusTenantId: string | null }
  | { kind: 'findings'; focusTenantId: string | null }
  | { kind: 'detail'; tenantId: string; name: string | null; origin: DetailOrigin };

const TABS: Tab[] = ['customers', 'findings', 'workflows', 'network', 'import'];

/** Shortcut keys (with Ctrl, or ⌘ on macOS), shown in the tabs' titles. */
export const SHORTCUTS = { search: 'f', import: 'i', profiles: 'p', findings: 'g' } as const;

export function CustomersView({ profile, onBack }: { profile: ProfileSummary; onBack: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [screen, setScreen] = useState<Screen>({ kind: 'customers', focusTenantId: null });
  const [table, setTable] = useState<TableState>(INITIAL_TABLE_STATE);
  const [findingFilter, setFindingFilter] = useState<FindingFilter>(NO_FILTER);
  const searchRef = useRef<HTMLInputElement>(null);
  const tableScroll = useRef(0);
  const [composing, setComposing] = useState(false);

  const tab: Tab = screen.kind === 'detail' ? screen.origin : screen.kind;
  const openCustomer = (origin: DetailOrigin) => (tenantId: string, name: string | null) =>
    setScreen({ kind: 'detail', tenantId, name, origin });
  const showTab = (next: Tab) =>
    setScreen(next === 'customers' || next === 'findings' ? { kind: next, focusTenantId: null } : { kind: next });

  const onShortcut = useEffectEvent((event: KeyboardEvent) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.isComposing) return;
    const key = event.key.toLowerCase();
    if (key === SHORTCUTS.search) {
      event.preventDefault();
      if (screen.kind !== 'customers') showTab('customers');
      requestAnimationFrame(() => searchRef.current?.focus());
    } else if (key === SHORTCUTS.import) {
      event.preventDefault();
      showTab('import');
    } else if (key === SHORTCUTS.findings) {
      event.preventDefault();
      showTab('findings');
    } else if (key === SHORTCUTS.profiles) {
      event.preventDefault();
      onBack();
    }
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onShortcut(event);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);

  const shortcutOf: Partial<Record<Tab, string>> = {
    customers: SHORTCUTS.search.toUpperCase(),
    findings: SHORTCUTS.findings.toUpperCase(),
    import: SHORTCUTS.import.toUpperCase(),
  };

  return (
    <section className="customers" data-testid="customers-view" aria-labelledby={`${id}-title`}>
      <div className="page-head">
        <div className="page-head-text">
          <button
            type="button"
            className="button button-quiet back-button"
            data-testid="back-to-profiles"
            aria-keyshortcuts="Control+P"
            title={t('customers.shortcut', { key: `Ctrl+${SHORTCUTS.profiles.toUpperCase()}` })}
            onClick={onBack}
          >
            <span aria-hidden="true">←</span> {t('customers.back')}
          </button>
          <div className="customers-title-row">
            <h1 id={`${id}-title`} className="page-title" data-testid="customers-profile-name">
              {profile.name}
            </h1>
            <CloudBadge cloud={profile.cloud} />
            <button
              type="button"
              className="button button-small"
              data-testid="open-composer-profile"
              onClick={() => setComposing(true)}
            >
              {t('composer.open')}
            </button>
          </div>
        </div>
        <nav className="view-tabs" aria-label={t('customers.tabsLabel')}>
          {TABS.map((name) => (
            <button
              key={name}
              type="button"
              className="view-tab"
              data-testid={`${name}-tab`}
              aria-current={tab === name ? 'page' : undefined}
              aria-keyshortcuts={shortcutOf[name] ? `Control+${shortcutOf[name]}` : undefined}
              title={shortcutOf[name] ? t('customers.shortcut', { key: `Ctrl+${shortcutOf[name]}` }) : undefined}
              onClick={() => showTab(name)}
            >
              {t(`customers.tabs.${name}`)}
            </button>
          ))}
        </nav>
      </div>

      {screen.kind === 'customers' && (
        <CustomerTable
          profile={profile}
          state={table}
          onStateChange={setTable}
          focusTenantId={screen.focusTenantId}
          onOpen={openCustomer('customers')}
          onImport={() => showTab('import')}
          searchRef={searchRef}
          scrollMemory={tableScroll}
        />
      )}
      {screen.kind === 'findings' && (
        <FindingsView
          profile={profile}
          filter={findingFilter}
          onFilterChange={setFindingFilter}
          focusTenantId={screen.focusTenantId}
          onOpenCustomer={openCustomer('findings')}
        />
      )}
      {screen.kind === 'workflows' && (
        <section className="workflows-view" data-testid="workflows-view" aria-label={t('customers.tabs.workflows')}>
          <WorkflowList profile={profile} customer={null} />
        </section>
      )}
      {screen.kind === 'network' && <PartnerNetwork profile={profile} />}
      {screen.kind === 'import' && <ImportView profile={profile} />}
      {composing && (
        <RequestComposer profile={profile} customer={null} customerName={null} onClose={() => setComposing(false)} />
      )}
      {screen.kind === 'detail' && (
        <CustomerDetail
          key={screen.tenantId}
          profile={profile}
          tenantId={screen.tenantId}
          knownName={screen.name}
          origin={screen.origin}
          onBack={() => setScreen({ kind: screen.origin, focusTenantId: screen.tenantId })}
        />
      )}
    </section>
  );
}
