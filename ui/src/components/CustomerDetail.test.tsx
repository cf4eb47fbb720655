import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { CustomerView } from '../generated/bindings';
import i18n from '../i18n';
import { customer, mockBackend } from '../test/backend';
import {
  AZURE_ID,
  E3_ID,
  FABRIKAM_TENANT,
  OUR_PROFILE,
  SAKURA_TENANT,
  reason,
  sakuraView,
  verdict,
} from '../test/customerView';
import { renderWithProviders } from '../test/render';
import { CustomersView } from './CustomersView';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

const SAKURA_ROW = customer(2, { tenant_id: SAKURA_TENANT, company_name: '株式会社サクラ精機', partner_count: 2, subscription_count: 2 });

function setup(view: CustomerView = sakuraView()) {
  const backend = mockBackend({
    list_customers: () => ({ total: 2, items: [customer(1, { company_name: 'Adatum' }), SAKURA_ROW] }),
    remove_manual_link: () => null,
    customer_view: ({ customer: tenant }) => {
      if (tenant !== SAKURA_TENANT) throw { code: 'not_found', message: `no customer ${String(tenant)}` };
      return view;
    },
  });
  const onBack = vi.fn();
  const rendered = renderWithProviders(<CustomersView profile={OUR_PROFILE} onBack={onBack} />);
  return { backend, onBack, ...rendered };
}

async function openSakura(user: ReturnType<typeof setup>['user']) {
  const row = (await screen.findAllByTestId('customer-row')).find((r) => r.dataset.tenantId === SAKURA_TENANT)!;
  await user.click(row);
  const detail = await screen.findByTestId('customer-detail');
  await within(detail).findByTestId('partners-panel');
  return detail;
}

function subscription(id: string): HTMLElement {
  return document.querySelector<HTMLElement>(`[data-testid="subscription"][data-subscription-id="${id}"]`)!;
}

function verdictOf(scope: HTMLElement, action: string): HTMLElement {
  return scope.querySelector<HTMLElement>(`[data-testid="verdict"][data-action="${action}"]`)!;
}

