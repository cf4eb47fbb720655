import { keepPreviousData, useMutation, useQueries, useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useFormatters } from '../format';
import type {
  CustomerColumn,
  CustomerFilter,
  CustomerPage,
  CustomerRow,
  CustomerSort,
  ExportFormat,
  ProfileSummary,
} from '../generated/bindings';
import { queryKeys } from '../queryClient';
import { useDebouncedValue } from '../useDebouncedValue';
import { Missing } from './Missing';
import { rowActivation } from './rowActivation';

export const PAGE_SIZE = 200;
export const SEARCH_DEBOUNCE_MS = 200;
/** Every row has this height (CSS keeps it), so the scroll bar is exact at 200,000 rows. */
export const ROW_HEIGHT = 36;
const COLUMNS_STORAGE_KEY = 'partner-desk.customer-columns';

/** What goes to the back end: trimmed, NFC (so a composed and a decomposed "é" match), null if empty. */
export function toSearch(text: string): string | null {
  const value = text.normalize('NFC').trim();
  return value === '' ? null : value;
}

/** The table's columns in order; the company name is always shown. */
export const TABLE_COLUMNS: { id: CustomerColumn; sort: CustomerSort | null; numeric?: boolean }[] = [
  { id: 'company_name', sort: 'name' },
  { id: 'primary_domain', sort: 'domain' },
  { id: 'tenant_id', sort: 'tenant_id' },
  { id: 'country', sort: 'country' },
  { id: 'relationship', sort: 'relationship' },
  { id: 'delegated_admin', sort: null },
  { id: 'reseller', sort: 'reseller' },
  { id: 'partners', sort: 'partners', numeric: true },
  { id: 'subscriptions', sort: 'subscriptions', numeric: true },
  { id: 'tags', sort: null },
];

const DEFAULT_COLUMNS: CustomerColumn[] = [
  'company_name',
  'primary_domain',
  'tenant_id',
  'country',
  'relationship',
  'partners',
  'subscriptions',
];

function loadColumns(): CustomerColumn[] {
  try {
    const saved: unknown = JSON.parse(globalThis.localStorage?.getItem(COLUMNS_STORAGE_KEY) ?? 'null');
    if (Array.isArray(saved)) {
      const known = saved.filter((c): c is CustomerColumn => TABLE_COLUMNS.some((col) => col.id === c));
      if (known.length > 0) return known.includes('company_name') ? known : ['company_name', ...known];
    }
  } catch {
    // A damaged setting falls back to the default columns.
  }
  return DEFAULT_COLUMNS;
}

/** What the list keeps while a customer is open, so Back finds it as it was. */
export type TableState = {
  text: string;
  settledText: string;
  filter: Omit<CustomerFilter, 'search'>;
  sort: CustomerSort;
  descending: boolean;
};

export const INITIAL_TABLE_STATE: TableState = {
  text: '',
  settledText: '',
  filter: {
    relationship: null,
    delegated_admin: null,
    partner: null,
    reseller: null,
    channel: null,
    tag: null,
    has_findings: null,
  },
  sort: 'name',
  descending: false,
};

