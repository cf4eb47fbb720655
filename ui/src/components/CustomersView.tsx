import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useFormatters } from '../format';
import type { CustomerPage, ProfileSummary } from '../generated/bindings';
import { queryKeys } from '../queryClient';
import { useDebouncedValue } from '../useDebouncedValue';
import { CloudBadge } from './CloudBadge';

export const PAGE_SIZE = 200;
export const SEARCH_DEBOUNCE_MS = 200;

/** What goes to the back end: trimmed, NFC (so a composed and a decomposed "é" match), null if empty. */
export function toSearch(text: string): string | null {
  const value = text.normalize('NFC').trim();
  return value === '' ? null : value;
}

export function CustomersView({ profile, onBack }: { profile: ProfileSummary; onBack: () => void }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const id = useId();
  const searchRef = useRef<HTMLInputElement>(null);

  const [text, setText] = useState('');
  // While an input method (Japanese, Chinese) is composing, the text is not final yet.
  const [composing, setComposing] = useState(false);
  const [settledText, setSettledText] = useState('');
  const search = toSearch(useDebouncedValue(settledText, SEARCH_DEBOUNCE_MS));

  useEffect(() => {
    searchRef.current?.focus();
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
      </div>

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
              setText(e.target.value);
              if (!composing) setSettledText(e.target.value);
            }}
            onCompositionStart={() => setComposing(true)}
            onCompositionEnd={(e) => {
              setComposing(false);
              setSettledText(e.currentTarget.value);
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
            <tbody>
              {rows.map((row) => (
                <tr key={row.tenant_id} data-testid="customer-row" data-tenant-id={row.tenant_id}>
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
    </section>
  );
}

function Missing() {
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
