import { invoke } from '@tauri-apps/api/core';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api, normalizeError } from './api';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
const invokeMock = vi.mocked(invoke);

describe('normalizeError', () => {
  it('keeps an error from the back end as it is', () => {
    expect(normalizeError({ code: 'duplicate_name', message: 'name: already used' })).toEqual({
      code: 'duplicate_name',
      message: 'name: already used',
    });
  });

  it('drops extra fields', () => {
    expect(normalizeError({ code: 'io', message: 'disk full', extra: 1 })).toEqual({ code: 'io', message: 'disk full' });
  });

  it('uses the code as message when the message is missing or empty', () => {
    expect(normalizeError({ code: 'database' })).toEqual({ code: 'database', message: 'database' });
    expect(normalizeError({ code: 'database', message: '  ' })).toEqual({ code: 'database', message: 'database' });
  });

  it('turns a string (Tauri reports unknown commands that way) into internal', () => {
    expect(normalizeError('command foo not found')).toEqual({ code: 'internal', message: 'command foo not found' });
    expect(normalizeError('')).toEqual({ code: 'internal', message: 'Unknown error' });
  });

  it('turns a JS exception into internal', () => {
    expect(normalizeError(new TypeError('x is undefined'))).toEqual({ code: 'internal', message: 'x is undefined' });
  });

  it('turns objects without a usable code into internal', () => {
    expect(normalizeError({ message: 'odd' })).toEqual({ code: 'internal', message: 'odd' });
    expect(normalizeError({ code: 42, message: 'numeric code' })).toEqual({ code: 'internal', message: 'numeric code' });
    expect(normalizeError({ foo: 'bar' })).toEqual({ code: 'internal', message: '{"foo":"bar"}' });
  });

  it('handles null, undefined and other values', () => {
    expect(normalizeError(undefined)).toEqual({ code: 'internal', message: 'Unknown error' });
    expect(normalizeError(null)).toEqual({ code: 'internal', message: 'Unknown error' });
    expect(normalizeError(7)).toEqual({ code: 'internal', message: '7' });
  });
});

describe('api wrappers', () => {
  beforeEach(() => {
    invokeMock.mockReset();
  });

  it('pass the command name and argument keys of the contract', async () => {
    invokeMock.mockResolvedValue({});
    await api.appInfo();
    await api.listProfiles();
    const input = { name: 'A', cloud: 'global', tenant_id: null, mpn_id: null, role: 'direct' };
    await api.createProfile(input);
    await api.renameProfile('p1', 'B');
    await api.deleteProfile('p1');
    await api.createDemoProfiles();
    await api.openProfile('p1');
    const query = {
      search: 'x',
      relationship: null,
      delegated_admin: null,
      partner: null,
      reseller: null,
      channel: null,
      tag: null,
      has_findings: true,
      sort: 'country' as const,
      descending: true,
      limit: 200,
      offset: 0,
    };
    await api.listCustomers('p1', query);
    await api.customerView('p1', 't1');
    await api.customerView('p1', 't1', '2026-05-01');
    await api.listFindings('p1');
    await api.listFindings('p1', '2026-05-01');
    expect(invokeMock.mock.calls).toEqual([
      ['app_info', {}],
      ['list_profiles', {}],
      ['create_profile', { input }],
      ['rename_profile', { profile: 'p1', name: 'B' }],
      ['delete_profile', { profile: 'p1' }],
      ['create_demo_profiles', {}],
      ['open_profile', { profile: 'p1' }],
      ['list_customers', { profile: 'p1', query, today: null }],
      ['customer_view', { profile: 'p1', customer: 't1', today: null }],
      ['customer_view', { profile: 'p1', customer: 't1', today: '2026-05-01' }],
      ['list_findings', { profile: 'p1', today: null }],
      ['list_findings', { profile: 'p1', today: '2026-05-01' }],
    ]);
  });

  it('reject with the back end error unchanged', async () => {
    invokeMock.mockRejectedValue({ code: 'profile_not_found', message: 'no profile p9' });
    await expect(api.openProfile('p9')).rejects.toEqual({ code: 'profile_not_found', message: 'no profile p9' });
  });

  it('reject with code internal for anything else', async () => {
    invokeMock.mockRejectedValue('invalid args `profile` for command `open_profile`');
    await expect(api.openProfile('p9')).rejects.toEqual({
      code: 'internal',
      message: 'invalid args `profile` for command `open_profile`',
    });
    invokeMock.mockImplementation(() => {
      throw new Error('window.__TAURI_INTERNALS__ is undefined');
    });
    await expect(api.listProfiles()).rejects.toEqual({
      code: 'internal',
      message: 'window.__TAURI_INTERNALS__ is undefined',
    });
  });
});
