import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { FINDING_KINDS, SEVERITIES } from '../domain';
import { useEngineText } from '../engineText';
import { useFormatters } from '../format';
import type { CustomerPage, CustomerView, Finding, ProfileSummary } from '../generated/bindings';
import { queryKeys } from '../queryClient';
import { ExpiryChart } from './ExpiryChart';
import { Missing } from './Missing';
import { RuleBadge, SeverityBadge } from './RuleBits';
import { rowActivation } from './rowActivation';

/** Rows shown at first, and added by "Show more". */
export const FINDINGS_PAGE = 200;

export type FindingFilter = { severity: string; kind: string };
export const ALL = 'all';
export const NO_FILTER: FindingFilter = { severity: ALL, kind: ALL };

/** Names of customers the list or a detail has already loaded (findings carry only the tenant id). */
function knownCustomerNames(client: QueryClient, profileId: string): Map<string, string> {
  const names = new Map<string, string>();
  const add = (tenantId: string, name: string) => {
    if (name.trim()) names.set(tenantId.toLowerCase(), name);
  };
  // Pages of the customer table (one query per page) and filter menus share the key prefix.
  for (const [, data] of client.getQueriesData<unknown>({ queryKey: queryKeys.customersOf(profileId) })) {
    const page = data as Partial<CustomerPage> | undefined;
    for (const row of Array.isArray(page?.items) ? page.items : []) add(row.tenant_id, row.company_name);
  }
  for (const [, data] of client.getQueriesData<CustomerView>({ queryKey: queryKeys.customerViewsOf(profileId) })) {
    if (data) add(data.bundle.customer.tenant_id, data.bundle.customer.company_name);
  }
  return names;
}

