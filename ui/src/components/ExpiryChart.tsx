import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../format';
import type { Finding } from '../generated/bindings';

const DAY_MS = 86_400_000;
const WEEKS = 13;

type Bucket = { start: Date; gdap: number; term: number };

/** Findings due in the next 90 days (GDAP ends, licence terms ending), per week from `today`. */
export function expiryBuckets(findings: Finding[], today: Date): Bucket[] {
  const start = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  const buckets: Bucket[] = Array.from({ length: WEEKS }, (_, week) => ({
    start: new Date(start + week * 7 * DAY_MS),
    gdap: 0,
    term: 0,
  }));
  for (const finding of findings) {
    if (!finding.due) continue;
    const due = Date.parse(`${finding.due}T00:00:00Z`);
    const days = Math.floor((due - start) / DAY_MS);
    if (Number.isNaN(days) || days < 0 || days > 90) continue;
    const bucket = buckets[Math.min(WEEKS - 1, Math.floor(days / 7))];
    if (!bucket) continue;
    if (finding.kind === 'gdap-expiring') bucket.gdap += 1;
    else if (finding.kind === 'term-ending') bucket.term += 1;
  }
  return buckets;
}

/** A bar per week: what ends in the next 90 days, GDAP and licence terms stacked. */
export function ExpiryChart({ findings, today = new Date() }: { findings: Finding[]; today?: Date }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const id = useId();
  const buckets = expiryBuckets(findings, today);
  const max = Math.max(1, ...buckets.map((b) => b.gdap + b.term));
  const total = buckets.reduce((sum, b) => sum + b.gdap + b.term, 0);
  return (
    <section className="panel expiry-chart" aria-labelledby={`${id}-title`} data-testid="expiry-chart">
      <h3 id={`${id}-title`} className="section-title">
        {t('findingsView.expiryTitle')}
      </h3>
      <p className="muted">{t('findingsView.expiryTotal', { count: total })}</p>
      <ol className="chart-bars" aria-label={t('findingsView.expiryTitle')}>
        {buckets.map((bucket) => {
          const day = bucket.start.toISOString().slice(0, 10);
          const label = t('findingsView.expiryWeek', {
            date: format.date(day),
            gdap: bucket.gdap,
            term: bucket.term,
          });
          return (
            <li key={day} className="chart-bar" data-testid="expiry-week" data-gdap={bucket.gdap} data-term={bucket.term} title={label}>
              <span className="visually-hidden">{label}</span>
              <span className="bar-stack" aria-hidden="true">
                <span className="bar bar-term" style={{ height: `${(bucket.term / max) * 100}%` }} />
                <span className="bar bar-gdap" style={{ height: `${(bucket.gdap / max) * 100}%` }} />
              </span>
              <span className="bar-label" aria-hidden="true">
                {format.date(day)}
              </span>
            </li>
          );
        })}
      </ol>
      <p className="chart-legend" aria-hidden="true">
        <span className="legend legend-gdap">{t('findingsView.legendGdap')}</span>
        <span className="legend legend-term">{t('findingsView.legendTerm')}</span>
      </p>
    </section>
  );
}
