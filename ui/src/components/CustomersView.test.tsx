import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { App } from '../App';
import type { CustomerPage, CustomerQuery } from '../generated/bindings';
import i18n from '../i18n';
import { customer, customers, mockBackend, PROFILES } from '../test/backend';
import { renderWithProviders } from '../test/render';
import { CustomersView } from './CustomersView';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

const PROFILE = PROFILES[0]!;

function page(total: number, from: number, count: number): CustomerPage {
  return { total, items: customers(from, count) };
}

function queriesOf(backend: ReturnType<typeof mockBackend>): CustomerQuery[] {
  return backend.callsOf('list_customers').map((args) => args.query as CustomerQuery);
}

/** The query the table sends with no filter, sorted by name. */
function query(overrides: Partial<CustomerQuery> = {}): CustomerQuery {
  return {
    relationship: null,
    delegated_admin: null,
    partner: null,
    reseller: null,
    channel: null,
    tag: null,
    has_findings: null,
    search: null,
    sort: 'name',
    descending: false,
    limit: 200,
    offset: 0,
    ...overrides,
  };
}

describe('customers view', () => {
  it('reads the filter menus only once the first page is in', async () => {
    let releaseFirstPage: (page: CustomerPage) => void = () => {};
    const backend = mockBackend({
      list_customers: () => new Promise<CustomerPage>((resolve) => (releaseFirstPage = resolve)),
      customer_filter_options: () => ({ relationships: ['active'], partners: [], resellers: [], channels: [], tags: [] }),
    });
    renderWithProviders(<CustomersView profile={PROFILE} onBack={vi.fn()} />);
    await waitFor(() => expect(backend.callsOf('list_customers')).toHaveLength(1));
    expect(backend.callsOf('customer_filter_options')).toHaveLength(0);

    releaseFirstPage(page(1, 1, 1));
    await screen.findAllByTestId('customer-row');
    await waitFor(() => expect(backend.callsOf('customer_filter_options')).toHaveLength(1));
  });

  it('renders the rows and the count from list_customers', async () => {
    const backend = mockBackend({
      list_customers: () => ({
        total: 3,
        items: [
          customer(1, { company_name: 'Adatum', country: 'JP' }),
          customer(2, { company_name: '株式会社テスト', primary_domain: null, country: null }),
          customer(3, { company_name: 'ООО «Пример»', partner_count: 2, subscription_count: 1500 }),
        ],
      }),
    });
    const onBack = vi.fn();
    const { user } = renderWithProviders(<CustomersView profile={PROFILE} onBack={onBack} />);

    const view = screen.getByTestId('customers-view');
    expect(within(view).getByRole('heading', { level: 1 }).textContent).toBe('Contoso Global');
    expect(within(view).getByTestId('cloud-badge').textContent).toBe('Global');

    const rows = await screen.findAllByTestId('customer-row');
    expect(rows).toHaveLength(3);
    expect(screen.getByTestId('customer-count').textContent).toBe('3 customers');
    expect(queriesOf(backend)).toEqual([query()]);
    expect(backend.callsOf('list_customers')[0]?.profile).toBe('p-global');

    const cells = (row: HTMLElement) => [...row.querySelectorAll('th, td')].map((c) => c.textContent);
    expect(cells(rows[0]!)).toEqual([
      'Adatum',
      'customer1.onmicrosoft.com',
      '00000000-0000-4000-8000-000000000001',
      'Japan',
      'Reseller',
      '1',
      '1',
    ]);
    expect(cells(rows[1]!)[0]).toBe('株式会社テスト');
    expect(cells(rows[2]!).slice(-2)).toEqual(['2', '1,500']);

    expect(document.activeElement).toBe(screen.getByTestId('customer-search'));
    await user.click(screen.getByTestId('back-to-profiles'));
    expect(onBack).toHaveBeenCalledTimes(1);
  });

  it('keeps fewer than 200 rows in the DOM at 200,000 customers and fetches the page scrolled to', async () => {
      const backend = mockBackend({
        list_customers: ({ query: q }) => {
          const { offset, limit } = q as CustomerQuery;
          return page(200_000, offset + 1, Math.min(limit, 200_000 - offset));
        },
      });
      renderWithProviders(<CustomersView profile={PROFILE} onBack={() => {}} />);
      await waitFor(() => expect(screen.getAllByTestId('customer-row').length).toBeGreaterThan(10));
      expect(screen.getByTestId('customer-count').textContent).toBe('200,000 customers');
      expect(screen.getAllByTestId('customer-row').length).toBeLessThan(200);
      expect(document.querySelectorAll('tr').length).toBeLessThan(200);
      expect(screen.getByTestId('customer-table').getAttribute('aria-rowcount')).toBe('200001');

      // Scroll to the middle: only the page holding those rows is asked for.
      const scroller = screen.getByTestId('customer-table-scroll');
      scroller.scrollTop = 100_000 * 36;
      fireEvent.scroll(scroller);
      await waitFor(() => expect(document.querySelector('[data-index="100000"]')?.textContent).toContain('Customer 100001'));
      expect(screen.getAllByTestId('customer-row').length).toBeLessThan(200);
      expect(queriesOf(backend).map((q) => q.offset)).toContain(100_000);
      expect(queriesOf(backend).map((q) => q.offset)).not.toContain(50_000);
  });

  it('sorts by a column header and filters with the filter bar', async () => {
    const backend = mockBackend({
      list_customers: () => page(3, 1, 3),
      customer_filter_options: () => ({
        relationships: ['reseller'],
        partners: [{ id: 'p1', name: 'Fabrikam' }],
        resellers: [{ id: '5123456', name: 'Fabrikam Reseller' }],
        channels: ['csp', 'ea'],
        tags: ['vip'],
      }),
    });
    const { user } = renderWithProviders(<CustomersView profile={PROFILE} onBack={() => {}} />);
    await screen.findAllByTestId('customer-row');
    await user.click(screen.getByTestId('sort-subscriptions'));
    await waitFor(() => expect(queriesOf(backend).at(-1)).toEqual(query({ sort: 'subscriptions' })));
    await user.click(screen.getByTestId('sort-subscriptions'));
    await waitFor(() => expect(queriesOf(backend).at(-1)).toEqual(query({ sort: 'subscriptions', descending: true })));
    const header = screen.getByTestId('sort-subscriptions').closest('th');
    expect(header?.getAttribute('aria-sort')).toBe('descending');

    await waitFor(() => expect(screen.getByTestId('filter-reseller').querySelectorAll('option')).toHaveLength(2));
    await user.selectOptions(screen.getByTestId('filter-reseller'), '5123456');
    await user.selectOptions(screen.getByTestId('filter-findings'), 'true');
    await waitFor(() =>
      expect(queriesOf(backend).at(-1)).toEqual(
        query({ sort: 'subscriptions', descending: true, reseller: '5123456', has_findings: true }),
      ),
    );
    await user.click(screen.getByTestId('clear-filters'));
    // The unfiltered rows come back (from the cache: no new call needed).
    expect((screen.getByTestId('filter-reseller') as HTMLSelectElement).value).toBe('');
    expect((screen.getByTestId('filter-findings') as HTMLSelectElement).value).toBe('');
    expect(screen.queryByTestId('clear-filters')).toBeNull();
  });

  it('hides and shows columns from the chooser and remembers the choice', async () => {
    mockBackend({ list_customers: () => page(2, 1, 2) });
    const { user, unmount } = renderWithProviders(<CustomersView profile={PROFILE} onBack={() => {}} />);
    const [row] = await screen.findAllByTestId('customer-row');
    expect(row!.querySelectorAll('th, td')).toHaveLength(7);
    await user.click(screen.getByTestId('column-chooser').querySelector('summary')!);
    await user.click(screen.getByTestId('column-tenant_id'));
    await user.click(screen.getByTestId('column-reseller'));
    const [after] = screen.getAllByTestId('customer-row');
    const headers = [...document.querySelectorAll('thead th')].map((th) => th.textContent);
    expect(headers).not.toContain('Tenant ID');
    expect(headers).toContain('Reseller of record');
    expect(after!.querySelectorAll('th, td')).toHaveLength(7);
    unmount();
    renderWithProviders(<CustomersView profile={PROFILE} onBack={() => {}} />);
    await screen.findAllByTestId('customer-row');
    expect([...document.querySelectorAll('thead th')].map((th) => th.textContent)).toContain('Reseller of record');
  });

  it('exports the current view with its filter, order and columns', async () => {
    const backend = mockBackend({
      list_customers: () => page(2, 1, 2),
      export_customer_view: () => ({ path: '/tmp/Contoso Global.csv', rows: 2 }),
    });
    const { user } = renderWithProviders(<CustomersView profile={PROFILE} onBack={() => {}} />);
    await screen.findAllByTestId('customer-row');
    await user.click(screen.getByTestId('sort-country'));
    await user.click(screen.getByTestId('export-csv'));
    await waitFor(() => expect(screen.getByTestId('export-status').textContent).toContain('/tmp/Contoso Global.csv'));
    const [call] = backend.callsOf('export_customer_view');
    const exported = call?.export as { query: unknown; columns: unknown };
    expect(call).toMatchObject({ profile: 'p-global', export: { format: 'csv', file_name: 'Contoso Global' } });
    expect(exported.query).toMatchObject({ sort: 'country', search: null });
    expect(exported.columns).toEqual([
      'company_name',
      'primary_domain',
      'tenant_id',
      'country',
      'relationship',
      'partners',
      'subscriptions',
    ]);
  });

  it('sends the search text to list_customers once typing pauses', async () => {
    const backend = mockBackend({
      list_customers: ({ query }) => {
        const { search } = query as CustomerQuery;
        return search ? { total: 1, items: [customer(7, { company_name: 'Contoso 東京' })] } : page(3, 1, 3);
      },
    });
    const { user } = renderWithProviders(<CustomersView profile={PROFILE} onBack={() => {}} />);
    await waitFor(() => expect(screen.getAllByTestId('customer-row')).toHaveLength(3));

    await user.type(screen.getByTestId('customer-search'), '  東京 ');
    await waitFor(() => expect(screen.getAllByTestId('customer-row')).toHaveLength(1));
    expect(screen.getByTestId('customer-count').textContent).toBe('1 customer');
    // Debounced: no query for the partial text, and the text is trimmed.
    expect(queriesOf(backend).map((q) => q.search)).toEqual([null, '東京']);
    expect(queriesOf(backend)[1]).toEqual(query({ search: '東京' }));
  });

  it('shows an empty state for a profile without customers', async () => {
    mockBackend({ list_customers: () => ({ total: 0, items: [] }) });
    renderWithProviders(<CustomersView profile={PROFILE} onBack={() => {}} />);
    const empty = await screen.findByTestId('customers-empty');
    expect(empty.textContent).toContain('No customers yet');
    expect(screen.getByTestId('customer-count').textContent).toBe('0 customers');
    expect(screen.queryAllByTestId('customer-row')).toHaveLength(0);
  });

  it('says when a search matches nothing', async () => {
    mockBackend({
      list_customers: ({ query }) => ((query as CustomerQuery).search ? { total: 0, items: [] } : page(2, 1, 2)),
    });
    const { user } = renderWithProviders(<CustomersView profile={PROFILE} onBack={() => {}} />);
    await screen.findAllByTestId('customer-row');
    await user.type(screen.getByTestId('customer-search'), 'zzz');
    const none = await screen.findByTestId('customers-no-match');
    expect(none.textContent).toContain('zzz');
    expect(screen.queryByTestId('customers-empty')).toBeNull();
  });

  it('uses Russian plural forms for the count', async () => {
    await i18n.changeLanguage('ru');
    mockBackend({ list_customers: () => page(22, 1, 22) });
    renderWithProviders(<CustomersView profile={PROFILE} onBack={() => {}} />);
    await screen.findAllByTestId('customer-row');
    expect(screen.getByTestId('customer-count').textContent).toBe('22 клиента');
  });
});

