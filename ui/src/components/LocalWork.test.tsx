import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ImportSummary, PickedFile, RequestDraft, Workflow } from '../generated/bindings';
import i18n from '../i18n';
import { mockBackend, profile } from '../test/backend';
import { reason, verdict } from '../test/customerView';
import { renderWithProviders } from '../test/render';
import { ImportView } from './ImportView';
import { RequestComposer } from './RequestComposer';
import { StartWorkflowButtons, WorkflowList } from './Workflows';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn(() => Promise.resolve(() => {})) }));

const GOV = profile({ id: 'p-gov', name: 'Contoso Gov', cloud: 'us-gov' });
const LINK = 'https://portal.office365.us/Adminportal/Home?invType=ResellerRelationship&partnerId=x&msppId=0&DAP=true';

function govDraft(): RequestDraft {
  return {
    cloud: 'us-gov',
    partner_tenant_id: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    with_dap_link: LINK,
    without_dap_link: null,
    without_dap_unavailable: reason('NC-3', 'denies', 'denied'),
  };
}

describe('relationship request composer', () => {
  it('disables "without delegated admin" in us-gov with NC-3, and records the request in the chosen language', async () => {
    const backend = mockBackend({
      request_draft: () => govDraft(),
      list_requests: () => [],
      record_request: () => ({
        id: 1,
        customer_tenant_id: null,
        customer_name: null,
        url: LINK,
        with_delegated_admin: true,
        language: 'ja',
        sent_at: '2026-11-21T09:00:00Z',
        accepted_at: null,
      }),
    });
    const { user } = renderWithProviders(
      <RequestComposer profile={GOV} customer={null} customerName={null} onClose={() => {}} />,
    );
    const why = await screen.findByTestId('composer-without-dap-reason');
    expect(why.dataset.rule).toBe('NC-3');
    expect((screen.getByTestId('composer-without-dap') as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByTestId('composer-link').textContent).toBe(LINK);

    await user.selectOptions(screen.getByTestId('composer-language'), 'ja');
    const email = screen.getByTestId('composer-email') as HTMLTextAreaElement;
    expect(email.value).toContain(LINK);
    expect(email.value).toContain('Contoso Gov');
    expect(email.value).toContain('リセラー関係');

    await user.click(screen.getByTestId('composer-record'));
    await screen.findByTestId('composer-recorded');
    expect(backend.callsOf('record_request')).toEqual([
      { profile: 'p-gov', sent: { customer: null, with_delegated_admin: true, language: 'ja' } },
    ]);
  });
});

function workflow(done: boolean): Workflow {
  return {
    id: 4,
    rule: 'MC-3',
    action: 'move-license-subscription',
    customer_tenant_id: 't1',
    customer_name: '株式会社さくら商事',
    subscription_id: 's1',
    subscription_name: 'Office 365 E3',
    option: 'wait_for_term_end',
    due_date: '2027-03-01',
    created_at: '2026-11-21T09:00:00Z',
    closed_at: null,
    steps: [
      {
        position: 0,
        key: 'steps.MC-3.agreeWithCustomer',
        params: {},
        message: 'Agree the move',
        done_at: done ? '2026-11-21T09:05:00Z' : null,
        note: null,
      },
    ],
  };
}

describe('workflows', () => {
  it('lists open workflows with their due date, and ticks a step', async () => {
    let ticked = false;
    const backend = mockBackend({
      list_workflows: () => [workflow(ticked)],
      update_workflow_step: () => {
        ticked = true;
        return workflow(true);
      },
    });
    const { user } = renderWithProviders(<WorkflowList profile={profile()} customer={null} />);
    const card = await screen.findByTestId('workflow');
    expect(within(card).getByTestId('workflow-due').textContent).toBe('due Mar 1, 2027');
    expect(card.textContent).toContain('株式会社さくら商事');
    expect(card.textContent).toContain('Agree the move and its date with the customer and the new partner.');
    await user.click(within(card).getByTestId('workflow-step-done'));
    await waitFor(() => expect(screen.getByTestId('workflow-step').dataset.done).toBe('true'));
    expect(backend.callsOf('update_workflow_step')).toEqual([
      { profile: 'p-global', update: { workflow_id: 4, position: 0, done: true, note: null } },
    ]);
    expect(within(card).getByTestId('workflow-progress').textContent).toBe('1 of 1 steps done');
  });
});

describe('import wizard', () => {
  const picked: PickedFile[] = [
    {
      token: 7,
      name: 'export',
      path: '/data/export',
      files: [{ path: 'customers.json', format: 'rest-customers', records: 3 }],
      problems: [],
      more_problems: 0,
    },
  ];
  const summary: ImportSummary = {
    snapshot_id: 2,
    files: 0,
    counts: { customer: { added: 3, changed: 0, removed: 0, unchanged: 1, kept_manual: 0 } },
  };

  it('shows what was picked, imports it and shows the counts', async () => {
    const backend = mockBackend({
      pick_import_files: () => picked,
      run_import: () => summary,
      list_snapshots: () => [],
    });
    const { user } = renderWithProviders(<ImportView profile={profile()} />);
    await user.click(screen.getByTestId('pick-folder'));
    const file = await screen.findByTestId('import-file');
    expect(file.dataset.format).toBe('rest-customers');
    expect(screen.getByTestId('import-valid')).toBeTruthy();
    expect(backend.callsOf('pick_import_files')[0]).toMatchObject({ kind: 'folder' });

    await user.click(screen.getByTestId('run-import'));
    const count = await screen.findByTestId('import-count');
    expect(count.dataset.entity).toBe('customer');
    expect(count.textContent).toBe('Customers3001');
    const [run] = backend.callsOf('run_import');
    expect(run).toMatchObject({ profile: 'p-global', tokens: [7] });
    // Each run has its own id, which progress events and Cancel name.
    const [pick] = backend.callsOf('pick_import_files');
    expect(typeof run?.importId).toBe('string');
    expect(run?.importId).not.toBe('');
    expect(run?.importId).not.toBe(pick?.importId);
  });

  it('lists problems in a table and does not offer to import', async () => {
    mockBackend({
      pick_import_files: () => [
        {
          ...picked[0]!,
          problems: [{ file: 'bad.csv', position: 'line 3', field: 'Microsoft ID', value: 'x', reason: 'must be a GUID' }],
          more_problems: 4,
        },
      ],
      list_snapshots: () => [],
    });
    await i18n.changeLanguage('ru');
    const { user } = renderWithProviders(<ImportView profile={profile()} />);
    await user.click(screen.getByTestId('pick-files'));
    const problem = await screen.findByTestId('import-problem');
    expect(problem.textContent).toContain('must be a GUID');
    expect((screen.getByTestId('run-import') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('import-problems').parentElement?.textContent).toContain('… и ещё 4 проблемы');
  });
});

describe('manual subscription', () => {
  it('checks the form, then adds the subscription bought elsewhere', async () => {
    const { ManualSubscriptionDialog } = await import('./ManualSubscriptionDialog');
    const backend = mockBackend({ add_manual_subscription: () => ({}) });
    const onClose = vi.fn();
    const { user } = renderWithProviders(
      <ManualSubscriptionDialog profile={profile()} customer="t1" onClose={onClose} />,
    );
    await user.clear(screen.getByLabelText('Quantity'));
    await user.type(screen.getByLabelText('Quantity'), 'ten');
    await user.click(screen.getByTestId('manual-submit'));
    expect(screen.getByTestId('field-error-offer_name').textContent).toBe('Enter the offer name.');
    expect(screen.getByTestId('field-error-quantity').textContent).toBe('Enter a whole number.');
    expect(backend.callsOf('add_manual_subscription')).toEqual([]);

    await user.type(screen.getByLabelText('Offer name'), 'Azure (EA)');
    await user.clear(screen.getByLabelText('Quantity'));
    await user.type(screen.getByLabelText('Quantity'), '3');
    await user.selectOptions(screen.getByLabelText('Bought through'), 'ea');
    await user.click(screen.getByTestId('manual-submit'));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(backend.callsOf('add_manual_subscription')).toEqual([
      {
        profile: 'p-global',
        input: {
          customer_tenant_id: 't1',
          offer_name: 'Azure (EA)',
          channel: 'ea',
          billing_type: 'usage',
          quantity: 3,
          commitment_end: null,
          partner_of_record: null,
          status: null,
          auto_renew: null,
        },
      },
    ]);
  });
});

describe('snapshots', () => {
  it('compares any two snapshots, and a snapshot with the one before it', async () => {
    const snapshot = (id: number) => ({ id, created_at: `2026-11-0${id}T09:00:00Z`, kind: 'import', summary: null });
    const diff = (from: number, to: number) => ({
      from,
      to,
      customers_added: [{ tenant_id: 't9', company_name: 'ООО «Новый»' }],
      customers_removed: [],
      partners_added: [],
      partners_removed: [],
      subscription_changes: [],
      gdap_changes: [],
    });
    const backend = mockBackend({
      list_snapshots: () => [snapshot(1), snapshot(2), snapshot(3)],
      snapshot_diff: ({ from, to }) => diff(from as number, to as number),
    });
    const { user } = renderWithProviders(<ImportView profile={profile()} />);
    await screen.findAllByTestId('snapshot');
    await user.selectOptions(screen.getByTestId('diff-from'), '3');
    await user.selectOptions(screen.getByTestId('diff-to'), '1');
    await user.click(screen.getByTestId('diff-compare'));
    const shown = await screen.findByTestId('snapshot-diff');
    expect(shown.textContent).toContain('ООО «Новый»');
    expect(backend.callsOf('snapshot_diff')).toEqual([{ profile: 'p-global', from: 1, to: 3 }]);

    const second = screen.getAllByTestId('snapshot').find((s) => s.dataset.snapshotId === '2')!;
    await user.click(within(second).getByTestId('diff-snapshot'));
    await waitFor(() => expect(backend.callsOf('snapshot_diff').at(-1)).toEqual({ profile: 'p-global', from: 1, to: 2 }));
  });
});

describe('customer notes', () => {
  it('saves the note and shows when', async () => {
    const { CustomerNotes } = await import('./CustomerNotes');
    const backend = mockBackend({
      customer_note: () => null,
      set_customer_note: ({ note }) => ({ customer_tenant_id: 't1', note, updated_at: '2026-11-21T09:00:00Z' }),
    });
    const { user } = renderWithProviders(<CustomerNotes profile={profile()} customer="t1" />);
    const box = await screen.findByTestId('customer-note');
    expect((screen.getByTestId('save-note') as HTMLButtonElement).disabled).toBe(true);
    await user.type(box, '更新は3月');
    await user.click(screen.getByTestId('save-note'));
    await screen.findByTestId('note-updated');
    expect(backend.callsOf('set_customer_note')).toEqual([{ profile: 'p-global', customer: 't1', note: '更新は3月' }]);
    expect((screen.getByTestId('save-note') as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('starting a workflow', () => {
  it('offers what the verdict offers: both MC-3 ways, a checklist, or nothing', async () => {
    const backend = mockBackend({ start_workflow: () => workflow(false) });
    const mc3 = verdict('move-license-subscription', [], {
      verdict: 'restricted',
      workflow: { rule: 'MC-3', options: ['wait_for_term_end', 'cancel_and_rebuy'] },
    });
    const { user, unmount } = renderWithProviders(
      <StartWorkflowButtons profile={profile()} customer="t1" subscriptionId="s1" verdict={mc3} />,
    );
    const buttons = screen.getAllByTestId('start-workflow');
    expect(buttons.map((b) => b.dataset.option)).toEqual(['wait_for_term_end', 'cancel_and_rebuy']);
    await user.click(buttons[1]!);
    await screen.findByTestId('workflow-started');
    expect(backend.callsOf('start_workflow')).toEqual([
      {
        profile: 'p-global',
        start: { customer: 't1', subscription_id: 's1', action: 'move-license-subscription', option: 'cancel_and_rebuy' },
        today: null,
      },
    ]);
    unmount();

    const mc4 = verdict('migrate-usage-subscription', [], { workflow: { rule: 'MC-4', options: [] } });
    const second = renderWithProviders(
      <StartWorkflowButtons profile={profile()} customer="t1" subscriptionId="s1" verdict={mc4} />,
    );
    expect(screen.getAllByTestId('start-workflow').map((b) => b.dataset.option)).toEqual(['checklist']);
    second.unmount();

    renderWithProviders(
      <StartWorkflowButtons profile={profile()} customer="t1" subscriptionId="s1" verdict={verdict('add-partner', [])} />,
    );
    expect(screen.queryByTestId('workflow-start')).toBeNull();
  });
});
