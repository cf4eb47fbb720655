import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useEngineText } from '../engineText';
import { useFormatters } from '../format';
import type { MoveOption, ProfileSummary, Verdict, Workflow, WorkflowStep } from '../generated/bindings';
import { queryKeys } from '../queryClient';
import { RuleBadge } from './RuleBits';

/** Buttons that start a workflow from a subscription's verdict (none when it is denied). */
export function StartWorkflowButtons({
  profile,
  customer,
  subscriptionId,
  verdict,
}: {
  profile: ProfileSummary;
  customer: string;
  subscriptionId: string;
  verdict: Verdict;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const offer = verdict.workflow;
  const start = useMutation({
    mutationFn: (option: MoveOption | null) =>
      api.startWorkflow(profile.id, { customer, subscription_id: subscriptionId, action: verdict.action, option }),
    onSuccess: () => void client.invalidateQueries({ queryKey: queryKeys.workflowsOf(profile.id) }),
  });
  if (!offer) return null;
  const rule = offer.rule;
  // A checklist (MC-4, MC-5) starts without a choice.
  const options: (MoveOption | null)[] = offer.options.length > 0 ? offer.options : [null];
  return (
    <div className="workflow-start" data-testid="workflow-start" data-rule={rule}>
      {options.map((option) => (
        <button
          key={option ?? 'checklist'}
          type="button"
          className="button button-small"
          data-testid="start-workflow"
          data-option={option ?? 'checklist'}
          disabled={start.isPending}
          onClick={() => start.mutate(option)}
        >
          {option ? t(`workflows.start.${option}`) : t('workflows.start.checklist', { rule })}
        </button>
      ))}
      {start.isSuccess && (
        <span className="muted" role="status" data-testid="workflow-started">
          {t('workflows.started')}
        </span>
      )}
    </div>
  );
}

/** Open workflows (of one customer, or of the whole profile), with their steps. */
export function WorkflowList({ profile, customer }: { profile: ProfileSummary; customer: string | null }) {
  const { t } = useTranslation();
  const [showClosed, setShowClosed] = useState(false);
  const id = useId();
  const workflows = useQuery({
    queryKey: [...queryKeys.workflows(profile.id, customer), showClosed],
    queryFn: () => api.listWorkflows(profile.id, customer, showClosed),
  });
  const list = workflows.data ?? [];
  return (
    <div className="workflow-list" data-testid="workflow-list">
      <label className="checkbox-label" htmlFor={`${id}-closed`}>
        <input id={`${id}-closed`} type="checkbox" checked={showClosed} onChange={(e) => setShowClosed(e.target.checked)} />
        {t('workflows.showClosed')}
      </label>
      {workflows.isSuccess && list.length === 0 && (
        <p className="muted" data-testid="workflows-empty">
          {customer ? t('workflows.emptyCustomer') : t('workflows.empty')}
        </p>
      )}
      {list.map((workflow) => (
        <WorkflowCard key={workflow.id} profile={profile} workflow={workflow} showCustomer={customer === null} />
      ))}
    </div>
  );
}

function WorkflowCard({
  profile,
  workflow,
  showCustomer,
}: {
  profile: ProfileSummary;
  workflow: Workflow;
  showCustomer: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormatters();
  const id = useId();
  const done = workflow.steps.filter((s) => s.done_at !== null).length;
  return (
    <article
      className="panel workflow"
      data-testid="workflow"
      data-rule={workflow.rule}
      data-closed={String(workflow.closed_at !== null)}
      aria-labelledby={id}
    >
      <header className="workflow-head">
        <h4 id={id} className="workflow-title">
          <RuleBadge rule={workflow.rule} /> {t(`workflows.title.${workflow.rule}`, { defaultValue: workflow.rule })}
          {workflow.option && <span className="muted"> · {t(`workflows.start.${workflow.option}`)}</span>}
        </h4>
        <p className="muted workflow-meta">
          {showCustomer && (workflow.customer_name ?? workflow.customer_tenant_id)}
          {showCustomer && ' · '}
          {workflow.subscription_name ?? workflow.subscription_id}
          {' · '}
          {workflow.due_date ? (
            <span data-testid="workflow-due">
              {t('workflows.due', { date: format.date(workflow.due_date) })}
            </span>
          ) : (
            t('workflows.noDue')
          )}
          {' · '}
          <span data-testid="workflow-progress">{t('workflows.progress', { done, total: workflow.steps.length })}</span>
        </p>
      </header>
      <ol className="workflow-steps">
        {workflow.steps.map((step) => (
          <StepItem key={step.position} profile={profile} workflow={workflow} step={step} />
        ))}
      </ol>
    </article>
  );
}

function StepItem({ profile, workflow, step }: { profile: ProfileSummary; workflow: Workflow; step: WorkflowStep }) {
  const { t } = useTranslation();
  const text = useEngineText();
  const client = useQueryClient();
  const id = useId();
  const [note, setNote] = useState(step.note ?? '');
  const update = useMutation({
    mutationFn: (change: { done: boolean; note: string }) =>
      api.updateWorkflowStep(profile.id, {
        workflow_id: workflow.id,
        position: step.position,
        done: change.done,
        note: change.note.trim() === '' ? null : change.note,
      }),
    onSuccess: () => void client.invalidateQueries({ queryKey: queryKeys.workflowsOf(profile.id) }),
  });
  const done = step.done_at !== null;
  return (
    <li className="workflow-step" data-testid="workflow-step" data-done={String(done)}>
      <label htmlFor={`${id}-done`} className="checkbox-label">
        <input
          id={`${id}-done`}
          type="checkbox"
          data-testid="workflow-step-done"
          checked={done}
          disabled={update.isPending}
          onChange={(e) => update.mutate({ done: e.target.checked, note })}
        />
        <span>{text(step)}</span>
      </label>
      <input
        type="text"
        className="step-note"
        aria-label={t('workflows.noteLabel')}
        placeholder={t('workflows.notePlaceholder')}
        value={note}
        maxLength={4000}
        onChange={(e) => setNote(e.target.value)}
        onBlur={() => {
          if ((step.note ?? '') !== note.trim()) update.mutate({ done, note });
        }}
      />
    </li>
  );
}
