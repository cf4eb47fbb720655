import type {
  CustomerPartnerLink,
  FindingKind,
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

/** Ours is decided by the back end: the bundle names our own partner. */
export function isOurLink(link: CustomerPartnerLink, ourPartnerId: string | null): boolean {
  return ourPartnerId !== null && link.partner_id === ourPartnerId;
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

