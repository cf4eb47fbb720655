import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useEffectEvent, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import {
  groupSubscriptions,
  isOurLink,
  RESELLER_REMOVED,
} from '../domain';
import { useEngineText } from '../engineText';
import { useFormatters } from '../format';
import type {
  CustomerBundle,
  CustomerPartnerLink,
  CustomerView,
  Finding,
  Partner,
  ProfileSummary,
  Subscription,
  Verdict,
} from '../generated/bindings';
import { queryKeys } from '../queryClient';
import { Missing } from './Missing';
import { CopyButton } from './CopyButton';
import { CustomerHistoryPanel } from './CustomerHistoryPanel';
import { CustomerNotes } from './CustomerNotes';
import { CustomerTagsEditor } from './CustomerTagsEditor';
import { ManualLinkDialog } from './ManualLinkDialog';
import { ManualSubscriptionDialog } from './ManualSubscriptionDialog';
import { RequestComposer } from './RequestComposer';
import { RuleBadge, SeverityBadge, VerdictItem } from './RuleBits';
import { StartWorkflowButtons, WorkflowList } from './Workflows';

export type DetailOrigin = 'customers' | 'findings';

export function CustomerDetail({
  profile,
  tenantId,
  knownName,
  origin,
  onBack,
}: {
  profile: ProfileSummary;
  tenantId: string;
  /** The name from the list, shown while the detail loads. */
  knownName?: string | null;
  /** Where Back (and Escape) returns to. */
  origin: DetailOrigin;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);

  const view = useQuery({
    queryKey: queryKeys.customerView(profile.id, tenantId),
    queryFn: () => api.customerView(profile.id, tenantId, null),
  });

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const goBack = useEffectEvent(() => onBack());
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || event.isComposing) return;
      // An open select or dialog handles Escape itself.
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest('select, [role="dialog"], [aria-modal="true"]')) return;
      event.preventDefault();
      goBack();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  const customer = view.data?.bundle.customer;
  const name = customer ? customer.company_name.trim() || customer.tenant_id : knownName?.trim() || tenantId;

  return (
    <section className="customer-detail" data-testid="customer-detail" data-tenant-id={tenantId} aria-labelledby={`${id}-name`}>
      <button type="button" className="button button-quiet back-button" data-testid="back-to-customers" onClick={onBack}>
        <span aria-hidden="true">←</span> {origin === 'findings' ? t('detail.backToFindings') : t('detail.backToCustomers')}
      </button>
      <h2 id={`${id}-name`} className="page-title detail-name" ref={headingRef} tabIndex={-1} data-testid="customer-name">
        {name}
      </h2>

      {view.isPending && (
        <p className="muted" role="status">
          {t('detail.loading')}
        </p>
      )}

      {view.isError && !view.data && (
        <div className="panel panel-problem">
          <p>{t('detail.loadFailed')}</p>
          <button type="button" className="button" onClick={() => void view.refetch()}>
            {t('common.retry')}
          </button>
        </div>
      )}

      {view.data && <DetailBody profile={profile} view={view.data} />}
    </section>
  );
}

