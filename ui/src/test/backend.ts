import { invoke } from '@tauri-apps/api/core';
import { vi } from 'vitest';
import type { CustomerRow, ProfileSummary } from '../generated/bindings';

/**
 * Test files must `vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))` themselves;
 * this sets what each command answers. A handler may return a value, a promise, or throw.
 */
export type Handlers = Record<string, (args: Record<string, unknown>) => unknown>;

export function mockBackend(handlers: Handlers) {
  const invokeMock = vi.mocked(invoke);
  invokeMock.mockReset();
  invokeMock.mockImplementation(async (command: string, args?: unknown) => {
    const handler = handlers[command] ?? defaults[command];
    if (!handler) throw { code: 'internal', message: `command ${command} not mocked` };
    return handler((args ?? {}) as Record<string, unknown>);
  });
  return {
    invokeMock,
    /** The argument objects of every call to `command`, in order. */
    callsOf: (command: string) =>
      invokeMock.mock.calls.filter(([cmd]) => cmd === command).map(([, args]) => args as Record<string, unknown>),
  };
}

const defaults: Handlers = {
  customer_note: () => null,
  customer_tags: ({ customer }) => ({ customer_tenant_id: customer, tags: [], removed_imported: [] }),
  customer_history: ({ customer }) => ({ customer_tenant_id: customer, entries: [] }),
  list_partners: () => [],
  list_workflows: () => [],
  list_requests: () => [],
  customer_filter_options: () => ({ relationships: [], partners: [], resellers: [], channels: [], tags: [] }),
  app_info: () => ({ data_dir: '/home/test/.local/share/partner-desk', version: '0.1.0' }),
};

/** A promise whose outcome the test decides, for observing busy states. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export function profile(overrides: Partial<ProfileSummary> = {}): ProfileSummary {
  return {
    id: 'p-global',
    name: 'Contoso Global',
    cloud: 'global',
    tenant_id: null,
    mpn_id: null,
    role: 'direct',
    customer_count: 0,
    subscription_count: 0,
    created_at: '2025-01-02T03:04:05Z',
    last_import_at: null,
    last_opened_at: null,
    ...overrides,
  };
}

export const PROFILES: ProfileSummary[] = [
  profile({
    id: 'p-global',
    name: 'Contoso Global',
    cloud: 'global',
    tenant_id: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
    mpn_id: '1234567',
    customer_count: 1234,
    subscription_count: 5678,
    last_import_at: '2025-03-01T09:30:00Z',
  }),
  profile({ id: 'p-gov', name: 'Contoso Government', cloud: 'us-gov', role: 'indirect-provider', customer_count: 12 }),
  profile({ id: 'p-de', name: 'Contoso Deutschland', cloud: 'germany', role: 'indirect-reseller' }),
  profile({ id: 'p-cn', name: '康托索 (世纪互联)', cloud: 'china', role: 'dual' }),
];

export function customer(i: number, overrides: Partial<CustomerRow> = {}): CustomerRow {
  const hex = i.toString(16).padStart(12, '0');
  return {
    tenant_id: `00000000-0000-4000-8000-${hex}`,
    company_name: `Customer ${i}`,
    primary_domain: `customer${i}.onmicrosoft.com`,
    country: 'JP',
    relationship: 'reseller',
    allow_delegated_access: true,
    reseller_id: null,
    reseller_name: null,
    partner_count: 1,
    subscription_count: i % 5,
    tags: [],
    ...overrides,
  };
}

export function customers(from: number, count: number): CustomerRow[] {
  return Array.from({ length: count }, (_, k) => customer(from + k));
}