export function CustomerTable({
  profile,
  state,
  onStateChange,
  focusTenantId,
  onOpen,
  onImport,
  searchRef,
  scrollMemory,
}: {
  profile: ProfileSummary;
  state: TableState;
  onStateChange: (update: (state: TableState) => TableState) => void;
  /** Coming back from a customer: its row gets focus instead of the search field. */
  focusTenantId: string | null;
  onOpen: (tenantId: string, name: string | null) => void;
  onImport: () => void;
  searchRef: React.RefObject<HTMLInputElement | null>;
  /** Where the table was scrolled, kept while a customer is open (a ref: a scroll must not re-render the view). */
  scrollMemory: React.RefObject<number>;
}) {
  const { t } = useTranslation();
  const id = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [columns, setColumns] = useState<CustomerColumn[]>(loadColumns);
  const [composing, setComposing] = useState(false);
  const search = toSearch(useDebouncedValue(state.settledText, SEARCH_DEBOUNCE_MS));
  const query = { ...state.filter, search, sort: state.sort, descending: state.descending };

  // Another search, filter or order starts at the top of its results.
  const queryText = JSON.stringify(query);
  const shownQuery = useRef(queryText);
  useEffect(() => {
    if (shownQuery.current === queryText) return;
    shownQuery.current = queryText;
    scrollMemory.current = 0;
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [queryText, scrollMemory]);

  const first = useQuery({
    queryKey: [...queryKeys.customers(profile.id, query), 0],
    queryFn: () => api.listCustomers(profile.id, { ...query, limit: PAGE_SIZE, offset: 0 }),
    // Keep the old rows on screen while the next search runs.
    placeholderData: keepPreviousData,
  });
  const total = first.data?.total ?? 0;

  // The virtualizer's functions change with every scroll; this component is
  // left unmemoized on purpose (it re-renders on scroll anyway).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialOffset: scrollMemory.current,
    // Before the first layout (and in tests, which have none) assume a window-sized viewport.
    initialRect: { width: 1200, height: 720 },
  });
  const items = virtualizer.getVirtualItems();
  const pageNumbers = [...new Set(items.map((item) => Math.floor(item.index / PAGE_SIZE)))];
  const pages = useQueries({
    queries: pageNumbers.map((page) => ({
      queryKey: [...queryKeys.customers(profile.id, query), page],
      queryFn: () => api.listCustomers(profile.id, { ...query, limit: PAGE_SIZE, offset: page * PAGE_SIZE }),
      // Pages scrolled past are dropped soon: scrolling 200,000 rows must not
      // keep them all in memory.
      gcTime: 15_000,
    })),
  });
  const loadedPages = new Map<number, CustomerPage>();
  pageNumbers.forEach((page, i) => {
    const data = pages[i]?.data ?? (page === 0 ? first.data : undefined);
    if (data) loadedPages.set(page, data);
  });
  const rowAt = (index: number): CustomerRow | undefined =>
    loadedPages.get(Math.floor(index / PAGE_SIZE))?.items[index % PAGE_SIZE];

  // Coming back from a customer, its row takes focus once it is rendered
  // (the rows arrive after the first render); otherwise the search field.
  const pendingFocus = useRef<string | null>(focusTenantId);
  useEffect(() => {
    if (pendingFocus.current === null || first.data === undefined) return;
    const rows = scrollRef.current?.querySelectorAll<HTMLElement>('[data-testid="customer-row"]') ?? [];
    const row = [...rows].find((r) => r.dataset.tenantId === pendingFocus.current);
    if (row || first.data.items.length === 0 || rows.length > 0) {
      (row ?? searchRef.current)?.focus();
      pendingFocus.current = null;
    }
  });
  useEffect(() => {
    if (!focusTenantId) searchRef.current?.focus();
    // Only on arrival; later renders leave focus alone.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const setColumnsAndSave = (next: CustomerColumn[]) => {
    setColumns(next);
    try {
      globalThis.localStorage?.setItem(COLUMNS_STORAGE_KEY, JSON.stringify(next));
    } catch {
      // Not saved; the choice still holds for this session.
    }
  };

  const moveFocus = (event: KeyboardEvent<HTMLElement>, index: number) => {
    const step = { ArrowDown: 1, ArrowUp: -1, PageDown: 15, PageUp: -15, Home: -total, End: total }[event.key];
    if (step === undefined || event.target !== event.currentTarget) return;
    event.preventDefault();
    const next = Math.max(0, Math.min(total - 1, index + step));
    virtualizer.scrollToIndex(next, { align: 'auto' });
    const find = () => scrollRef.current?.querySelector<HTMLElement>(`[data-index="${next}"]`);
    // A row far away is rendered only after the scroll: focus it then.
    const row = find();
    if (row) row.focus();
    else requestAnimationFrame(() => requestAnimationFrame(() => find()?.focus()));
  };

  const shown = TABLE_COLUMNS.filter((c) => columns.includes(c.id));
  const loaded = first.data !== undefined;
  const searching = first.isFetching;
  const countId = `${id}-count`;
  const filtering = search !== null || Object.values(state.filter).some((v) => v !== null);
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = items.length > 0 ? virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0) : 0;

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
            aria-keyshortcuts="Control+F"
            value={state.text}
            onChange={(e) => {
              const value = e.target.value;
              onStateChange((s) => ({ ...s, text: value, settledText: composing ? s.settledText : value }));
            }}
            onKeyDown={(e) => {
              // Down from the search field goes to the first result.
              if (e.key !== 'ArrowDown' || composing) return;
              e.preventDefault();
              virtualizer.scrollToIndex(0);
              scrollRef.current?.querySelector<HTMLElement>('[data-index="0"]')?.focus();
            }}
            onCompositionStart={() => setComposing(true)}
            onCompositionEnd={(e) => {
              setComposing(false);
              const value = e.currentTarget.value;
              onStateChange((s) => ({ ...s, text: value, settledText: value }));
            }}
          />
        </div>
        <p className="customer-count" id={countId} data-testid="customer-count" role="status" aria-live="polite">
          {loaded && t('customers.count', { count: total })}
          {searching && <span className="muted"> {t('customers.searching')}</span>}
        </p>
        <div className="toolbar-actions">
          <ColumnChooser columns={columns} onChange={setColumnsAndSave} />
          <ExportButtons profile={profile} query={query} columns={shown.map((c) => c.id)} disabled={total === 0} />
        </div>
      </div>

      <FilterBar
        profile={profile}
        ready={loaded}
        filter={state.filter}
        onChange={(filter) => onStateChange((s) => ({ ...s, filter }))}
      />

      {first.isPending && <p className="muted">{t('customers.loading')}</p>}

      {first.isError && !loaded && (
        <div className="panel panel-problem">
          <p>{t('customers.loadFailed')}</p>
          <button type="button" className="button" onClick={() => void first.refetch()}>
            {t('common.retry')}
          </button>
        </div>
      )}

      {loaded && total === 0 && !filtering && (
        <div className="panel" data-testid="customers-empty">
          <h2 className="panel-title">{t('customers.empty.title')}</h2>
          <p>{t('customers.empty.body')}</p>
          <button type="button" className="button button-primary" data-testid="empty-import" onClick={onImport}>
            {t('import.open')}
          </button>
        </div>
      )}

      {loaded && total === 0 && filtering && (
        <p className="panel" data-testid="customers-no-match">
          {search !== null ? t('customers.noMatches', { search }) : t('customers.noFilterMatches')}
        </p>
      )}

      {total > 0 && (
        <div
          className="table-scroll customer-table-scroll"
          ref={scrollRef}
          data-testid="customer-table-scroll"
          onScroll={(e) => {
            scrollMemory.current = e.currentTarget.scrollTop;
          }}
        >
          <table
            className="data-table customer-table"
            id={`${id}-table`}
            data-testid="customer-table"
            aria-describedby={countId}
            aria-rowcount={total + 1}
            aria-busy={searching || undefined}
          >
            <caption className="visually-hidden">{t('customers.tableLabel', { name: profile.name })}</caption>
            <thead>
              <tr aria-rowindex={1}>
                {shown.map((column) => (
                  <SortHeader
                    key={column.id}
                    column={column}
                    sort={state.sort}
                    descending={state.descending}
                    onSort={(sort) =>
                      onStateChange((s) => ({
                        ...s,
                        sort,
                        descending: s.sort === sort ? !s.descending : false,
                      }))
                    }
                  />
                ))}
              </tr>
            </thead>
            <tbody>
              {paddingTop > 0 && (
                <tr aria-hidden="true" className="spacer">
                  <td colSpan={shown.length} style={{ height: paddingTop }} />
                </tr>
              )}
              {items.map((item) => {
                const row = rowAt(item.index);
                if (!row) {
                  return (
                    <tr key={item.key} className="row-placeholder" aria-rowindex={item.index + 2} data-index={item.index}>
                      <td colSpan={shown.length} className="muted">
                        {t('customers.loadingRow')}
                      </td>
                    </tr>
                  );
                }
                return (
                  <tr
                    key={item.key}
                    data-testid="customer-row"
                    data-tenant-id={row.tenant_id}
                    data-index={item.index}
                    aria-rowindex={item.index + 2}
                    className="row-link"
                    tabIndex={0}
                    title={t('customers.openCustomer')}
                    {...rowActivation(() => onOpen(row.tenant_id, row.company_name))}
                    onKeyDown={(event) => {
                      rowActivation(() => onOpen(row.tenant_id, row.company_name)).onKeyDown(event);
                      moveFocus(event, item.index);
                    }}
                  >
                    {shown.map((column) => (
                      <Cell key={column.id} column={column.id} row={row} />
                    ))}
                  </tr>
                );
              })}
              {paddingBottom > 0 && (
                <tr aria-hidden="true" className="spacer">
                  <td colSpan={shown.length} style={{ height: paddingBottom }} />
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function SortHeader({
  column,
  sort,
  descending,
  onSort,
}: {
  column: (typeof TABLE_COLUMNS)[number];
  sort: CustomerSort;
  descending: boolean;
  onSort: (sort: CustomerSort) => void;
}) {
  const { t } = useTranslation();
  const label = t(`customers.columns.${column.id}`);
  const active = column.sort !== null && column.sort === sort;
  return (
    <th
      scope="col"
      className={column.numeric ? 'num' : undefined}
      aria-sort={active ? (descending ? 'descending' : 'ascending') : undefined}
    >
      {column.sort ? (
        <button
          type="button"
          className="sort-button"
          data-testid={`sort-${column.id}`}
          onClick={() => column.sort && onSort(column.sort)}
        >
          {label}
          <span aria-hidden="true" className="sort-mark">
            {active ? (descending ? ' ▼' : ' ▲') : ''}
          </span>
        </button>
      ) : (
        label
      )}
    </th>
  );
}

function Cell({ column, row }: { column: CustomerColumn; row: CustomerRow }) {
  const { t } = useTranslation();
  const format = useFormatters();
  switch (column) {
    case 'company_name':
      return (
        <th scope="row" className="cell-name">
          {row.company_name}
        </th>
      );
    case 'primary_domain':
      return <td className="cell-domain">{row.primary_domain ?? <Missing />}</td>;
    case 'tenant_id':
      return <td className="mono cell-tenant">{row.tenant_id}</td>;
    case 'country':
      return <td>{row.country ? <span title={row.country}>{format.country(row.country)}</span> : <Missing />}</td>;
    case 'relationship':
      return <td>{t(`relationships.${row.relationship}`, { defaultValue: row.relationship })}</td>;
    case 'delegated_admin':
      return (
        <td>
          {row.allow_delegated_access === true
            ? t('detail.dapAllowed')
            : row.allow_delegated_access === false
              ? t('detail.dapNotAllowed')
              : t('detail.dapUnknown')}
        </td>
      );
    case 'reseller':
      return (
        <td title={row.reseller_id ?? undefined}>
          {row.reseller_name ?? row.reseller_id ?? <Missing />}
        </td>
      );
    case 'partners':
      return <td className="num">{format.number(row.partner_count)}</td>;
    case 'subscriptions':
      return <td className="num">{format.number(row.subscription_count)}</td>;
    case 'tags':
      return <td>{row.tags.join(', ') || <Missing />}</td>;
  }
}

function FilterBar({
  profile,
  ready,
  filter,
  onChange,
}: {
  profile: ProfileSummary;
  /** The first page is in: the menus' values are read only then, so their
   * scan of a large profile never holds the first rows back. */
  ready: boolean;
  filter: TableState['filter'];
  onChange: (filter: TableState['filter']) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const options = useQuery({
    queryKey: queryKeys.filterOptions(profile.id),
    queryFn: () => api.customerFilterOptions(profile.id),
    enabled: ready,
  });
  const o = options.data;
  const set = <K extends keyof TableState['filter']>(key: K, value: TableState['filter'][K]) =>
    onChange({ ...filter, [key]: value });
  const active = Object.values(filter).some((v) => v !== null);

  const menu = (
    name: 'relationship' | 'partner' | 'reseller' | 'channel' | 'tag',
    values: { value: string; label: string }[],
  ) => (
    <div className="filter-field">
      <label htmlFor={`${id}-${name}`}>{t(`customers.filters.${name}`)}</label>
      <select
        id={`${id}-${name}`}
        data-testid={`filter-${name}`}
        value={filter[name] ?? ''}
        onChange={(e) => set(name, e.target.value === '' ? null : e.target.value)}
      >
        <option value="">{t('customers.filters.any')}</option>
        {values.map((v) => (
          <option key={v.value} value={v.value}>
            {v.label}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <div className="filter-bar" role="group" aria-label={t('customers.filters.label')} data-testid="customer-filters">
      {menu(
        'relationship',
        (o?.relationships ?? []).map((r) => ({ value: r, label: t(`relationships.${r}`, { defaultValue: r }) })),
      )}
      <div className="filter-field">
        <label htmlFor={`${id}-dap`}>{t('customers.filters.delegatedAdmin')}</label>
        <select
          id={`${id}-dap`}
          data-testid="filter-delegated-admin"
          value={filter.delegated_admin ?? ''}
          onChange={(e) => {
            const value = e.target.value;
            set(
              'delegated_admin',
              value === 'allowed' || value === 'not_allowed' || value === 'unknown' ? value : null,
            );
          }}
        >
          <option value="">{t('customers.filters.any')}</option>
          <option value="allowed">{t('detail.dapAllowed')}</option>
          <option value="not_allowed">{t('detail.dapNotAllowed')}</option>
          <option value="unknown">{t('detail.dapUnknown')}</option>
        </select>
      </div>
      {menu('partner', (o?.partners ?? []).map((p) => ({ value: p.id, label: p.name ?? p.id })))}
      {menu(
        'reseller',
        (o?.resellers ?? []).map((r) => ({ value: r.id, label: r.name ? `${r.name} (${r.id})` : r.id })),
      )}
      {menu('channel', (o?.channels ?? []).map((c) => ({ value: c, label: t(`channels.${c}`, { defaultValue: c }) })))}
      {menu('tag', (o?.tags ?? []).map((tag) => ({ value: tag, label: tag })))}
      <div className="filter-field">
        <label htmlFor={`${id}-findings`}>{t('customers.filters.findings')}</label>
        <select
          id={`${id}-findings`}
          data-testid="filter-findings"
          value={filter.has_findings === null ? '' : String(filter.has_findings)}
          onChange={(e) => set('has_findings', e.target.value === '' ? null : e.target.value === 'true')}
        >
          <option value="">{t('customers.filters.any')}</option>
          <option value="true">{t('customers.filters.withFindings')}</option>
          <option value="false">{t('customers.filters.withoutFindings')}</option>
        </select>
      </div>
      {active && (
        <button
          type="button"
          className="button button-quiet button-small"
          data-testid="clear-filters"
          onClick={() => onChange(INITIAL_TABLE_STATE.filter)}
        >
          {t('customers.filters.clear')}
        </button>
      )}
    </div>
  );
}

function ColumnChooser({ columns, onChange }: { columns: CustomerColumn[]; onChange: (c: CustomerColumn[]) => void }) {
  const { t } = useTranslation();
  return (
    <details className="column-chooser" data-testid="column-chooser">
      <summary className="button button-small">{t('customers.columnsChooser')}</summary>
      <fieldset className="column-chooser-menu">
        <legend className="visually-hidden">{t('customers.columnsChooser')}</legend>
        {TABLE_COLUMNS.map((column) => (
          <label key={column.id} className="checkbox-label">
            <input
              type="checkbox"
              data-testid={`column-${column.id}`}
              checked={columns.includes(column.id)}
              disabled={column.id === 'company_name'}
              onChange={(e) =>
                onChange(
                  TABLE_COLUMNS.map((c) => c.id).filter((c) =>
                    c === column.id ? e.target.checked : columns.includes(c),
                  ),
                )
              }
            />
            {t(`customers.columns.${column.id}`)}
          </label>
        ))}
      </fieldset>
    </details>
  );
}

function ExportButtons({
  profile,
  query,
  columns,
  disabled,
}: {
  profile: ProfileSummary;
  query: Omit<Parameters<typeof api.listCustomers>[1], 'limit' | 'offset'>;
  columns: CustomerColumn[];
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormatters();
  const exporter = useMutation({
    mutationFn: (kind: ExportFormat) =>
      api.exportCustomerView(profile.id, {
        query: { ...query, limit: PAGE_SIZE, offset: 0 },
        columns,
        format: kind,
        file_name: profile.name,
      }),
  });
  return (
    <div className="export-buttons">
      {(['csv', 'xlsx'] as const).map((kind) => (
        <button
          key={kind}
          type="button"
          className="button button-small"
          data-testid={`export-${kind}`}
          disabled={disabled || exporter.isPending}
          onClick={() => exporter.mutate(kind)}
        >
          {t(`customers.export.${kind}`)}
        </button>
      ))}
      <span className="export-status" role="status" data-testid="export-status">
        {exporter.isPending && t('customers.export.running')}
        {exporter.data &&
          t('customers.export.done', { count: exporter.data.rows, rows: format.number(exporter.data.rows), path: exporter.data.path })}
      </span>
    </div>
  );
}