function DetailBody({ profile, view }: { profile: ProfileSummary; view: CustomerView }) {
  const { t } = useTranslation();
  const { bundle, verdicts, findings } = view;
  const id = useId();
  const verdictsBySubscription = new Map(verdicts.subscriptions.map((s) => [s.subscription_id, s.verdicts]));
  const known = new Set(bundle.subscriptions.map((s) => s.id));
  const orphanVerdicts = verdicts.subscriptions.filter((s) => !known.has(s.subscription_id));
  const [composing, setComposing] = useState(false);
  const [addingSubscription, setAddingSubscription] = useState(false);

  return (
    <div className="detail-body">
      <CustomerFacts bundle={bundle} />

      <DetailSection id={`${id}-attention`} title={t('detail.attentionTitle')} testId="customer-findings">
        {findings.length === 0 ? (
          <p className="muted">{t('detail.attentionEmpty')}</p>
        ) : (
          <ul className="finding-list">
            {findings.map((finding, index) => (
              <CustomerFinding key={`${finding.key}-${index}`} finding={finding} />
            ))}
          </ul>
        )}
      </DetailSection>

      <PartnersPanel profile={profile} bundle={bundle} />

      <DetailSection id={`${id}-actions`} title={t('detail.actionsTitle')} testId="customer-actions">
        <p className="muted section-intro">{t('detail.actionsIntro', { name: profile.name })}</p>
        <div className="section-toolbar">
          <button
            type="button"
            className="button"
            data-testid="open-composer"
            onClick={() => setComposing(true)}
          >
            {t('composer.open')}
          </button>
        </div>
        <VerdictList verdicts={verdicts.customer} label={t('detail.actionsTitle')} />
      </DetailSection>
      {composing && (
        <RequestComposer
          profile={profile}
          customer={bundle.customer.tenant_id}
          customerName={bundle.customer.company_name}
          onClose={() => setComposing(false)}
        />
      )}

      <DetailSection id={`${id}-notes`} title={t('notes.title')} testId="customer-notes-section">
        <CustomerNotes profile={profile} customer={bundle.customer.tenant_id} />
      </DetailSection>

      <DetailSection id={`${id}-tags`} title={t('tags.title')} testId="customer-tags-section">
        <CustomerTagsEditor profile={profile} customer={bundle.customer.tenant_id} />
      </DetailSection>

      <DetailSection id={`${id}-workflows`} title={t('workflows.title.section')} testId="customer-workflows">
        <WorkflowList profile={profile} customer={bundle.customer.tenant_id} />
      </DetailSection>

      <DetailSection id={`${id}-subscriptions`} title={t('detail.subscriptionsTitle')} testId="subscriptions-panel">
        <div className="section-toolbar">
          <button
            type="button"
            className="button"
            data-testid="add-manual-subscription"
            onClick={() => setAddingSubscription(true)}
          >
            {t('manual.open')}
          </button>
        </div>
        {addingSubscription && (
          <ManualSubscriptionDialog
            profile={profile}
            customer={bundle.customer.tenant_id}
            onClose={() => setAddingSubscription(false)}
          />
        )}
        {bundle.subscriptions.length === 0 ? (
          <p className="muted">{t('detail.subscriptionsEmpty')}</p>
        ) : (
          groupSubscriptions(bundle.subscriptions).map((group) => (
            <SubscriptionGroup
              key={`${group.channel}|${group.billing}`}
              channel={group.channel}
              billing={group.billing}
            >
              {group.subscriptions.map((subscription) => (
                <SubscriptionCard
                  key={subscription.id}
                  subscription={subscription}
                  partners={bundle.partners}
                  profile={profile}
                  verdicts={verdictsBySubscription.get(subscription.id) ?? []}
                  customer={bundle.customer.tenant_id}
                />
              ))}
            </SubscriptionGroup>
          ))
        )}
        {orphanVerdicts.map((entry) => (
          <div key={entry.subscription_id} className="subscription" data-testid="subscription" data-subscription-id={entry.subscription_id}>
            <h5 className="subscription-name mono">{entry.subscription_id}</h5>
            <VerdictList verdicts={entry.verdicts} label={t('detail.subscriptionActions', { name: entry.subscription_id })} />
          </div>
        ))}
      </DetailSection>

      <DetailSection id={`${id}-history`} title={t('history.title')} testId="customer-history-section">
        <CustomerHistoryPanel profile={profile} customer={bundle.customer.tenant_id} />
      </DetailSection>
    </div>
  );
}

function DetailSection({
  id,
  title,
  testId,
  children,
}: {
  id: string;
  title: string;
  testId: string;
  children: ReactNode;
}) {
  return (
    <section className="panel detail-section" data-testid={testId} aria-labelledby={id}>
      <h3 id={id} className="section-title">
        {title}
      </h3>
      {children}
    </section>
  );
}

function CustomerFacts({ bundle }: { bundle: CustomerBundle }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const customer = bundle.customer;
  const dap = customer.allow_delegated_access;
  return (
    <dl className="facts detail-facts" data-testid="customer-facts">
      <div>
        <dt>{t('customers.columns.primaryDomain')}</dt>
        <dd data-testid="customer-domain">{customer.primary_domain ?? <Missing />}</dd>
      </div>
      <div className="fact-wide">
        <dt>{t('customers.columns.tenantId')}</dt>
        <dd className="tenant-id-row">
          <span className="mono" data-testid="customer-tenant-id">
            {customer.tenant_id}
          </span>
          <CopyButton
            text={customer.tenant_id}
            label={t('detail.copy')}
            ariaLabel={t('detail.copyTenantId')}
            testId="copy-tenant-id"
            statusTestId="copy-status"
          />
        </dd>
      </div>
      <div>
        <dt>{t('customers.columns.country')}</dt>
        <dd data-testid="customer-country">
          {customer.country ? <span title={customer.country}>{format.country(customer.country)}</span> : <Missing />}
        </dd>
      </div>
      <div>
        <dt>{t('customers.columns.relationship')}</dt>
        <dd data-testid="customer-relationship" data-relationship={customer.relationship}>
          {t(`relationships.${customer.relationship}`, { defaultValue: customer.relationship })}
        </dd>
      </div>
      <div>
        <dt>{t('detail.delegatedAdmin')}</dt>
        <dd data-testid="customer-dap" data-dap={dap === null ? 'unknown' : String(dap)}>
          {dap === true ? t('detail.dapAllowed') : dap === false ? t('detail.dapNotAllowed') : t('detail.dapUnknown')}
        </dd>
      </div>
      {customer.custom_domains.length > 0 && (
        <div className="fact-wide">
          <dt>{t('detail.customDomains')}</dt>
          <dd>{customer.custom_domains.join(', ')}</dd>
        </div>
      )}
    </dl>
  );
}