describe('opening a profile', () => {
  it('opens the customers view from a card, shows list errors in the banner, and goes back', async () => {
    const backend = mockBackend({
      list_profiles: () => ({ profiles: PROFILES, unreadable: [] }),
      open_profile: ({ profile }) => PROFILES.find((p) => p.id === profile),
      list_customers: () => {
        throw { code: 'database', message: 'database disk image is malformed' };
      },
    });
    const { user } = renderWithProviders(<App />);
    await screen.findAllByTestId('profile-card');
    const gov = document.querySelector<HTMLElement>('[data-profile-id="p-gov"]')!;
    await user.click(within(gov).getByTestId('open-profile'));

    const view = await screen.findByTestId('customers-view');
    expect(backend.callsOf('open_profile')).toEqual([{ profile: 'p-gov' }]);
    expect(within(view).getByRole('heading', { level: 1 }).textContent).toBe('Contoso Government');
    expect(within(view).getByTestId('cloud-badge').textContent).toBe('US Government');

    const banner = await screen.findByTestId('error-banner');
    expect(banner.textContent).toContain('database disk image is malformed');
    expect(banner.textContent).toContain('database');

    await user.click(screen.getByTestId('back-to-profiles'));
    expect(await screen.findByTestId('profile-picker')).toBeTruthy();
    await waitFor(() =>
      expect(document.activeElement).toBe(
        within(document.querySelector<HTMLElement>('[data-profile-id="p-gov"]')!).getByTestId('open-profile'),
      ),
    );
  });

  it('shows a failed open in the banner and stays on the picker', async () => {
    mockBackend({
      list_profiles: () => ({ profiles: PROFILES, unreadable: [] }),
      open_profile: () => {
        throw { code: 'schema_too_new', message: 'profile schema 7 is newer than 3' };
      },
    });
    const { user } = renderWithProviders(<App />);
    await screen.findAllByTestId('profile-card');
    await user.click(screen.getAllByTestId('open-profile')[0]!);
    const banner = await screen.findByTestId('error-banner');
    expect(banner.textContent).toContain('profile schema 7 is newer than 3');
    expect(banner.textContent).toContain('newer version of Partner Desk');
    expect(screen.getByTestId('profile-picker')).toBeTruthy();
    expect(screen.queryByTestId('customers-view')).toBeNull();
  });
});
