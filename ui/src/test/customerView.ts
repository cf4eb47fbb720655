import type {
  CustomerView,
  Effect,
  Finding,
  FindingKind,
  Reason,
  RuleId,
  Severity,
  Step,
  Subject,
  Subscription,
  Verdict,
} from '../generated/bindings';
import en from '../i18n/locales/en.json';
import { PROFILES } from './backend';

/*
 * Engine output as the back end sends it: `message` is the English of the key with the params filled
 * in, the way the Rust engine renders it (checked against en.json by the Rust test rule_messages.rs).
 */

type Params = Record<string, string>;

function english(key: string, params: Params): string {
  const count = params.count;
  const candidates = count === undefined ? [key] : [`${key}_${count === '1' ? 'one' : 'other'}`, key];
  for (const candidate of candidates) {
    const text = candidate.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], en);
    if (typeof text === 'string') return text.replace(/\{\{\s*(\w+)[^}]*\}\}/g, (all, name: string) => params[name] ?? all);
  }
  throw new Error(`fixture: no English text for ${key}`);
}

export function reason(rule: RuleId, effect: Effect, name: string, params: Params = {}): Reason {
  const key = `rules.${rule}.${name}`;
  return { rule, effect, key, params, message: english(key, params) };
}

export function step(rule: RuleId, name: string, params: Params = {}): Step {
  const key = `steps.${rule}.${name}`;
  return { key, params, message: english(key, params) };
}

export function finding(
  kind: FindingKind,
  severity: Severity,
  subject: Partial<Subject>,
  rule: RuleId | null,
  due: string | null,
  params: Params = {},
): Finding {
  const key = `findings.${kind}`;
  return {
    kind,
    severity,
    subject: { customer_tenant_id: null, subscription_id: null, gdap_id: null, ...subject },
    rule,
    due,
    key,
    params,
    message: english(key, params),
  };
}

const VERDICT_OF: Record<Effect, Verdict['verdict']> = { allows: 'allowed', restricts: 'restricted', denies: 'denied' };
const STRENGTH: Record<Effect, number> = { allows: 0, restricts: 1, denies: 2 };

export function verdict(action: Verdict['action'], reasons: Reason[], extra: Partial<Verdict> = {}): Verdict {
  const sorted = [...reasons].sort((a, b) => STRENGTH[b.effect] - STRENGTH[a.effect]);
  return {
    action,
    verdict: sorted[0] ? VERDICT_OF[sorted[0].effect] : 'allowed',
    reasons: sorted,
    earliest_date: null,
    steps: [],
    workflow: null,
    ...extra,
  };
}

/** Our profile: Contoso Global, a direct partner in the global cloud. */
export const OUR_PROFILE = PROFILES[0]!;

export const SAKURA_TENANT = '6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b';
export const FABRIKAM_TENANT = 'b7e2c41d-9a3f-4c8e-b5d6-2f1e0a9c8b7d';
export const E3_ID = '8d6f3b2a-51c4-4e7a-9b0d-3c2e1f0a9b8c';
export const AZURE_ID = 'c4a1e9f0-7b3d-42a6-8e5c-9d0f1b2a3c4e';

export const E3: Subscription = {
  id: E3_ID,
  customer_tenant_id: SAKURA_TENANT,
  offer_id: 'CFQ7TTC0LF8Q',
  offer_name: 'Office 365 E3',
  friendly_name: null,
  quantity: 25,
  unit_type: 'Licenses',
  status: 'active',
  billing_type: 'license',
  contract_type: 'subscription',
  auto_renew: true,
  creation_date: '2026-03-01T03:00:00Z',
  effective_start: '2026-03-01T03:00:00Z',
  commitment_end: '2027-03-01',
  term_duration: 'P1Y',
  billing_cycle: 'monthly',
  partner_of_record: OUR_PROFILE.mpn_id,
  parent_subscription_id: null,
  order_id: '5b1c0d2e-8f3a-4a6b-9c7d-1e2f3a4b5c6d',
  is_trial: false,
  channel: 'csp',
};

/** Bought under an Enterprise Agreement; its status is one this version does not know. */
export const AZURE: Subscription = {
  ...E3,
  id: AZURE_ID,
  offer_id: 'MS-AZR-0017P',
  offer_name: 'Microsoft Azure',
  friendly_name: 'さくら本番環境',
  quantity: 1,
  unit_type: 'Usage-based',
  status: 'transferring',
  billing_type: 'usage',
  auto_renew: null,
  commitment_end: null,
  term_duration: null,
  partner_of_record: null,
  channel: 'ea',
};

