import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { App } from '../App';
import type { ProfileList, ProfileSummary } from '../generated/bindings';
import i18n from '../i18n';
import { deferred, mockBackend, profile, PROFILES } from '../test/backend';
import { renderWithProviders } from '../test/render';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

function listOf(profiles: ProfileSummary[], unreadable: ProfileList['unreadable'] = []): ProfileList {
  return { profiles, unreadable };
}

function card(id: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(`[data-testid="profile-card"][data-profile-id="${id}"]`);
  if (!el) throw new Error(`no card ${id}`);
  return el;
}

async function openCreateDialog(user: ReturnType<typeof renderWithProviders>['user']) {
  await user.click(await screen.findByTestId('new-profile'));
  return screen.findByTestId('create-profile-dialog');
}

function field(dialog: HTMLElement, name: string): HTMLInputElement | HTMLSelectElement {
  const el = dialog.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`);
  if (!el) throw new Error(`no field ${name}`);
  return el;
}

describe('profile picker', () => {
  it('renders the profiles with cloud badges, role, counts and ids', async () => {
    mockBackend({ list_profiles: () => listOf(PROFILES) });
    renderWithProviders(<App />);

    const cards = await screen.findAllByTestId('profile-card');
    expect(cards).toHaveLength(4);
    expect(cards.map((c) => c.dataset.cloud)).toEqual(['global', 'us-gov', 'germany', 'china']);
    expect(cards.map((c) => c.dataset.profileId)).toEqual(['p-global', 'p-gov', 'p-de', 'p-cn']);

    const gov = card('p-gov');
    expect(within(gov).getByTestId('profile-name').textContent).toBe('Contoso Government');
    expect(within(gov).getByTestId('cloud-badge').textContent).toBe('US Government');
    expect(within(gov).getByText('Indirect provider')).toBeTruthy();
    expect(within(gov).getByTestId('profile-last-import').textContent).toBe('Never');
    for (const button of ['open-profile', 'rename-profile', 'delete-profile']) {
      expect(within(gov).getByTestId(button).tagName).toBe('BUTTON');
    }

    expect(within(card('p-cn')).getByTestId('cloud-badge').textContent).toBe('21Vianet (China)');
    expect(within(card('p-de')).getByTestId('cloud-badge').textContent).toBe('Germany');

    const global = card('p-global');
    expect(within(global).getByTestId('cloud-badge').textContent).toBe('Global');
    expect(within(global).getByTestId('profile-customer-count').textContent).toBe('1,234');
    expect(within(global).getByTestId('profile-subscription-count').textContent).toBe('5,678');
    expect(within(global).getByText('3fa85f64-5717-4562-b3fc-2c963f66afa6')).toBeTruthy();
    expect(within(global).getByText('1234567')).toBeTruthy();
    expect(within(global).getByTestId('profile-last-import').textContent).not.toBe('Never');

    expect(screen.queryByTestId('first-launch')).toBeNull();
    expect(screen.getByTestId('create-demo-profiles')).toBeTruthy();
  });

  it('formats numbers and translates badges in the UI language', async () => {
    await i18n.changeLanguage('ru');
    mockBackend({ list_profiles: () => listOf(PROFILES) });
    renderWithProviders(<App />);
    await screen.findAllByTestId('profile-card');
    expect(within(card('p-gov')).getByTestId('cloud-badge').textContent).toBe('Правительство США');
    // Russian groups digits with a (narrow) no-break space.
    expect(within(card('p-global')).getByTestId('profile-customer-count').textContent).toMatch(/^1\s234$/);
    expect(document.documentElement.lang).toBe('ru');
  });

  it('lists unreadable profiles separately with their message', async () => {
    mockBackend({
      list_profiles: () =>
        listOf(PROFILES.slice(0, 1), [
          { id: 'broken', file: 'broken.pdesk', code: 'schema_too_new', message: 'schema version 9 > 3' },
        ]),
    });
    renderWithProviders(<App />);
    const item = await screen.findByTestId('unreadable-profile');
    expect(item.textContent).toContain('broken.pdesk');
    expect(item.textContent).toContain('schema version 9 > 3');
    expect(item.textContent).toContain('schema_too_new');
    expect(screen.getAllByTestId('profile-card')).toHaveLength(1);
  });

  it('offers to restore a damaged profile from its backups', async () => {
    const backend = mockBackend({
      list_profiles: () =>
        listOf(PROFILES.slice(0, 1), [
          { id: 'p9', file: '/data/profiles/p9.sqlite', code: 'profile_corrupt', message: 'the file is damaged' },
        ]),
      list_backups: () => [
        {
          id: '20261120T090000.000Z-import',
          reason: 'import',
          created_at: '2026-11-20T09:00:00Z',
          bytes: 40960,
          path: '/data/backups/p9/20261120T090000.000Z-import.sqlite',
        },
      ],
      restore_backup: () => ({
        restored: {
          id: '20261120T090000.000Z-import',
          reason: 'import',
          created_at: '2026-11-20T09:00:00Z',
          bytes: 40960,
          path: '/data/profiles/p9.sqlite',
        },
        previous: null,
      }),
    });
    const { user } = renderWithProviders(<App />);
    const item = await screen.findByTestId('unreadable-profile');
    expect(item.textContent).toContain('The profile file is damaged; restore it from a backup');
    await user.click(within(item).getByTestId('open-backups'));
    const backup = await screen.findByTestId('backup');
    expect(backup.textContent).toContain('before an import');
    expect(backup.textContent).toContain('40 KB');
    await user.click(within(backup).getByTestId('restore-backup'));
    await screen.findByTestId('backup-restored');
    expect(backend.callsOf('restore_backup')).toEqual([{ profile: 'p9', backup: '20261120T090000.000Z-import' }]);
  });

  it('shows the first-launch panel when there are no profiles, and creates demo profiles from it', async () => {
    let stored: ProfileSummary[] = [];
    const demo = deferred<ProfileSummary[]>();
    const backend = mockBackend({
      list_profiles: () => listOf(stored),
      create_demo_profiles: () => demo.promise,
    });
    const { user } = renderWithProviders(<App />);

    const panel = await screen.findByTestId('first-launch');
    expect(screen.queryAllByTestId('profile-card')).toHaveLength(0);
    const emptyButton = within(panel).getByTestId('empty-create-demo-profiles');
    const toolbarButton = screen.getByTestId('create-demo-profiles');

    await user.click(emptyButton);
    expect(backend.callsOf('create_demo_profiles')).toEqual([{}]);
    await waitFor(() => expect(toolbarButton.getAttribute('aria-busy')).toBe('true'));
    expect((toolbarButton as HTMLButtonElement).disabled).toBe(true);
    expect((emptyButton as HTMLButtonElement).disabled).toBe(true);

    // A second click while busy does nothing.
    await user.click(toolbarButton);
    expect(backend.callsOf('create_demo_profiles')).toHaveLength(1);

    stored = PROFILES;
    demo.resolve(PROFILES);
    expect(await screen.findAllByTestId('profile-card')).toHaveLength(4);
    expect(screen.queryByTestId('first-launch')).toBeNull();
    expect(screen.getByTestId('create-demo-profiles').getAttribute('aria-busy')).toBe('false');
    expect(screen.getByTestId('notice').textContent).toContain('Created 4 demo profiles.');
  });

  it('shows a failed call in the error banner with message and code, and dismisses it', async () => {
    mockBackend({
      list_profiles: () => {
        throw { code: 'io', message: 'permission denied: /data/profiles' };
      },
    });
    const { user } = renderWithProviders(<App />);
    const banner = await screen.findByTestId('error-banner');
    expect(banner.getAttribute('role')).toBe('alert');
    expect(banner.textContent).toContain('permission denied: /data/profiles');
    expect(banner.textContent).toContain('io');
    await user.click(within(banner).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('error-banner')).toBeNull();
  });

  it('shows a failed demo creation in the banner', async () => {
    mockBackend({
      list_profiles: () => listOf([]),
      create_demo_profiles: () => {
        throw { code: 'duplicate_name', message: 'name: "Demo Global" already exists' };
      },
    });
    const { user } = renderWithProviders(<App />);
    await user.click(await screen.findByTestId('create-demo-profiles'));
    const banner = await screen.findByTestId('error-banner');
    expect(banner.textContent).toContain('"Demo Global" already exists');
    expect(banner.textContent).toContain('duplicate_name');
  });
});

describe('create-profile dialog', () => {
  it('opens as an accessible modal with focus on the first field, and Esc returns focus', async () => {
    mockBackend({ list_profiles: () => listOf(PROFILES) });
    const { user } = renderWithProviders(<App />);
    const dialog = await openCreateDialog(user);

    expect(dialog.getAttribute('role')).toBe('dialog');
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    const title = document.getElementById(dialog.getAttribute('aria-labelledby') ?? '');
    expect(title?.textContent).toBe('New profile');
    expect(document.activeElement).toBe(field(dialog, 'name'));
    expect(field(dialog, 'cloud').tagName).toBe('SELECT');
    expect(field(dialog, 'role').tagName).toBe('SELECT');
    expect((field(dialog, 'cloud') as HTMLSelectElement).value).toBe('global');
    expect((field(dialog, 'role') as HTMLSelectElement).value).toBe('direct');

    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('create-profile-dialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('new-profile'));
  });

  it('keeps Tab inside the dialog and makes the page behind it inert', async () => {
    mockBackend({ list_profiles: () => listOf(PROFILES) });
    const { user, container } = renderWithProviders(<App />);
    const dialog = await openCreateDialog(user);
    expect(container.inert).toBe(true);

    const submit = within(dialog).getByTestId('create-profile-submit');
    submit.focus();
    await user.tab();
    expect(document.activeElement).toBe(field(dialog, 'name'));
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(submit);

    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByTestId('create-profile-dialog')).toBeNull();
    expect(container.inert).toBe(false);
  });

  it('rejects a bad tenant id with a field error and does not call create_profile', async () => {
    const backend = mockBackend({ list_profiles: () => listOf(PROFILES) });
    const { user } = renderWithProviders(<App />);
    const dialog = await openCreateDialog(user);

    await user.type(field(dialog, 'name'), 'Fabrikam');
    await user.type(field(dialog, 'tenant_id'), 'not-a-guid');
    await user.click(within(dialog).getByTestId('create-profile-submit'));

    const error = within(dialog).getByTestId('field-error-tenant_id');
    expect(error.textContent).toContain('GUID');
    const input = field(dialog, 'tenant_id');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')?.split(' ')).toContain(error.id);
    expect(document.activeElement).toBe(input);
    expect(within(dialog).queryByTestId('field-error-name')).toBeNull();
    expect(backend.callsOf('create_profile')).toEqual([]);
  });

  it('requires a name, limits it to 120 characters and MPN ids to 10 digits', async () => {
    const backend = mockBackend({ list_profiles: () => listOf(PROFILES) });
    const { user } = renderWithProviders(<App />);
    const dialog = await openCreateDialog(user);

    await user.type(field(dialog, 'mpn_id'), '12345678901');
    await user.keyboard('{Enter}');
    expect(within(dialog).getByTestId('field-error-name').textContent).toBe('Enter a name.');
    expect(within(dialog).getByTestId('field-error-mpn_id').textContent).toContain('at most 10');
    expect(document.activeElement).toBe(field(dialog, 'name'));

    await user.click(field(dialog, 'name'));
    await user.paste('x'.repeat(121));
    expect(within(dialog).getByTestId('field-error-name').textContent).toBe('Use at most 120 characters.');
    await user.keyboard('{Backspace}');
    expect(within(dialog).queryByTestId('field-error-name')).toBeNull();
    expect(backend.callsOf('create_profile')).toEqual([]);
  });

  it('sends a valid profile to create_profile and closes', async () => {
    let stored = PROFILES.slice(0, 1);
    const backend = mockBackend({
      list_profiles: () => listOf(stored),
      create_profile: ({ input }) => {
        const created = profile({ id: 'p-new', name: 'Fabrikam US', cloud: 'us-gov', role: 'indirect-reseller' });
        stored = [...stored, created];
        expect(input).toBeTruthy();
        return created;
      },
    });
    const { user } = renderWithProviders(<App />);
    const dialog = await openCreateDialog(user);

    await user.type(field(dialog, 'name'), '  Fabrikam US ');
    await user.selectOptions(field(dialog, 'cloud'), 'us-gov');
    // Braces are allowed; upper case is fine.
    await user.type(field(dialog, 'tenant_id'), '{{3FA85F64-5717-4562-B3FC-2C963F66AFA6}');
    // Full-width digits from a Japanese input method count as digits.
    await user.type(field(dialog, 'mpn_id'), '１２３４５６７');
    await user.selectOptions(field(dialog, 'role'), 'indirect-reseller');
    await user.click(within(dialog).getByTestId('create-profile-submit'));

    await waitFor(() => expect(screen.queryByTestId('create-profile-dialog')).toBeNull());
    expect(backend.callsOf('create_profile')).toEqual([
      {
        input: {
          name: 'Fabrikam US',
          cloud: 'us-gov',
          tenant_id: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
          mpn_id: '1234567',
          role: 'indirect-reseller',
        },
      },
    ]);
    expect(await screen.findAllByTestId('profile-card')).toHaveLength(2);
    expect(screen.getByTestId('notice').textContent).toContain('Fabrikam US');
    expect(document.activeElement).toBe(screen.getByTestId('new-profile'));
  });

  it('keeps the dialog open and shows the server error inside it', async () => {
    const create = deferred<ProfileSummary>();
    const backend = mockBackend({
      list_profiles: () => listOf(PROFILES),
      create_profile: () => create.promise,
    });
    const { user } = renderWithProviders(<App />);
    const dialog = await openCreateDialog(user);
    await user.type(field(dialog, 'name'), 'Contoso Global{Enter}');

    const submit = within(dialog).getByTestId('create-profile-submit') as HTMLButtonElement;
    await waitFor(() => expect(submit.disabled).toBe(true));
    await user.keyboard('{Enter}');
    expect(backend.callsOf('create_profile')).toHaveLength(1);

    create.reject({ code: 'duplicate_name', message: 'name: a profile named "Contoso Global" already exists' });
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('a profile named "Contoso Global" already exists');
    expect(alert.textContent).toContain('duplicate_name');
    expect(within(dialog).getByTestId('field-error-name').textContent).toBe('A profile with this name already exists.');
    expect(submit.disabled).toBe(false);
    expect(screen.getByTestId('create-profile-dialog')).toBeTruthy();
    // Shown in the dialog, not (hidden) behind it.
    expect(screen.queryByTestId('error-banner')).toBeNull();
  });
});

describe('rename and delete', () => {
  it('renames through the rename dialog', async () => {
    let stored = PROFILES;
    const backend = mockBackend({
      list_profiles: () => listOf(stored),
      rename_profile: ({ profile: id, name }) => {
        stored = stored.map((p) => (p.id === id ? { ...p, name: String(name) } : p));
        return stored.find((p) => p.id === id);
      },
    });
    const { user } = renderWithProviders(<App />);
    await screen.findAllByTestId('profile-card');
    const trigger = within(card('p-de')).getByTestId('rename-profile');
    await user.click(trigger);

    const dialog = screen.getByTestId('rename-profile-dialog');
    const input = field(dialog, 'name') as HTMLInputElement;
    expect(input.value).toBe('Contoso Deutschland');
    expect(document.activeElement).toBe(input);

    await user.clear(input);
    await user.click(within(dialog).getByTestId('rename-profile-submit'));
    expect(within(dialog).getByTestId('field-error-name')).toBeTruthy();
    expect(backend.callsOf('rename_profile')).toEqual([]);

    await user.type(input, 'Contoso DE');
    await user.click(within(dialog).getByTestId('rename-profile-submit'));
    await waitFor(() => expect(screen.queryByTestId('rename-profile-dialog')).toBeNull());
    expect(backend.callsOf('rename_profile')).toEqual([{ profile: 'p-de', name: 'Contoso DE' }]);
    await waitFor(() => expect(within(card('p-de')).getByTestId('profile-name').textContent).toBe('Contoso DE'));
    expect(document.activeElement).toBe(trigger);
  });

  it('deletes only after explicit confirmation, and shows the backup path', async () => {
    let stored = PROFILES;
    const backend = mockBackend({
      list_profiles: () => listOf(stored),
      delete_profile: ({ profile: id }) => {
        const gone = stored.find((p) => p.id === id)!;
        stored = stored.filter((p) => p.id !== id);
        return { id: gone.id, name: gone.name, backup_path: '/data/backups/p-gov-20250301.pdesk' };
      },
    });
    const { user } = renderWithProviders(<App />);
    await screen.findAllByTestId('profile-card');

    // Cancel button.
    await user.click(within(card('p-gov')).getByTestId('delete-profile'));
    let dialog = screen.getByTestId('delete-profile-dialog');
    expect(dialog.getAttribute('role')).toBe('alertdialog');
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.textContent).toContain('Contoso Government');
    expect(dialog.textContent).toContain('backup');
    // Focus starts on Cancel, so Enter alone does not delete.
    expect(document.activeElement).toBe(within(dialog).getByTestId('cancel-delete'));
    await user.keyboard('{Enter}');
    expect(screen.queryByTestId('delete-profile-dialog')).toBeNull();
    expect(backend.callsOf('delete_profile')).toEqual([]);

    // Esc.
    await user.click(within(card('p-gov')).getByTestId('delete-profile'));
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('delete-profile-dialog')).toBeNull();
    expect(backend.callsOf('delete_profile')).toEqual([]);

    // Confirm.
    await user.click(within(card('p-gov')).getByTestId('delete-profile'));
    dialog = screen.getByTestId('delete-profile-dialog');
    await user.click(within(dialog).getByTestId('confirm-delete'));
    await waitFor(() => expect(screen.queryByTestId('delete-profile-dialog')).toBeNull());
    expect(backend.callsOf('delete_profile')).toEqual([{ profile: 'p-gov' }]);
    expect(screen.queryByText('Contoso Government')).toBeNull();
    expect(screen.getAllByTestId('profile-card')).toHaveLength(3);
    expect(screen.getByTestId('backup-path').textContent).toBe('/data/backups/p-gov-20250301.pdesk');
    expect(document.activeElement).toBe(screen.getByTestId('notice'));
  });

  it('shows a failed delete inside the confirmation dialog', async () => {
    mockBackend({
      list_profiles: () => listOf(PROFILES),
      delete_profile: () => {
        throw { code: 'io', message: 'backup folder is read-only' };
      },
    });
    const { user } = renderWithProviders(<App />);
    await screen.findAllByTestId('profile-card');
    await user.click(within(card('p-gov')).getByTestId('delete-profile'));
    const dialog = screen.getByTestId('delete-profile-dialog');
    await user.click(within(dialog).getByTestId('confirm-delete'));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('backup folder is read-only');
    expect(screen.getAllByTestId('profile-card')).toHaveLength(4);
  });
});

describe('language', () => {
  it('switches language, sets <html lang> and remembers the choice', async () => {
    mockBackend({ list_profiles: () => listOf(PROFILES) });
    const { user } = renderWithProviders(<App />);
    await screen.findAllByTestId('profile-card');

    const select = screen.getByTestId('language-select') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(['English', '日本語', '繁體中文', 'Русский']);
    await user.selectOptions(select, 'zh-TW');
    expect(document.documentElement.lang).toBe('zh-TW');
    expect(localStorage.getItem('partner-desk.language')).toBe('zh-TW');
    expect(within(card('p-gov')).getByTestId('cloud-badge').textContent).toBe('美國政府');
    expect(screen.getByTestId('new-profile').textContent).toBe('新增設定檔');

    await user.selectOptions(select, 'ja');
    expect(within(card('p-cn')).getByTestId('cloud-badge').textContent).toBe('21Vianet (中国)');
  });
});
