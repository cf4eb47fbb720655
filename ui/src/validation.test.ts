import { describe, expect, it } from 'vitest';
import { parseMpnId, parseTenantId, toNewProfileInput, validateName, validateProfileForm } from './validation';

describe('validation', () => {
  it('checks names: required, at most 120 characters counted as people count them', () => {
    expect(validateName('   ')?.key).toBe('validation.nameRequired');
    expect(validateName('a'.repeat(120))).toBeUndefined();
    expect(validateName('a'.repeat(121))?.key).toBe('validation.nameTooLong');
    // 120 emoji are 240 UTF-16 units but 120 characters.
    expect(validateName('😀'.repeat(120))).toBeUndefined();
    expect(validateName('株式会社'.repeat(30))).toBeUndefined();
  });

  it('accepts GUIDs with or without braces, in any case', () => {
    expect(parseTenantId('')).toBeNull();
    expect(parseTenantId('  ')).toBeNull();
    expect(parseTenantId('3FA85F64-5717-4562-B3FC-2C963F66AFA6')).toBe('3fa85f64-5717-4562-b3fc-2c963f66afa6');
    expect(parseTenantId(' {3fa85f64-5717-4562-b3fc-2c963f66afa6} ')).toBe('3fa85f64-5717-4562-b3fc-2c963f66afa6');
    expect(parseTenantId('{3fa85f64-5717-4562-b3fc-2c963f66afa6')).toBeUndefined();
    expect(parseTenantId('3fa85f64571745 62b3fc2c963f66afa6')).toBeUndefined();
    expect(parseTenantId('3fa85f64-5717-4562-b3fc-2c963f66afa')).toBeUndefined();
    expect(parseTenantId('gfa85f64-5717-4562-b3fc-2c963f66afa6')).toBeUndefined();
  });

  it('accepts MPN ids of up to 10 digits, including full-width digits', () => {
    expect(parseMpnId('')).toBeNull();
    expect(parseMpnId('1234567890')).toBe('1234567890');
    expect(parseMpnId('１２３')).toBe('123');
    expect(parseMpnId('12345678901')).toBeUndefined();
    expect(parseMpnId('12a')).toBeUndefined();
    expect(parseMpnId('-12')).toBeUndefined();
    expect(parseMpnId('١٢٣')).toBeUndefined(); // Arabic-Indic digits are not ASCII digits after NFKC
  });

  it('builds the create_profile payload', () => {
    const form = { name: ' A ', cloud: 'china', tenant_id: '', mpn_id: ' 42 ', role: 'dual' };
    expect(validateProfileForm(form)).toEqual({});
    expect(toNewProfileInput(form)).toEqual({ name: 'A', cloud: 'china', tenant_id: null, mpn_id: '42', role: 'dual' });
    expect(Object.keys(validateProfileForm({ ...form, cloud: 'mars', role: 'boss' }))).toEqual(['cloud', 'role']);
  });
});
