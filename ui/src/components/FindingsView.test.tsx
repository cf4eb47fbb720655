import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Finding } from '../generated/bindings';
import i18n from '../i18n';
import { customer, mockBackend } from '../test/backend';
import { E3_ID, OUR_PROFILE, SAKURA_TENANT, finding, sakuraView } from '../test/customerView';
import { renderWithProviders } from '../test/render';
import { CustomersView } from './CustomersView';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

const ADATUM = customer(1, { company_name: 'Adatum 株式会社' }).tenant_id;

/** As list_findings gives them: per customer, then the GDAP relationships tied to none. */
// In the order the back end returns them: most severe first, then soonest due.
const FINDINGS: Finding[] = [
  finding('gdap-expired', 'critical', { customer_tenant_id: ADATUM, gdap_id: 'g-2' }, 'GDAP-4', '2026-04-20', {
    name: 'Adatum security',
    date: '2026-04-20',
  }),
  finding('gdap-expiring', 'warning', { customer_tenant_id: ADATUM, gdap_id: 'g-1' }, 'GDAP-4', '2026-05-08', {
    name: 'Adatum helpdesk',
    date: '2026-05-08',
    count: '1',
    tier: '1',
  }),
  finding('no-delegated-admin', 'warning', { customer_tenant_id: SAKURA_TENANT }, 'DAP-1', null),
  finding('term-ending', 'info', { customer_tenant_id: SAKURA_TENANT, subscription_id: E3_ID }, null, '2026-06-14', {
    subscription: 'Office 365 E3',
    date: '2026-06-14',
    count: '45',
    tier: '60',
  }),
  finding('gdap-duration-invalid', 'info', { gdap_id: 'g-3' }, 'GDAP-1', null, {
    name: 'Orphan relationship',
    duration: 'P900D',
  }),
];

function setup(findings: Finding[] = FINDINGS) {
  const backend = mockBackend({
    list_customers: () => ({ total: 1, items: [customer(1, { company_name: 'Adatum 株式会社' })] }),
    list_findings: () => findings,
    customer_view: () => sakuraView(),
  });
  const rendered = renderWithProviders(<CustomersView profile={OUR_PROFILE} onBack={() => {}} />);
  return { backend, ...rendered };
}

async function openFindings(user: ReturnType<typeof setup>['user']) {
  await user.click(screen.getByTestId('findings-tab'));
  const view = await screen.findByTestId('findings-view');
  await within(view).findAllByTestId('finding');
  return view;
}

const counts = (view: HTMLElement, testId: string, attr: 'severity' | 'kind') =>
  Object.fromEntries(
    within(view)
      .getAllByTestId(testId)
      .map((item) => [item.dataset[attr], within(item).getByTestId('count-value').textContent]),
  );

const rows = () => screen.getAllByTestId('finding');