describe('customer detail', () => {
  it('opens from a row and shows the header, our link and the other partner', async () => {
    const { backend, user } = setup();
    const detail = await openSakura(user);

    expect(backend.callsOf('customer_view')).toEqual([{ profile: 'p-global', customer: SAKURA_TENANT, today: null }]);
    expect(screen.queryAllByTestId('customer-row')).toHaveLength(0);
    expect(within(detail).getByRole('heading', { level: 2 }).textContent).toBe('株式会社サクラ精機');
    expect(within(detail).getByTestId('customer-domain').textContent).toBe('sakuraseiki.onmicrosoft.com');
    expect(within(detail).getByTestId('customer-tenant-id').textContent).toBe(SAKURA_TENANT);
    expect(within(detail).getByTestId('customer-country').textContent).toBe('Japan');
    expect(within(detail).getByTestId('customer-relationship').textContent).toBe('Reseller');
    expect(within(detail).getByTestId('customer-dap').textContent).toBe('Unknown');

    const panel = within(detail).getByTestId('partners-panel');
    const links = within(panel).getAllByTestId('partner-link');
    expect(links.map((l) => [l.dataset.ours, l.dataset.kind])).toEqual([
      ['true', 'reseller'],
      ['false', 'indirect-reseller'],
    ]);
    const cells = (row: HTMLElement) => [...row.querySelectorAll('th, td')].map((c) => c.textContent);
    // The last cell offers removal for links entered here only.
    expect(cells(links[0]!)).toEqual(['Contoso Global Ours', 'Reseller', '—Not set', '—Not set', '']);
    expect(cells(links[1]!)).toEqual([
      'ファブリカム株式会社 Other partnerOsaka, JP',
      'Indirect reseller',
      'Azure',
      'Since Apr 1, 2024',
      '',
    ]);
    expect(links[1]!.dataset.partnerId).toBe(FABRIKAM_TENANT);
  });

  it('removes a link entered here, and offers no removal for imported ones', async () => {
    const view = sakuraView();
    const manual = { ...view.bundle.links[1]!, kind: 'advisor' as const, scope: null, source: 'manual' };
    view.bundle.links = [...view.bundle.links, manual];
    const { user, backend } = setup(view);
    const detail = await openSakura(user);
    const removals = within(detail).getAllByTestId('remove-manual-link');
    expect(removals).toHaveLength(1);
    expect(removals[0]!.closest('tr')?.dataset.kind).toBe('advisor');
    await user.click(removals[0]!);
    await waitFor(() =>
      expect(backend.callsOf('remove_manual_link')).toEqual([
        {
          profile: 'p-global',
          link: { customer_tenant_id: SAKURA_TENANT, partner_id: FABRIKAM_TENANT, kind: 'advisor', scope: null },
        },
      ]),
    );
  });

  it('names a customer without a company name by its tenant id, and shows the delegated admin state', async () => {
    const view = sakuraView();
    view.bundle.customer = { ...view.bundle.customer, company_name: '  ', allow_delegated_access: false, country: 'TW' };
    const { user } = setup(view);
    const detail = await openSakura(user);
    expect(within(detail).getByRole('heading', { level: 2 }).textContent).toBe(SAKURA_TENANT);
    expect(within(detail).getByTestId('customer-dap').textContent).toBe('Not allowed');
    expect(within(detail).getByTestId('customer-country').textContent).toBe('Taiwan');
    await act(() => i18n.changeLanguage('zh-TW'));
    expect(within(detail).getByTestId('customer-dap').textContent).toBe('不允許');
    expect(within(detail).getByTestId('customer-country').textContent).toBe('台灣');
  });

  it('marks as ours exactly the links to the partner the back end names as ours', async () => {
    const view = sakuraView();
    view.bundle.links = [
      view.bundle.links[0]!,
      { ...view.bundle.links[0]!, kind: 'dap', source: 'csv' },
      view.bundle.links[1]!,
      { ...view.bundle.links[1]!, partner_id: 'mpn:999', kind: 'future-kind' },
    ];
    const { user } = setup(view);
    const detail = await openSakura(user);
    const links = within(detail).getAllByTestId('partner-link');
    expect(links.map((l) => l.dataset.ours)).toEqual(['true', 'true', 'false', 'false']);
    // An unknown kind and an unknown partner are shown as they are.
    expect(links[3]!.textContent).toContain('future-kind');
    expect(links[3]!.textContent).toContain('mpn:999');
  });

  it('marks nothing as ours when the profile does not know its own ids', async () => {
    const view = sakuraView();
    view.bundle.our_partner_id = null;
    const { user } = setup(view);
    const detail = await openSakura(user);
    const links = within(detail).getAllByTestId('partner-link');
    expect(links.every((l) => l.dataset.ours === 'false')).toBe(true);
  });

  it('groups the subscriptions by channel and billing type, with their facts', async () => {
    const { user } = setup();
    const detail = await openSakura(user);
    const groups = within(detail).getAllByTestId('subscription-group');
    expect(groups.map((g) => within(g).getByRole('heading', { level: 4 }).textContent)).toEqual([
      'CSP·License-based',
      'Enterprise Agreement·Usage-based (Azure)',
    ]);

    const e3 = subscription(E3_ID);
    expect(within(groups[0]!).getByTestId('subscription')).toBe(e3);
    expect(within(e3).getByRole('heading', { level: 5 }).textContent).toBe('Office 365 E3');
    expect(within(e3).getByTestId('subscription-quantity').textContent).toBe('25');
    expect(within(e3).getByTestId('subscription-status').textContent).toBe('Active');
    expect(within(e3).getByTestId('subscription-term-end').textContent).toBe('Mar 1, 2027');
    expect(within(e3).getByTestId('subscription-auto-renew').textContent).toBe('Yes');
    expect(within(e3).getByTestId('subscription-reseller').textContent).toBe('Contoso Global (you, MPN ID 1234567)');

    const azure = subscription(AZURE_ID);
    // The friendly name first, the offer below; an unknown status verbatim.
    expect(within(azure).getByRole('heading', { level: 5 }).textContent).toBe('さくら本番環境');
    expect(azure.textContent).toContain('Microsoft Azure');
    expect(within(azure).getByTestId('subscription-status').textContent).toBe('transferring');
    expect(within(azure).getByTestId('subscription-auto-renew').textContent).toBe('Unknown');
  });

  it('shows a removed reseller of record (-1) and a partner of record by name', async () => {
    const view = sakuraView();
    view.bundle.subscriptions = [
      { ...view.bundle.subscriptions[0]!, partner_of_record: '-1' },
      { ...view.bundle.subscriptions[1]!, partner_of_record: '7654321' },
    ];
    const { user } = setup(view);
    await openSakura(user);
    expect(within(subscription(E3_ID)).getByTestId('subscription-reseller').textContent).toBe('Removed');
    expect(within(subscription(AZURE_ID)).getByTestId('subscription-reseller').textContent).toBe(
      'ファブリカム株式会社 (MPN ID 7654321)',
    );
  });

  it('shows the MC-3 verdict with its earliest date, translated reason and steps, in English and Japanese', async () => {
    const { user } = setup();
    await openSakura(user);
    const move = verdictOf(subscription(E3_ID), 'move-license-subscription');
    expect(move.dataset.verdict).toBe('restricted');
    expect(within(move).getByTestId('verdict-badge').textContent).toContain('Restricted');
    expect(move.textContent).toContain('Move this license-based subscription to another CSP partner');
    expect(within(move).getByTestId('earliest-date').textContent).toBe('Earliest date: Mar 1, 2027');

    const reasons = within(move).getAllByTestId('reason');
    expect(reasons.map((r) => r.dataset.rule)).toEqual(['MC-3']);
    expect(reasons[0]!.textContent).toContain(
      'A license-based subscription cannot be switched to another CSP partner during its term: wait until the term ends on Mar 1, 2027, or cancel it and buy again through the new partner.',
    );
    expect(within(reasons[0]!).getByTestId('rule-badge').getAttribute('title')).toBe(
      'License-based: no switch of partner during the term',
    );
    expect(within(move).getAllByTestId('step').map((s) => s.textContent)).toEqual([
      'Wait until the term ends on Mar 1, 2027, then buy through the new partner.',
      'Or cancel the subscription now, then buy it again through the new partner.',
    ]);

    await act(() => i18n.changeLanguage('ja'));
    expect(within(move).getByTestId('earliest-date').textContent).toBe('実施できる最も早い日: 2027/03/01');
    expect(within(move).getByTestId('verdict-badge').textContent).toContain('条件付きで可');
    expect(move.textContent).toContain('このライセンスベースのサブスクリプションを別の CSP パートナーに移す');
    expect(within(move).getByTestId('reason').textContent).toContain(
      'ライセンスベースのサブスクリプションは、期間中に別の CSP パートナーに切り替えることはできません。期間が終了する 2027/03/01 まで待つか',
    );
    expect(within(within(move).getByTestId('reason')).getByTestId('rule-badge').getAttribute('title')).toBe(
      'ライセンスベース: 期間中はパートナーを切り替えられない',
    );
    expect(within(move).getAllByTestId('step')[0]!.textContent).toBe(
      '期間が終了する 2027/03/01 まで待ち、その後新しいパートナー経由で購入します。',
    );
    expect(screen.getByTestId('customer-relationship').textContent).toBe('再販業者');
  });

  it('lists every customer action with its verdict, reasons in order of strength', async () => {
    const { user } = setup();
    const detail = await openSakura(user);
    const actions = within(within(detail).getByTestId('customer-actions')).getAllByTestId('verdict');
    expect(actions.map((v) => [v.dataset.action, v.dataset.verdict])).toEqual([
      ['request-reseller-relationship', 'allowed'],
      ['request-reseller-relationship-without-dap', 'allowed'],
      ['add-partner', 'allowed'],
      ['sell-online-services', 'allowed'],
      ['designate-indirect-reseller', 'denied'],
    ]);
    const designate = actions[4]!;
    expect(within(designate).getAllByTestId('reason').map((r) => r.dataset.rule)).toEqual(['IND-1', 'NC-1']);
    expect(within(designate).queryByTestId('earliest-date')).toBeNull();
    expect(within(designate).getByTestId('verdict-badge').textContent).toContain('Not allowed');

    // Each subscription carries its own four verdicts.
    expect(within(subscription(AZURE_ID)).getAllByTestId('verdict').map((v) => v.dataset.verdict)).toEqual([
      'restricted',
      'denied',
      'allowed',
      'denied',
    ]);
    const migrate = verdictOf(subscription(AZURE_ID), 'migrate-usage-subscription');
    expect(within(migrate).getAllByTestId('step')[1]!.textContent).toBe(
      'Enter the details of the old subscription (さくら本番環境) by hand.',
    );
  });

  it('falls back to the English message for a key this version does not know', async () => {
    const view = sakuraView();
    const future = { ...reason('MC-3', 'restricts', 'restricted', { date: '2027-03-01' }), key: 'rules.MC-3.newWording' };
    future.message = 'A newer rule text about 2027-03-01.';
    view.verdicts.customer = [verdict('sell-online-services', [future])];
    const { user } = setup(view);
    await openSakura(user);
    await act(() => i18n.changeLanguage('ja'));
    const sell = screen
      .getAllByTestId('verdict')
      .find((v) => v.dataset.action === 'sell-online-services' && !v.closest('[data-testid="subscription"]'))!;
    expect(within(sell).getByTestId('reason').textContent).toContain('A newer rule text about 2027-03-01.');
  });

  it("lists this customer's findings, translated", async () => {
    const { user } = setup();
    const detail = await openSakura(user);
    const items = within(within(detail).getByTestId('customer-findings')).getAllByTestId('customer-finding');
    expect(items.map((i) => [i.dataset.kind, i.dataset.severity])).toEqual([
      ['no-delegated-admin', 'warning'],
      ['unrecognised-value', 'info'],
    ]);
    expect(items[0]!.textContent).toContain('No delegated admin: neither DAP nor an active GDAP relationship');
    expect(items[0]!.textContent).toContain('DAP-1');
    expect(items[1]!.textContent).toContain('Unrecognised value “transferring” in the status, kept as it was read.');
  });

  it('copies the tenant id', async () => {
    const { user } = setup();
    const detail = await openSakura(user);
    await user.click(within(detail).getByTestId('copy-tenant-id'));
    expect(await navigator.clipboard.readText()).toBe(SAKURA_TENANT);
    expect(within(detail).getByTestId('copy-tenant-id').textContent).toBe('Copied');
    expect(within(detail).getByTestId('copy-status').textContent).toBe('Copied');
  });

  it('goes back to the list with the search kept, focusing the row it came from', async () => {
    const { user, backend } = setup();
    await screen.findAllByTestId('customer-row');
    await user.type(screen.getByTestId('customer-search'), 'サクラ');
    await waitFor(() => expect(backend.callsOf('list_customers').length).toBe(2));
    await openSakura(user);
    expect(document.activeElement).toBe(screen.getByTestId('customer-name'));

    await user.click(screen.getByTestId('back-to-customers'));
    expect(screen.queryByTestId('customer-detail')).toBeNull();
    expect((screen.getByTestId('customer-search') as HTMLInputElement).value).toBe('サクラ');
    const row = screen.getAllByTestId('customer-row').find((r) => r.dataset.tenantId === SAKURA_TENANT)!;
    expect(document.activeElement).toBe(row);
    // The cached list answers: no new query for the same search.
    expect(backend.callsOf('list_customers').map((c) => (c.query as { search: string | null }).search)).toEqual([
      null,
      'サクラ',
    ]);
  });

  it('opens with Enter on a focused row and goes back with Escape', async () => {
    const { user } = setup();
    await screen.findAllByTestId('customer-row');
    await user.keyboard('{ArrowDown}'); // from the search field to the first row
    await user.keyboard('{ArrowDown}');
    const row = screen.getAllByTestId('customer-row').find((r) => r.dataset.tenantId === SAKURA_TENANT)!;
    expect(document.activeElement).toBe(row);
    await user.keyboard('{Enter}');
    await screen.findByTestId('partners-panel');
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('customer-detail')).toBeNull();
    expect(document.activeElement).toBe(
      screen.getAllByTestId('customer-row').find((r) => r.dataset.tenantId === SAKURA_TENANT),
    );
  });
});
