import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { CustomerHistory, CustomerTags, HistoryChange } from '../generated/bindings';
import i18n from '../i18n';
import { mockBackend } from '../test/backend';
import { OUR_PROFILE, SAKURA_TENANT } from '../test/customerView';
import { renderWithProviders } from '../test/render';
import { CHANGES_SHOWN, CustomerHistoryPanel } from './CustomerHistoryPanel';
import { CustomerTagsEditor, tagProblem } from './CustomerTagsEditor';
import { EMPTY_LINK_FORM, ManualLinkDialog, validateLinkForm } from './ManualLinkDialog';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

function tags(list: [string, boolean][], removed: string[] = []): CustomerTags {
  return {
    customer_tenant_id: SAKURA_TENANT,
    tags: list.map(([tag, imported]) => ({ tag, imported })),
    removed_imported: removed,
  };
}

describe('customer tags', () => {
  it('checks a new tag before sending it', () => {
    expect(tagProblem('  ', [])).toBe('tags.errors.empty');
    expect(tagProblem('a,b', [])).toBe('tags.errors.comma');
    expect(tagProblem('x'.repeat(41), [])).toBe('tags.errors.tooLong');
    expect(tagProblem(' vip ', ['vip'])).toBe('tags.errors.duplicate');
    expect(tagProblem('更新 3月', ['vip'])).toBeNull();
  });

  it('adds with Enter, removes an imported tag, offers it back, and refuses a duplicate without a call', async () => {
    let stored = tags([['vip', true]]);
    const backend = mockBackend({
      customer_tags: () => stored,
      set_customer_tags: ({ tags: next }) => {
        const list = next as string[];
        stored = tags(
          list.map((tag) => [tag, tag === 'vip']),
          list.includes('vip') ? [] : ['vip'],
        );
        return stored;
      },
    });
    const { user } = renderWithProviders(<CustomerTagsEditor profile={OUR_PROFILE} customer={SAKURA_TENANT} />);
    const first = await screen.findByTestId('customer-tag');
    expect(first.dataset.imported).toBe('true');

    await user.type(screen.getByTestId('new-tag'), 'vip{Enter}');
    expect(screen.getByTestId('tag-problem').textContent).toBe(i18n.t('tags.errors.duplicate'));
    expect(backend.callsOf('set_customer_tags')).toEqual([]);

    await user.clear(screen.getByTestId('new-tag'));
    await user.type(screen.getByTestId('new-tag'), '更新 3月{Enter}');
    await waitFor(() => expect(screen.getAllByTestId('customer-tag')).toHaveLength(2));
    expect(backend.callsOf('set_customer_tags')).toEqual([
      { profile: OUR_PROFILE.id, customer: SAKURA_TENANT, tags: ['vip', '更新 3月'] },
    ]);
    expect((screen.getByTestId('new-tag') as HTMLInputElement).value).toBe('');

    await user.click(screen.getByRole('button', { name: i18n.t('tags.remove', { tag: 'vip' }) }));
    await waitFor(() => expect(screen.getAllByTestId('customer-tag')).toHaveLength(1));
    expect(backend.callsOf('set_customer_tags').at(-1)?.tags).toEqual(['更新 3月']);

    await user.click(await screen.findByTestId('restore-tag'));
    await waitFor(() => expect(screen.getAllByTestId('customer-tag')).toHaveLength(2));
    expect(backend.callsOf('set_customer_tags').at(-1)?.tags).toEqual(['更新 3月', 'vip']);
  });
});

function change(entity: string, field: string, label: string, before: string | null = null, after: string | null = null): HistoryChange {
  return { entity, id: `${entity}-${label}`, label, field, before, after };
}

describe('customer history', () => {
  const history: CustomerHistory = {
    customer_tenant_id: SAKURA_TENANT,
    entries: [
      {
        snapshot_id: 2,
        created_at: '2026-11-20T09:00:00Z',
        kind: 'import',
        changes: [
          change('subscription', 'quantity', 'Microsoft 365 E3', '10', '12'),
          change('subscription', 'status', 'Microsoft 365 E3', 'active', 'suspended'),
          change('link', 'added', 'Northwind Cloud', null, 'advisor'),
          change('customer', 'allow_delegated_access', 'さくら', 'false', 'true'),
        ],
      },
      {
        snapshot_id: 1,
        created_at: '2026-10-20T09:00:00Z',
        kind: 'import',
        changes: Array.from({ length: CHANGES_SHOWN + 3 }, (_, i) => change('subscription', 'added', `Offer ${i}`)),
      },
    ],
  };

  it('lists each snapshot newest first, in sentences with translated values, the long ones folded', async () => {
    mockBackend({ customer_history: () => history });
    const { user } = renderWithProviders(<CustomerHistoryPanel profile={OUR_PROFILE} customer={SAKURA_TENANT} />);
    const entries = await screen.findAllByTestId('history-entry');
    expect(entries.map((e) => e.dataset.snapshotId)).toEqual(['2', '1']);
    const newest = within(entries[0]!).getAllByTestId('history-change').map((c) => c.textContent);
    expect(newest).toEqual([
      'Microsoft 365 E3: quantity 10 → 12',
      'Microsoft 365 E3: status Active → Suspended',
      'Partner Northwind Cloud added as Advisor',
      'さくら: delegated admin Not allowed → Allowed',
    ]);
    expect(within(entries[1]!).getAllByTestId('history-change')).toHaveLength(CHANGES_SHOWN);
    await user.click(within(entries[1]!).getByRole('button', { name: i18n.t('history.showMore', { count: 3 }) }));
    expect(within(entries[1]!).getAllByTestId('history-change')).toHaveLength(CHANGES_SHOWN + 3);

    await act(() => i18n.changeLanguage('ja'));
    try {
      const link = within(screen.getAllByTestId('history-entry')[0]!).getAllByTestId('history-change')[2]!;
      expect(link.textContent).toBe('パートナー Northwind Cloud が アドバイザー として追加されました');
    } finally {
      await act(() => i18n.changeLanguage('en'));
    }
  });
});

