import type {
  CustomerPartnerLink,
  Finding,
  FindingKind,
  Partner,
  ProfileSummary,
  Severity,
  Subscription,
  VerdictKind,
} from './generated/bindings';

/*
 * The ids the back end sends for open enums (link kinds, channels, ...). Values outside these lists
 * are kept by the back end and shown verbatim; these lists only decide what gets a translated label
 * and in which order groups appear.
 */

/** Every finding kind, in the order the dashboard lists them (exhaustive: the compiler checks). */
const FINDING_KIND_ORDER: Record<FindingKind, number> = {
  'gdap-expired': 0,
  'gdap-expiring': 1,
  'gdap-pending-too-long': 2,
  'gdap-duration-invalid': 3,
  'gdap-auto-extend-invalid': 4,
  'gdap-in-us-gov': 5,
  'term-ending': 6,
  'no-delegated-admin': 7,
  'csp-partner-customer': 8,
  'reseller-is-provider': 9,
  'reseller-removed': 10,
  'two-tier-in-national-cloud': 11,
  'unrecognised-value': 12,
};
export const FINDING_KINDS = (Object.keys(FINDING_KIND_ORDER) as FindingKind[]).sort(
  (a, b) => FINDING_KIND_ORDER[a] - FINDING_KIND_ORDER[b],
);

/** Most severe first. */
export const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];
export const VERDICT_KINDS: readonly VerdictKind[] = ['allowed', 'restricted', 'denied'];

export const LINK_KINDS = [
  'reseller',
  'indirect-reseller',
  'indirect-provider',
  'dap',
  'gdap',
  'advisor',
  'syndication',
  'pal',
  'dpor',
  'support',
] as const;
export const CHANNELS = ['csp', 'microsoft-direct', 'advisor', 'open', 'ea', 'third-party', 'syndication'] as const;
export const BILLING_TYPES = ['license', 'usage'] as const;
export const SUBSCRIPTION_STATUSES = ['active', 'pending', 'suspended', 'deleted', 'expired', 'disabled', 'none'] as const;
export const RELATIONSHIPS = ['reseller', 'advisor', 'syndication', 'microsoft_support', 'none'] as const;
/** The `field` param of an `unrecognised-value` finding. */
export const FINDING_FIELDS = ['relationship', 'kind', 'status', 'billingType', 'channel'] as const;

function rank(list: readonly string[], value: string): number {
  const index = list.indexOf(value);
  return index === -1 ? list.length : index;
}

/** The reseller-of-record value that means "the indirect reseller was removed" (IND-4). */
export const RESELLER_REMOVED = '-1';

const same = (a: string | null | undefined, b: string | null | undefined) =>
  !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Whether a customer–partner link is our own organisation's. The back end adds our relationship as
 * a link with source `relationship`; imported links name us by tenant id, or `mpn:<MPN id>` when
 * only the MPN id is known.
 */
export function isOurLink(link: CustomerPartnerLink, partner: Partner | undefined, profile: ProfileSummary): boolean {
  if (link.source === 'relationship') return true;
  if (same(link.partner_id, profile.tenant_id)) return true;
  if (profile.mpn_id && same(link.partner_id, `mpn:${profile.mpn_id}`)) return true;
  if (partner && (same(partner.tenant_id, profile.tenant_id) || same(partner.mpn_id, profile.mpn_id))) return true;
  return false;
}

export type SubscriptionGroup = { channel: string; billing: string; subscriptions: Subscription[] };

/** Subscriptions grouped by channel, then billing type: known ids in their usual order, unknown ones last. */
export function groupSubscriptions(subscriptions: readonly Subscription[]): SubscriptionGroup[] {
  const groups = new Map<string, SubscriptionGroup>();
  for (const subscription of subscriptions) {
    const key = `${subscription.channel}\u0000${subscription.billing_type}`;
    let group = groups.get(key);
    if (!group) {
      group = { channel: subscription.channel, billing: subscription.billing_type, subscriptions: [] };
      groups.set(key, group);
    }
    group.subscriptions.push(subscription);
  }
  return [...groups.values()].sort(
    (a, b) =>
      rank(CHANNELS, a.channel) - rank(CHANNELS, b.channel) ||
      a.channel.localeCompare(b.channel) ||
      rank(BILLING_TYPES, a.billing) - rank(BILLING_TYPES, b.billing) ||
      a.billing.localeCompare(b.billing),
  );
}

/** Most severe first, then the earliest due date (undated last); otherwise as given. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => {
      const bySeverity = rank(SEVERITIES, a.finding.severity) - rank(SEVERITIES, b.finding.severity);
      if (bySeverity !== 0) return bySeverity;
      const [da, db] = [a.finding.due, b.finding.due];
      if (da !== db) {
        if (da === null) return 1;
        if (db === null) return -1;
        return da < db ? -1 : 1;
      }
      return a.index - b.index;
    })
    .map(({ finding }) => finding);
}