/** 株式会社サクラ精機: our reseller relationship, and Fabrikam as its indirect reseller for Azure. */
export function sakuraView(): CustomerView {
  return {
    bundle: {
      customer: {
        tenant_id: SAKURA_TENANT,
        commerce_id: '0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d',
        company_name: '株式会社サクラ精機',
        primary_domain: 'sakuraseiki.onmicrosoft.com',
        custom_domains: ['sakura-seiki.co.jp'],
        country: 'JP',
        relationship: 'reseller',
        allow_delegated_access: null,
        indirect_reseller_id: FABRIKAM_TENANT,
        tags: ['製造'],
      },
      links: [
        {
          customer_tenant_id: SAKURA_TENANT,
          partner_id: OUR_PROFILE.tenant_id!,
          kind: 'reseller',
          scope: null,
          source: 'relationship',
          start_date: null,
          end_date: null,
        },
        {
          customer_tenant_id: SAKURA_TENANT,
          partner_id: FABRIKAM_TENANT,
          kind: 'indirect-reseller',
          scope: 'Azure',
          source: 'rest:customers/relationships',
          start_date: '2024-04-01',
          end_date: null,
        },
      ],
      partners: [
        {
          id: OUR_PROFILE.tenant_id!,
          tenant_id: OUR_PROFILE.tenant_id,
          mpn_id: OUR_PROFILE.mpn_id,
          name: OUR_PROFILE.name,
          location: null,
        },
        {
          id: FABRIKAM_TENANT,
          tenant_id: FABRIKAM_TENANT,
          mpn_id: '7654321',
          name: 'ファブリカム株式会社',
          location: 'Osaka, JP',
        },
      ],
      subscriptions: [E3, AZURE],
      gdap: [],
      is_csp_partner: false,
      our_partner_id: OUR_PROFILE.tenant_id,
    },
    verdicts: {
      customer: [
        verdict('request-reseller-relationship', [reason('MP-2', 'allows', 'already'), reason('DAP-1', 'allows', 'allowed')]),
        verdict('request-reseller-relationship-without-dap', [
          reason('MP-2', 'allows', 'already'),
          reason('NC-3', 'allows', 'allowed'),
        ]),
        verdict('add-partner', [
          reason('MP-1', 'allows', 'already', { partners: '1' }),
          reason('MP-3', 'allows', 'allowed', { subscriptions: '2' }),
          reason('NC-2', 'allows', 'allowed'),
        ]),
        verdict('sell-online-services', [reason('CSP-1', 'allows', 'allowed')]),
        verdict('designate-indirect-reseller', [reason('IND-1', 'denies', 'denied'), reason('NC-1', 'allows', 'allowed')]),
      ],
      subscriptions: [
        {
          subscription_id: E3_ID,
          verdicts: [
            verdict('manage-subscription', [reason('MC-1', 'allows', 'csp')]),
            verdict('move-license-subscription', [reason('MC-3', 'restricts', 'restricted', { date: '2027-03-01' })], {
              earliest_date: '2027-03-01',
              steps: [step('MC-3', 'waitForTermEnd', { date: '2027-03-01' }), step('MC-3', 'cancelThenRepurchase')],
            }),
            verdict('migrate-usage-subscription', [reason('MC-4', 'denies', 'notUsage')]),
            verdict('switch-usage-subscription-partner', [reason('MC-5', 'denies', 'notUsage')]),
          ],
        },
        {
          subscription_id: AZURE_ID,
          verdicts: [
            verdict('manage-subscription', [reason('MC-1', 'restricts', 'usage')]),
            verdict('move-license-subscription', [reason('MC-3', 'denies', 'notLicense')]),
            verdict('migrate-usage-subscription', [reason('MC-4', 'allows', 'allowed')], {
              steps: [
                step('MC-4', 'createSubscription'),
                step('MC-4', 'enterDetails', { subscription: 'さくら本番環境' }),
                step('MC-4', 'cancelOld'),
              ],
            }),
            verdict('switch-usage-subscription-partner', [reason('MC-5', 'denies', 'notCsp')]),
          ],
        },
      ],
    },
    findings: [
      finding('no-delegated-admin', 'warning', { customer_tenant_id: SAKURA_TENANT }, 'DAP-1', null),
      finding('unrecognised-value', 'info', { customer_tenant_id: SAKURA_TENANT, subscription_id: AZURE_ID }, null, null, {
        field: 'status',
        value: 'transferring',
      }),
    ],
  };
}
