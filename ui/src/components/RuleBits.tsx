import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useEngineText } from '../engineText';
import { useFormatters } from '../format';
import type { Reason, RuleId, Severity, Verdict, VerdictKind } from '../generated/bindings';

/** A rule id as a small badge; its title (hover, and for screen readers) is the rule's title. */
export function RuleBadge({ rule }: { rule: RuleId | string }) {
  const { t } = useTranslation();
  const title = t(`rules.${rule}.title`, { defaultValue: rule });
  return (
    <span className="rule-badge" title={title} data-testid="rule-badge">
      <span aria-hidden="true">{rule}</span>
      <span className="visually-hidden">{t('detail.ruleLabel', { rule, title })}</span>
    </span>
  );
}

const VERDICT_MARK: Record<VerdictKind, string> = { allowed: '✓', restricted: '!', denied: '✕' };

export function VerdictBadge({ verdict }: { verdict: VerdictKind }) {
  const { t } = useTranslation();
  return (
    <span className={`badge verdict-badge verdict-${verdict}`} data-testid="verdict-badge">
      <span className="badge-mark" aria-hidden="true">
        {VERDICT_MARK[verdict] ?? '?'}
      </span>
      {t(`verdicts.${verdict}`, { defaultValue: verdict })}
    </span>
  );
}

export function SeverityBadge({ severity }: { severity: Severity }) {
  const { t } = useTranslation();
  return (
    <span className={`badge severity-badge severity-${severity}`} data-testid="severity-badge">
      {t(`severity.${severity}`, { defaultValue: severity })}
    </span>
  );
}

/** Source documents a reason cites (NC-2 names two), as `<name>` + `<name>Url` params. */
function sourcesOf(reason: Reason): { title: string; url: string }[] {
  return Object.entries(reason.params).flatMap(([name, url]) => {
    if (!name.endsWith('Url') || !url) return [];
    return [{ title: reason.params[name.slice(0, -3)] ?? url, url }];
  });
}

/** One action's verdict with every reason (rule id + sentence), the earliest date and the steps. */
export function VerdictItem({ verdict, children }: { verdict: Verdict; children?: ReactNode }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const text = useEngineText();
  return (
    <li
      className={`verdict verdict-item-${verdict.verdict}`}
      data-testid="verdict"
      data-action={verdict.action}
      data-verdict={verdict.verdict}
    >
      <div className="verdict-head">
        <span className="verdict-action">{t(`actions.${verdict.action}`, { defaultValue: verdict.action })}</span>
        <VerdictBadge verdict={verdict.verdict} />
      </div>
      {verdict.earliest_date && (
        <p className="earliest-date" data-testid="earliest-date">
          {t('detail.earliestDate')}{' '}
          <time dateTime={verdict.earliest_date}>{format.date(verdict.earliest_date)}</time>
        </p>
      )}
      {verdict.reasons.length > 0 && (
        <ul className="reasons" aria-label={t('detail.reasons')}>
          {verdict.reasons.map((reason, index) => {
            const sources = sourcesOf(reason);
            return (
              <li
                key={`${reason.key}-${index}`}
                className={`reason reason-${reason.effect}`}
                data-testid="reason"
                data-rule={reason.rule}
                data-effect={reason.effect}
              >
                <RuleBadge rule={reason.rule} />
                <span className="reason-text">
                  {text(reason)}
                  {sources.length > 0 && (
                    <span className="reason-sources">
                      {sources.map((source) => (
                        <span key={source.url} className="reason-source">
                          {t('detail.source')} {source.title} <span className="mono path">{source.url}</span>
                        </span>
                      ))}
                    </span>
                  )}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {verdict.steps.length > 0 && (
        <div className="steps">
          <p className="steps-title">{t('detail.steps')}</p>
          <ol>
            {verdict.steps.map((step, index) => (
              <li key={`${step.key}-${index}`} data-testid="step">
                {text(step)}
              </li>
            ))}
          </ol>
        </div>
      )}
      {children}
    </li>
  );
}