describe('manual partner link', () => {
  it('checks the form before sending', () => {
    expect(validateLinkForm(EMPTY_LINK_FORM).partner_id?.key).toBe('linkForm.errors.partnerRequired');
    const bad = validateLinkForm({ ...EMPTY_LINK_FORM, mode: 'new', name: ' ', tenant_id: 'nope', mpn_id: '12a' });
    expect(Object.keys(bad).sort()).toEqual(['mpn_id', 'name', 'tenant_id']);
    expect(validateLinkForm({ ...EMPTY_LINK_FORM, partner_id: 'p1', kind: 'friend' }).kind?.key).toBe(
      'linkForm.errors.kindRequired',
    );
    expect(validateLinkForm({ ...EMPTY_LINK_FORM, mode: 'new', name: 'Northwind', mpn_id: '7654321' })).toEqual({});
  });

  it('enters a new partner, then links it, and closes', async () => {
    const backend = mockBackend({
      add_manual_partner: () => ({ id: 'mpn:7654321', tenant_id: null, mpn_id: '7654321', name: 'Northwind', location: null }),
      add_manual_link: ({ link }) => ({ ...(link as object), source: 'manual', start_date: '2026-11-21', end_date: null }),
    });
    const onClose = vi.fn();
    const { user } = renderWithProviders(
      <ManualLinkDialog profile={OUR_PROFILE} customer={SAKURA_TENANT} onClose={onClose} />,
    );
    await user.click(screen.getByTestId('link-submit'));
    expect(await screen.findByTestId('field-error-partner_id')).toBeTruthy();
    expect(backend.callsOf('add_manual_link')).toEqual([]);

    await user.click(screen.getByTestId('link-mode-new'));
    await user.type(screen.getByTestId('partner-name-input'), 'Northwind');
    await user.type(screen.getByLabelText(i18n.t('linkForm.mpnId')), '7654321');
    await user.selectOptions(screen.getByTestId('link-kind'), 'advisor');
    await user.type(screen.getByLabelText(i18n.t('linkForm.scope')), 'Azure');
    await user.click(screen.getByTestId('link-submit'));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(backend.callsOf('add_manual_partner')).toEqual([
      { profile: OUR_PROFILE.id, input: { name: 'Northwind', tenant_id: null, mpn_id: '7654321', location: null } },
    ]);
    expect(backend.callsOf('add_manual_link')).toEqual([
      {
        profile: OUR_PROFILE.id,
        link: { customer_tenant_id: SAKURA_TENANT, partner_id: 'mpn:7654321', kind: 'advisor', scope: 'Azure' },
      },
    ]);
  });

  it('links a partner the profile knows, and shows the store refusal inline', async () => {
    const backend = mockBackend({
      list_partners: () => [
        { partner: { id: 'p-a', tenant_id: null, mpn_id: '111', name: 'Adatum', location: null }, source: 'import' },
        { partner: { id: 'p-b', tenant_id: null, mpn_id: '222', name: 'Bellows', location: null }, source: 'manual' },
      ],
      add_manual_link: () => {
        throw { code: 'invalid_input', message: 'link: already exists' };
      },
    });
    const onClose = vi.fn();
    const { user } = renderWithProviders(
      <ManualLinkDialog profile={OUR_PROFILE} customer={SAKURA_TENANT} onClose={onClose} />,
    );
    await user.type(screen.getByLabelText(i18n.t('linkForm.filter')), 'bell');
    const select = screen.getByTestId('link-partner') as HTMLSelectElement;
    await waitFor(() => expect(select.options).toHaveLength(2));
    await user.selectOptions(select, 'p-b');
    await user.click(screen.getByTestId('link-submit'));
    expect((await screen.findByTestId('link-error')).textContent).toContain('already exists');
    expect(onClose).not.toHaveBeenCalled();
    expect(backend.callsOf('add_manual_link')[0]!.link).toEqual({
      customer_tenant_id: SAKURA_TENANT,
      partner_id: 'p-b',
      kind: 'advisor',
      scope: null,
    });
  });
});