function PartnersPanel({ profile, bundle }: { profile: ProfileSummary; bundle: CustomerBundle }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const id = useId();
  const client = useQueryClient();
  const [adding, setAdding] = useState(false);
  const tenant = bundle.customer.tenant_id;
  const remove = useMutation({
    mutationFn: (link: CustomerPartnerLink) =>
      api.removeManualLink(profile.id, {
        customer_tenant_id: link.customer_tenant_id,
        partner_id: link.partner_id,
        kind: link.kind,
        scope: link.scope,
      }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: queryKeys.customerView(profile.id, tenant) });
      void client.invalidateQueries({ queryKey: queryKeys.customersOf(profile.id) });
    },
  });
  const partners = new Map(bundle.partners.map((p) => [p.id, p]));
  const rows = bundle.links
    .map((link) => {
      const partner = partners.get(link.partner_id);
      return { link, partner, ours: isOurLink(link, bundle.our_partner_id) };
    })
    // Ours first; otherwise as the back end gives them.
    .sort((a, b) => Number(b.ours) - Number(a.ours));

  return (
    <section className="panel detail-section" data-testid="partners-panel" aria-labelledby={id}>
      <h3 id={id} className="section-title">
        {t('detail.partnersTitle')}
      </h3>
      <div className="section-toolbar">
        <button type="button" className="button" data-testid="add-manual-link" onClick={() => setAdding(true)}>
          {t('linkForm.open')}
        </button>
      </div>
      {adding && <ManualLinkDialog profile={profile} customer={tenant} onClose={() => setAdding(false)} />}
      {rows.length === 0 ? (
        <p className="muted">{t('detail.partnersEmpty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">{t('detail.partnersTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('detail.partnerColumns.partner')}</th>
                <th scope="col">{t('detail.partnerColumns.kind')}</th>
                <th scope="col">{t('detail.partnerColumns.scope')}</th>
                <th scope="col">{t('detail.partnerColumns.dates')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('detail.partnerColumns.manage')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ link, partner, ours }, index) => (
                <tr
                  key={`${link.partner_id}|${link.kind}|${index}`}
                  data-testid="partner-link"
                  data-ours={String(ours)}
                  data-kind={link.kind}
                  data-partner-id={link.partner_id}
                >
                  <th scope="row" className="cell-name">
                    <span className="partner-name">{partnerName(link, partner)}</span>{' '}
                    <span className={`badge ${ours ? 'badge-ours' : 'badge-other'}`} data-testid="partner-badge">
                      {ours ? t('detail.ours') : t('detail.otherPartner')}
                    </span>
                    {partner?.location && <span className="cell-sub muted">{partner.location}</span>}
                  </th>
                  <td>{t(`linkKinds.${link.kind}`, { defaultValue: link.kind })}</td>
                  <td>{link.scope ?? <Missing />}</td>
                  <td>
                    <LinkDates link={link} format={format.date} />
                  </td>
                  <td>
                    {link.source === 'manual' && (
                      <button
                        type="button"
                        className="button button-quiet button-small"
                        data-testid="remove-manual-link"
                        aria-label={t('linkForm.remove', { name: partnerName(link, partner) })}
                        disabled={remove.isPending}
                        onClick={() => remove.mutate(link)}
                      >
                        {t('linkForm.removeShort')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function partnerName(link: CustomerPartnerLink, partner: Partner | undefined): string {
  return partner?.name.trim() || partner?.mpn_id || link.partner_id;
}

function LinkDates({ link, format }: { link: CustomerPartnerLink; format: (value: string) => string }) {
  const { t } = useTranslation();
  const { start_date: start, end_date: end } = link;
  if (start && end) return <>{t('detail.dateRange', { start: format(start), end: format(end) })}</>;
  if (start) return <>{t('detail.since', { date: format(start) })}</>;
  if (end) return <>{t('detail.until', { date: format(end) })}</>;
  return <Missing />;
}

function SubscriptionGroup({ channel, billing, children }: { channel: string; billing: string; children: ReactNode }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <section
      className="subscription-group"
      data-testid="subscription-group"
      data-channel={channel}
      data-billing={billing}
      aria-labelledby={id}
    >
      <h4 id={id} className="group-title">
        <span>{t(`channels.${channel}`, { defaultValue: channel })}</span>
        <span className="group-title-sep" aria-hidden="true">
          ·
        </span>
        <span>{t(`billing.${billing}`, { defaultValue: billing })}</span>
      </h4>
      <div className="subscription-list">{children}</div>
    </section>
  );
}

function SubscriptionCard({
  subscription,
  partners,
  profile,
  verdicts,
  customer,
}: {
  subscription: Subscription;
  partners: Partner[];
  profile: ProfileSummary;
  verdicts: Verdict[];
  customer: string;
}) {
  const { t } = useTranslation();
  const format = useFormatters();
  const id = useId();
  const name = subscription.friendly_name?.trim() || subscription.offer_name;
  const autoRenew = subscription.auto_renew;
  return (
    <article
      className="subscription"
      data-testid="subscription"
      data-subscription-id={subscription.id}
      data-status={subscription.status}
      aria-labelledby={id}
    >
      <div className="subscription-head">
        <h5 id={id} className="subscription-name">
          {name}
        </h5>
        {subscription.is_trial && <span className="badge badge-other">{t('detail.trial')}</span>}
      </div>
      {subscription.friendly_name?.trim() && <p className="muted subscription-offer">{subscription.offer_name}</p>}
      <dl className="facts">
        <div>
          <dt>{t('detail.subscriptionColumns.quantity')}</dt>
          <dd className="num" data-testid="subscription-quantity">
            {format.number(subscription.quantity)}
          </dd>
        </div>
        <div>
          <dt>{t('detail.subscriptionColumns.status')}</dt>
          <dd data-testid="subscription-status">
            {t(`subscriptionStatus.${subscription.status}`, { defaultValue: subscription.status })}
          </dd>
        </div>
        <div>
          <dt>{t('detail.subscriptionColumns.termEnd')}</dt>
          <dd data-testid="subscription-term-end">
            {subscription.commitment_end ? (
              <time dateTime={subscription.commitment_end}>{format.date(subscription.commitment_end)}</time>
            ) : (
              <Missing />
            )}
          </dd>
        </div>
        <div>
          <dt>{t('detail.subscriptionColumns.autoRenew')}</dt>
          <dd data-testid="subscription-auto-renew">
            {autoRenew === true ? t('detail.yes') : autoRenew === false ? t('detail.no') : t('detail.unknown')}
          </dd>
        </div>
        <div>
          <dt>{t('detail.subscriptionColumns.resellerOfRecord')}</dt>
          <dd data-testid="subscription-reseller">
            <ResellerOfRecord value={subscription.partner_of_record} partners={partners} profile={profile} />
          </dd>
        </div>
        <div className="fact-wide">
          <dt>{t('detail.subscriptionColumns.id')}</dt>
          <dd className="mono">{subscription.id}</dd>
        </div>
      </dl>
      {verdicts.length > 0 && (
        <VerdictList
          verdicts={verdicts}
          label={t('detail.subscriptionActions', { name })}
          after={(verdict) => (
            <StartWorkflowButtons profile={profile} customer={customer} subscriptionId={subscription.id} verdict={verdict} />
          )}
        />
      )}
    </article>
  );
}

function ResellerOfRecord({
  value,
  partners,
  profile,
}: {
  value: string | null;
  partners: Partner[];
  profile: ProfileSummary;
}) {
  const { t } = useTranslation();
  const mpn = value?.trim();
  if (!mpn) return <Missing />;
  if (mpn === RESELLER_REMOVED) {
    return (
      <span data-reseller="removed" title={mpn}>
        {t('detail.resellerRemoved')}
      </span>
    );
  }
  if (profile.mpn_id && mpn === profile.mpn_id.trim()) {
    return <>{t('detail.resellerUs', { name: profile.name, mpn })}</>;
  }
  const partner = partners.find((p) => p.mpn_id?.trim() === mpn);
  if (partner?.name.trim()) return <>{t('detail.resellerNamed', { name: partner.name, mpn })}</>;
  return <span className="mono">{mpn}</span>;
}

function VerdictList({
  verdicts,
  label,
  after,
}: {
  verdicts: Verdict[];
  label: string;
  /** Rendered inside each verdict, after its steps (workflow buttons). */
  after?: (verdict: Verdict) => ReactNode;
}) {
  return (
    <ul className="verdict-list" aria-label={label}>
      {verdicts.map((verdict) => (
        <VerdictItem key={verdict.action} verdict={verdict}>
          {after?.(verdict)}
        </VerdictItem>
      ))}
    </ul>
  );
}

function CustomerFinding({ finding }: { finding: Finding }) {
  const format = useFormatters();
  const text = useEngineText();
  return (
    <li className="finding-item" data-testid="customer-finding" data-kind={finding.kind} data-severity={finding.severity}>
      <SeverityBadge severity={finding.severity} />
      <span className="finding-text">{text(finding)}</span>
      <span className="finding-meta">
        {finding.rule && <RuleBadge rule={finding.rule} />}
        {finding.due && (
          <time className="muted" dateTime={finding.due}>
            {format.date(finding.due)}
          </time>
        )}
      </span>
    </li>
  );
}