describe('findings dashboard', () => {
  it('counts the findings by severity and kind and lists them in the order given, translated', async () => {
    const { backend, user } = setup();
    await screen.findAllByTestId('customer-row');
    const view = await openFindings(user);
    expect(backend.callsOf('list_findings')).toEqual([{ profile: 'p-global', today: null }]);
    expect(screen.getByTestId('findings-tab').getAttribute('aria-current')).toBe('page');
    expect(screen.queryByTestId('customer-search')).toBeNull();

    expect(counts(view, 'severity-count', 'severity')).toEqual({ critical: '1', warning: '2', info: '2' });
    expect(counts(view, 'kind-count', 'kind')).toEqual({
      'gdap-expired': '1',
      'gdap-expiring': '1',
      'gdap-duration-invalid': '1',
      'term-ending': '1',
      'no-delegated-admin': '1',
    });
    expect(screen.getByTestId('findings-count').textContent).toBe('5 findings');

    expect(rows().map((r) => [r.dataset.severity, r.dataset.kind])).toEqual([
      ['critical', 'gdap-expired'],
      ['warning', 'gdap-expiring'],
      ['warning', 'no-delegated-admin'],
      ['info', 'term-ending'],
      ['info', 'gdap-duration-invalid'],
    ]);
    const cells = (row: HTMLElement) => [...row.querySelectorAll('td')].map((c) => c.textContent);
    // The customer's name comes from the list already loaded; the plural form follows the count.
    expect(cells(rows()[1]!)).toEqual([
      'Warning',
      'GDAP relationship “Adatum helpdesk” ends in 1 day, on May 8, 2026.',
      `Adatum 株式会社${ADATUM}`,
      'GDAP-4Rule GDAP-4: GDAP expiry warnings.',
      'May 8, 2026',
    ]);
    expect(cells(rows()[3]!)[1]).toBe(
      '“Office 365 E3” ends in 45 days, on Jun 14, 2026, and does not renew automatically.',
    );
    // Not in the loaded list: the tenant id alone.
    expect(cells(rows()[2]!)[2]).toBe(SAKURA_TENANT);
    // A GDAP relationship tied to no customer cannot be opened.
    expect(rows()[4]!.getAttribute('tabindex')).toBeNull();
    expect(rows()[0]!.getAttribute('tabindex')).toBe('0');
  });

  it('filters by severity and by kind', async () => {
    const { user } = setup();
    const view = await openFindings(user);

    await user.selectOptions(within(view).getByTestId('findings-severity-filter'), 'warning');
    expect(rows().map((r) => r.dataset.severity)).toEqual(['warning', 'warning']);
    expect(screen.getByTestId('findings-count').textContent).toBe('5 findings · 2 match the filters');
    // The counts stay those of the whole profile.
    expect(counts(view, 'severity-count', 'severity')).toEqual({ critical: '1', warning: '2', info: '2' });

    await user.selectOptions(within(view).getByTestId('findings-kind-filter'), 'no-delegated-admin');
    expect(rows().map((r) => r.dataset.kind)).toEqual(['no-delegated-admin']);
    expect(screen.getByTestId('findings-count').textContent).toBe('5 findings · 1 matches the filters');

    await user.selectOptions(within(view).getByTestId('findings-severity-filter'), 'critical');
    expect(screen.queryAllByTestId('finding')).toHaveLength(0);
    expect(screen.getByTestId('findings-no-match')).toBeTruthy();

    await user.click(screen.getByTestId('findings-clear-filters'));
    expect(rows()).toHaveLength(5);
  });

  it('opens the customer of a finding on click, and comes back to the filtered findings', async () => {
    const { backend, user } = setup();
    const view = await openFindings(user);
    await user.selectOptions(within(view).getByTestId('findings-severity-filter'), 'warning');
    const sakura = rows().find((r) => r.dataset.kind === 'no-delegated-admin')!;
    await user.click(sakura);

    const detail = await screen.findByTestId('customer-detail');
    expect(backend.callsOf('customer_view')).toEqual([{ profile: 'p-global', customer: SAKURA_TENANT, today: null }]);
    expect(screen.queryByTestId('findings-view')).toBeNull();
    await within(detail).findByTestId('partners-panel');
    expect(screen.getByTestId('back-to-customers').textContent).toContain('Findings');
    expect(screen.getByTestId('findings-tab').getAttribute('aria-current')).toBe('page');

    await user.click(screen.getByTestId('back-to-customers'));
    await screen.findByTestId('findings-view');
    expect((screen.getByTestId('findings-severity-filter') as HTMLSelectElement).value).toBe('warning');
    expect(rows()).toHaveLength(2);
    expect(document.activeElement).toBe(rows().find((r) => r.dataset.tenantId === SAKURA_TENANT));
  });

  it('opens a customer with Enter on a focused finding', async () => {
    const { backend, user } = setup();
    await openFindings(user);
    rows()[0]!.focus();
    await user.keyboard('{Enter}');
    await screen.findByTestId('customer-detail');
    expect(backend.callsOf('customer_view').map((c) => c.customer)).toEqual([ADATUM]);
    await user.keyboard('{Escape}');
    await screen.findByTestId('findings-view');
  });

  it('says when nothing needs attention, and uses Russian plural forms', async () => {
    const { user } = setup([]);
    await user.click(screen.getByTestId('findings-tab'));
    expect(await screen.findByTestId('findings-empty')).toBeTruthy();
    expect(screen.getByTestId('findings-count').textContent).toBe('0 findings');

    await act(() => i18n.changeLanguage('ru'));
    expect(screen.getByTestId('findings-count').textContent).toBe('0 замечаний');
  });

  it('shows the first 200 findings, then more on request', async () => {
    const many = Array.from({ length: 205 }, (_, i) =>
      finding('no-delegated-admin', 'warning', { customer_tenant_id: `t-${i}` }, 'DAP-1', null),
    );
    const { user } = setup(many);
    await openFindings(user);
    expect(rows()).toHaveLength(200);
    await user.click(screen.getByTestId('findings-show-more'));
    await waitFor(() => expect(rows()).toHaveLength(205));
    expect(screen.queryByTestId('findings-show-more')).toBeNull();
  });
});
