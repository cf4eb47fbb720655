import type { Cloud, NewProfileInput, PartnerRole } from './generated/bindings';

export const CLOUDS: readonly Cloud[] = ['global', 'us-gov', 'germany', 'china'];
export const PARTNER_ROLES: readonly PartnerRole[] = ['direct', 'indirect-provider', 'indirect-reseller', 'dual'];

export const NAME_MAX_LENGTH = 120;
export const MPN_ID_MAX_LENGTH = 10;

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** A translation key plus its options, so the message follows language changes. */
export type FieldError = { key: string; options?: Record<string, unknown> };

export type ProfileForm = {
  name: string;
  cloud: string;
  tenant_id: string;
  mpn_id: string;
  role: string;
};

export type ProfileFormField = keyof ProfileForm;
export type ProfileFormErrors = Partial<Record<ProfileFormField, FieldError>>;

export const EMPTY_PROFILE_FORM: ProfileForm = {
  name: '',
  cloud: 'global',
  tenant_id: '',
  mpn_id: '',
  role: 'direct',
};

/** Length in characters as a person counts them (code points, not UTF-16 units). */
function charCount(value: string): number {
  return [...value].length;
}

export function validateName(raw: string): FieldError | undefined {
  const name = raw.trim();
  if (name === '') return { key: 'validation.nameRequired' };
  if (charCount(name) > NAME_MAX_LENGTH) {
    return { key: 'validation.nameTooLong', options: { count: NAME_MAX_LENGTH } };
  }
  return undefined;
}

/**
 * Full-width digits and letters typed with a CJK input method become ASCII;
 * surrounding spaces go.
 */
function normalizeId(raw: string): string {
  return raw.normalize('NFKC').trim();
}

/** The tenant id without braces, lower case; null if empty; undefined if not a GUID. */
export function parseTenantId(raw: string): string | null | undefined {
  const value = normalizeId(raw);
  if (value === '') return null;
  const inner = value.startsWith('{') && value.endsWith('}') ? value.slice(1, -1) : value;
  return GUID.test(inner) ? inner.toLowerCase() : undefined;
}

export function parseMpnId(raw: string): string | null | undefined {
  const value = normalizeId(raw);
  if (value === '') return null;
  return /^[0-9]+$/.test(value) && value.length <= MPN_ID_MAX_LENGTH ? value : undefined;
}

export function validateProfileForm(form: ProfileForm): ProfileFormErrors {
  const errors: ProfileFormErrors = {};
  const name = validateName(form.name);
  if (name) errors.name = name;
  if (!(CLOUDS as readonly string[]).includes(form.cloud)) errors.cloud = { key: 'validation.cloudRequired' };
  if (parseTenantId(form.tenant_id) === undefined) errors.tenant_id = { key: 'validation.tenantIdInvalid' };
  if (parseMpnId(form.mpn_id) === undefined) {
    errors.mpn_id = { key: 'validation.mpnIdInvalid', options: { count: MPN_ID_MAX_LENGTH } };
  }
  if (!(PARTNER_ROLES as readonly string[]).includes(form.role)) errors.role = { key: 'validation.roleRequired' };
  return errors;
}

/** The payload for `create_profile`; call only once `validateProfileForm` found nothing. */
export function toNewProfileInput(form: ProfileForm): NewProfileInput {
  return {
    name: form.name.trim(),
    cloud: form.cloud,
    tenant_id: parseTenantId(form.tenant_id) ?? null,
    mpn_id: parseMpnId(form.mpn_id) ?? null,
    role: form.role,
  };
}