export function FindingsView({
  profile,
  filter,
  onFilterChange,
  onOpenCustomer,
  focusTenantId,
}: {
  profile: ProfileSummary;
  filter: FindingFilter;
  onFilterChange: (filter: FindingFilter) => void;
  onOpenCustomer: (tenantId: string, name: string | null) => void;
  /** Coming back from a customer: its (first) finding gets focus. */
  focusTenantId?: string | null;
}) {
  const { t } = useTranslation();
  const format = useFormatters();
  const text = useEngineText();
  const queryClient = useQueryClient();
  const id = useId();
  const listRef = useRef<HTMLTableSectionElement>(null);
  const [visible, setVisible] = useState(FINDINGS_PAGE);

  const findings = useQuery({
    queryKey: queryKeys.findings(profile.id),
    queryFn: () => api.listFindings(profile.id, null),
  });

  const all = findings.data ?? [];
  // The back end returns findings in order: most severe, then soonest due.
  const sorted = all;
  const filtered = sorted.filter(
    (f) => (filter.severity === ALL || f.severity === filter.severity) && (filter.kind === ALL || f.kind === filter.kind),
  );
  const shown = filtered.slice(0, visible);
  const names = knownCustomerNames(queryClient, profile.id);
  const filtering = filter.severity !== ALL || filter.kind !== ALL;

  const bySeverity = new Map<string, number>();
  const byKind = new Map<string, number>();
  for (const f of all) {
    bySeverity.set(f.severity, (bySeverity.get(f.severity) ?? 0) + 1);
    byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + 1);
  }
  // Known kinds in their order, then any kind this version does not know.
  const kinds = [
    ...FINDING_KINDS.filter((k) => byKind.has(k) || filter.kind === k),
    ...[...byKind.keys()].filter((k) => !(FINDING_KINDS as readonly string[]).includes(k)),
  ];

  useEffect(() => {
    if (!focusTenantId) return;
    const rows = listRef.current?.querySelectorAll<HTMLElement>('[data-testid="finding"][data-tenant-id]') ?? [];
    const row = [...rows].find((r) => r.dataset.tenantId === focusTenantId);
    row?.focus();
    // Only when arriving back; later renders leave focus alone.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const setFilter = (next: FindingFilter) => {
    setVisible(FINDINGS_PAGE);
    onFilterChange(next);
  };

  const customerOf = (finding: Finding) => finding.subject.customer_tenant_id?.trim() || null;

  return (
    <section className="findings-view" data-testid="findings-view" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="visually-hidden">
        {t('findingsView.title')}
      </h2>

      {findings.isPending && (
        <p className="muted" role="status">
          {t('findingsView.loading')}
        </p>
      )}

      {findings.isError && !findings.data && (
        <div className="panel panel-problem">
          <p>{t('findingsView.loadFailed')}</p>
          <button type="button" className="button" onClick={() => void findings.refetch()}>
            {t('common.retry')}
          </button>
        </div>
      )}

      {findings.data && (
        <>
          <div className="findings-summary">
            <section className="panel summary-panel" aria-labelledby={`${id}-by-severity`}>
              <h3 id={`${id}-by-severity`} className="section-title">
                {t('findingsView.bySeverity')}
              </h3>
              <ul className="count-list">
                {SEVERITIES.map((severity) => (
                  <li key={severity} data-testid="severity-count" data-severity={severity}>
                    <SeverityBadge severity={severity} />
                    <span className="count-value" data-testid="count-value">
                      {format.number(bySeverity.get(severity) ?? 0)}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
            <section className="panel summary-panel" aria-labelledby={`${id}-by-kind`}>
              <h3 id={`${id}-by-kind`} className="section-title">
                {t('findingsView.byKind')}
              </h3>
              {byKind.size === 0 ? (
                <p className="muted">{t('findingsView.none')}</p>
              ) : (
                <ul className="count-list">
                  {kinds
                    .filter((kind) => byKind.has(kind))
                    .map((kind) => (
                      <li key={kind} data-testid="kind-count" data-kind={kind}>
                        <span className="count-label">{t(`findingKinds.${kind}`, { defaultValue: kind })}</span>
                        <span className="count-value" data-testid="count-value">
                          {format.number(byKind.get(kind) ?? 0)}
                        </span>
                      </li>
                    ))}
                </ul>
              )}
            </section>
          </div>

          <ExpiryChart findings={all} />

          <div className="customers-toolbar findings-toolbar">
            <div className="filters">
              <div className="filter-field">
                <label htmlFor={`${id}-severity`}>{t('findingsView.filterSeverity')}</label>
                <select
                  id={`${id}-severity`}
                  data-testid="findings-severity-filter"
                  value={filter.severity}
                  onChange={(e) => setFilter({ ...filter, severity: e.target.value })}
                >
                  <option value={ALL}>{t('findingsView.allSeverities')}</option>
                  {SEVERITIES.map((severity) => (
                    <option key={severity} value={severity}>
                      {t(`severity.${severity}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="filter-field">
                <label htmlFor={`${id}-kind`}>{t('findingsView.filterKind')}</label>
                <select
                  id={`${id}-kind`}
                  data-testid="findings-kind-filter"
                  value={filter.kind}
                  onChange={(e) => setFilter({ ...filter, kind: e.target.value })}
                >
                  <option value={ALL}>{t('findingsView.allKinds')}</option>
                  {kinds.map((kind) => (
                    <option key={kind} value={kind}>
                      {t(`findingKinds.${kind}`, { defaultValue: kind })}
                    </option>
                  ))}
                </select>
              </div>
              {filtering && (
                <button type="button" className="button button-quiet" data-testid="findings-clear-filters" onClick={() => setFilter(NO_FILTER)}>
                  {t('findingsView.clearFilters')}
                </button>
              )}
            </div>
            <p className="customer-count" data-testid="findings-count" role="status" aria-live="polite">
              {t('findingsView.count', { count: all.length })}
              {filtering && <span className="muted"> · {t('findingsView.matching', { count: filtered.length })}</span>}
            </p>
          </div>

          {all.length === 0 && (
            <div className="panel" data-testid="findings-empty">
              <p>{t('findingsView.empty')}</p>
            </div>
          )}

          {all.length > 0 && filtered.length === 0 && (
            <p className="panel" data-testid="findings-no-match">
              {t('findingsView.noMatch')}
            </p>
          )}

          {shown.length > 0 && (
            <div className="table-scroll">
              <table className="data-table findings-table">
                <caption className="visually-hidden">{t('findingsView.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('findingsView.columns.severity')}</th>
                    <th scope="col">{t('findingsView.columns.finding')}</th>
                    <th scope="col">{t('findingsView.columns.customer')}</th>
                    <th scope="col">{t('findingsView.columns.rule')}</th>
                    <th scope="col">{t('findingsView.columns.due')}</th>
                  </tr>
                </thead>
                <tbody ref={listRef}>
                  {shown.map((finding, index) => {
                    const tenantId = customerOf(finding);
                    const name = tenantId ? (names.get(tenantId.toLowerCase()) ?? null) : null;
                    const open = tenantId ? () => onOpenCustomer(tenantId, name) : undefined;
                    return (
                      <tr
                        key={`${finding.key}|${tenantId ?? ''}|${finding.subject.subscription_id ?? ''}|${finding.subject.gdap_id ?? ''}|${index}`}
                        data-testid="finding"
                        data-kind={finding.kind}
                        data-severity={finding.severity}
                        data-tenant-id={tenantId ?? undefined}
                        className={open ? 'row-link' : undefined}
                        tabIndex={open ? 0 : undefined}
                        title={open ? t('findingsView.openCustomer') : undefined}
                        {...(open ? rowActivation(open) : {})}
                      >
                        <td>
                          <SeverityBadge severity={finding.severity} />
                        </td>
                        <td className="cell-text">{text(finding)}</td>
                        <td className="cell-customer">
                          {tenantId ? (
                            <>
                              {name && <span className="cell-name-inline">{name}</span>}
                              <span className={name ? 'cell-sub mono muted' : 'mono'}>{tenantId}</span>
                            </>
                          ) : (
                            <Missing />
                          )}
                        </td>
                        <td>{finding.rule ? <RuleBadge rule={finding.rule} /> : <Missing />}</td>
                        <td className="cell-date">
                          {finding.due ? <time dateTime={finding.due}>{format.date(finding.due)}</time> : <Missing />}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}

          {filtered.length > shown.length && (
            <div className="load-more">
              <button
                type="button"
                className="button"
                data-testid="findings-show-more"
                onClick={() => setVisible((v) => v + FINDINGS_PAGE)}
              >
                {t('findingsView.showMore', { count: Math.min(FINDINGS_PAGE, filtered.length - shown.length) })}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
