import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useFormatters } from '../format';
import type { CustomerPage, ProfileSummary } from '../generated/bindings';
import { queryKeys } from '../queryClient';
import { useDebouncedValue } from '../useDebouncedValue';
import { CloudBadge } from './CloudBadge';
import { CustomerDetail, type DetailOrigin } from './CustomerDetail';
import { FindingsView, NO_FILTER, type FindingFilter } from './FindingsView';
import { Missing } from './Missing';
import { rowActivation } from './rowActivation';

export const PAGE_SIZE = 200;
export const SEARCH_DEBOUNCE_MS = 200;

/** What goes to the back end: trimmed, NFC (so a composed and a decomposed "é" match), null if empty. */
export function toSearch(text: string): string | null {
  const value = text.normalize('NFC').trim();
  return value === '' ? null : value;
}

type Screen =
  | { kind: 'customers'; focusTenantId: string | null }
  | { kind: 'findings'; focusTenantId: string | null }
  | { kind: 'detail'; tenantId: string; name: string | null; origin: DetailOrigin };

/** What the customer list keeps while a customer is open, so Back finds it as it was. */
type SearchState = { text: string; settledText: string };

export function CustomersView({ profile, onBack }: { profile: ProfileSummary; onBack: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [screen, setScreen] = useState<Screen>({ kind: 'customers', focusTenantId: null });
  const [search, setSearch] = useState<SearchState>({ text: '', settledText: '' });
  const [findingFilter, setFindingFilter] = useState<FindingFilter>(NO_FILTER);

  const tab = screen.kind === 'detail' ? screen.origin : screen.kind;
  const openCustomer = (origin: DetailOrigin) => (tenantId: string, name: string | null) =>
    setScreen({ kind: 'detail', tenantId, name, origin });

  return (
    <section className="customers" data-testid="customers-view" aria-labelledby={`${id}-title`}>
      <div className="page-head">
        <div className="page-head-text">
          <button type="button" className="button button-quiet back-button" data-testid="back-to-profiles" onClick={onBack}>
            <span aria-hidden="true">←</span> {t('customers.back')}
          </button>
          <div className="customers-title-row">
            <h1 id={`${id}-title`} className="page-title" data-testid="customers-profile-name">
              {profile.name}
            </h1>
            <CloudBadge cloud={profile.cloud} />
          </div>
        </div>
        <nav className="view-tabs" aria-label={t('customers.tabsLabel')}>
          <button
            type="button"
            className="view-tab"
            data-testid="customers-tab"
            aria-current={tab === 'customers' ? 'page' : undefined}
            onClick={() => setScreen({ kind: 'customers', focusTenantId: null })}
          >
            {t('customers.tabs.customers')}
          </button>
          <button
            type="button"
            className="view-tab"
            data-testid="findings-tab"
            aria-current={tab === 'findings' ? 'page' : undefined}
            onClick={() => setScreen({ kind: 'findings', focusTenantId: null })}
          >
            {t('customers.tabs.findings')}
          </button>
        </nav>
      </div>

      {screen.kind === 'customers' && (
        <CustomerList
          profile={profile}
          search={search}
          onSearchChange={setSearch}
          focusTenantId={screen.focusTenantId}
          onOpen={openCustomer('customers')}
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

function CustomerList({
  profile,
  search: { text, settledText },
  onSearchChange,
  focusTenantId,
  onOpen,
}: {
  profile: ProfileSummary;
  search: SearchState;
  onSearchChange: (search: SearchState) => void;
  /** Coming back from a customer: its row gets focus instead of the search field. */
  focusTenantId: string | null;
  onOpen: (tenantId: string, name: string | null) => void;
}) {
  const { t } = useTranslation();
  const format = useFormatters();
  const id = useId();
  const searchRef = useRef<HTMLInputElement>(null);
  const tableRef = useRef<HTMLTableSectionElement>(null);

  // While an input method (Japanese, Chinese) is composing, the text is not final yet.
  const [composing, setComposing] = useState(false);
  const search = toSearch(useDebouncedValue(settledText, SEARCH_DEBOUNCE_MS));

  useEffect(() => {
    const row = focusTenantId
      ? [...(tableRef.current?.querySelectorAll<HTMLElement>('[data-testid="customer-row"]') ?? [])].find(
          (r) => r.dataset.tenantId === focusTenantId,
        )
      : undefined;
    (row ?? searchRef.current)?.focus();
    // Only on arrival; later renders leave focus alone.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const customers = useInfiniteQuery({
    queryKey: queryKeys.customers(profile.id, search),
    queryFn: ({ pageParam }) => api.listCustomers(profile.id, { search, limit: PAGE_SIZE, offset: pageParam }),
    initialPageParam: 0,
    getNextPageParam: (last: CustomerPage, pages: CustomerPage[]) => {
      const loaded = pages.reduce((sum, page) => sum + page.items.length, 0);
      return last.items.length > 0 && loaded < last.total ? loaded : undefined;
    },
    // Keep the old rows on screen while the next search runs.
    placeholderData: keepPreviousData,
  });

  const pages = customers.data?.pages ?? [];
  const rows = pages.flatMap((page) => page.items);
  const total = pages[pages.length - 1]?.total ?? 0;
  const loaded = customers.data !== undefined;
  const searching = customers.isFetching && !customers.isFetchingNextPage;

  const countId = `${id}-count`;

  return (
    <div className="customer-list">
      <div className="customers-toolbar">
        <div className="search-field">
          <label htmlFor={`${id}-search`}>{t('customers.searchLabel')}</label>
          <input
            ref={searchRef}
            id={`${id}-search`}
            type="search"
            data-testid="customer-search"
            placeholder={t('customers.searchPlaceholder')}
            autoComplete="off"
            spellCheck={false}
            aria-controls={`${id}-table`}
            aria-describedby={countId}
            value={text}
            onChange={(e) => {
              const value = e.target.value;
              onSearchChange({ text: value, settledText: composing ? settledText : value });
            }}
            onCompositionStart={() => setComposing(true)}
            onCompositionEnd={(e) => {
              setComposing(false);
              onSearchChange({ text: e.currentTarget.value, settledText: e.currentTarget.value });
            }}
          />
        </div>
        <p className="customer-count" id={countId} data-testid="customer-count" role="status" aria-live="polite">
          {loaded && (
            <>
              {t('customers.count', { count: total })}
              {rows.length < total && (
                <span className="muted"> · {t('customers.showingFirst', { count: rows.length })}</span>
              )}
            </>
          )}
          {searching && <span className="muted"> {t('customers.searching')}</span>}
        </p>
      </div>

      {customers.isPending && <p className="muted">{t('customers.loading')}</p>}

      {customers.isError && !loaded && (
        <div className="panel panel-problem">
          <p>{t('customers.loadFailed')}</p>
          <button type="button" className="button" onClick={() => void customers.refetch()}>
            {t('common.retry')}
          </button>
        </div>
      )}

      {loaded && total === 0 && search === null && (
        <div className="panel" data-testid="customers-empty">
          <h2 className="panel-title">{t('customers.empty.title')}</h2>
          <p>{t('customers.empty.body')}</p>
        </div>
      )}

      {loaded && total === 0 && search !== null && (
        <p className="panel" data-testid="customers-no-match">
          {t('customers.noMatches', { search })}
        </p>
      )}

      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" id={`${id}-table`} aria-describedby={countId} aria-busy={searching || undefined}>
            <caption className="visually-hidden">{t('customers.tableLabel', { name: profile.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('customers.columns.companyName')}</th>
                <th scope="col">{t('customers.columns.primaryDomain')}</th>
                <th scope="col">{t('customers.columns.tenantId')}</th>
                <th scope="col">{t('customers.columns.country')}</th>
                <th scope="col">{t('customers.columns.relationship')}</th>
                <th scope="col" className="num">
                  {t('customers.columns.partners')}
                </th>
                <th scope="col" className="num">
                  {t('customers.columns.subscriptions')}
                </th>
              </tr>
            </thead>
            <tbody ref={tableRef}>
              {rows.map((row) => (
                <tr
                  key={row.tenant_id}
                  data-testid="customer-row"
                  data-tenant-id={row.tenant_id}
                  className="row-link"
                  tabIndex={0}
                  title={t('customers.openCustomer')}
                  {...rowActivation(() => onOpen(row.tenant_id, row.company_name))}
                >
                  <th scope="row" className="cell-name">
                    {row.company_name}
                  </th>
                  <td className="cell-domain">{row.primary_domain ?? <Missing />}</td>
                  <td className="mono cell-tenant">{row.tenant_id}</td>
                  <td>
                    {row.country ? <span title={row.country}>{format.country(row.country)}</span> : <Missing />}
                  </td>
                  <td>{row.relationship}</td>
                  <td className="num">{format.number(row.partner_count)}</td>
                  <td className="num">{format.number(row.subscription_count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {customers.hasNextPage && (
        <div className="load-more">
          <button
            type="button"
            className="button"
            data-testid="load-more-customers"
            onClick={() => {
              if (!customers.isFetchingNextPage) void customers.fetchNextPage();
            }}
            aria-busy={customers.isFetchingNextPage || undefined}
          >
            {customers.isFetchingNextPage
              ? t('customers.loadingMore')
              : t('customers.loadMore', { count: Math.min(PAGE_SIZE, total - rows.length) })}
          </button>
        </div>
      )}
    </div>
  );
}
