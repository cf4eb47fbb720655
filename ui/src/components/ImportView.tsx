import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { listen } from '@tauri-apps/api/event';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type AppError } from '../api';
import { useFormatters } from '../format';
import type { ImportProgress, ImportSummary, PickedFile, PickKind, ProfileSummary } from '../generated/bindings';
import { queryKeys } from '../queryClient';

const PROGRESS_EVENT = 'import-progress';

function newImportId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `import-${Date.now()}-${Math.random()}`;
}

/** Progress events of one check or import, while it runs. */
function useImportProgress(importId: string | null): ImportProgress | null {
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  useEffect(() => {
    if (!importId) return;
    let stop: (() => void) | undefined;
    let live = true;
    void listen<ImportProgress>(PROGRESS_EVENT, (event) => {
      if (event.payload.import_id === importId) setProgress(event.payload);
    })
      .then((unlisten) => {
        if (live) stop = unlisten;
        else unlisten();
      })
      .catch(() => {
        // No progress events (tests without the Tauri runtime): the bar stays indeterminate.
      });
    return () => {
      live = false;
      stop?.();
    };
  }, [importId]);
  // A finished run's last event must not show for the next one.
  return progress?.import_id === importId ? progress : null;
}

/**
 * The import wizard: pick files or a folder in the native dialog, see each
 * one's detected format, records and problems, import as one snapshot with
 * progress and cancel, then the snapshot's counts. Below: every snapshot.
 */
export function ImportView({ profile }: { profile: ProfileSummary }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const id = useId();
  const [picked, setPicked] = useState<PickedFile[]>([]);
  const [running, setRunning] = useState<string | null>(null);
  const progress = useImportProgress(running);
  const pickButton = useRef<HTMLButtonElement>(null);

  useEffect(() => pickButton.current?.focus(), []);

  const pick = useMutation({
    mutationFn: async (kind: PickKind) => {
      const importId = newImportId();
      setRunning(importId);
      try {
        return await api.pickImportFiles(kind, t(kind === 'files' ? 'import.pickFiles' : 'import.pickFolder'), importId);
      } finally {
        setRunning(null);
      }
    },
    onSuccess: (files) => {
      if (files.length > 0) setPicked(files);
      run.reset();
    },
  });

  const run = useMutation<ImportSummary, AppError>({
    mutationFn: async () => {
      const importId = newImportId();
      setRunning(importId);
      try {
        return await api.runImport(
          profile.id,
          picked.map((p) => p.token),
          importId,
        );
      } finally {
        setRunning(null);
      }
    },
    meta: { inlineError: true },
    onSuccess: () => {
      setPicked([]);
      // Everything shown for this profile may have changed.
      void client.invalidateQueries({ queryKey: ['customers', profile.id] });
      void client.invalidateQueries({ queryKey: ['customer-view', profile.id] });
      void client.invalidateQueries({ queryKey: queryKeys.findings(profile.id) });
      void client.invalidateQueries({ queryKey: queryKeys.snapshots(profile.id) });
      void client.invalidateQueries({ queryKey: queryKeys.profiles });
    },
  });

  const problems = picked.flatMap((p) => p.problems);
  const more = picked.reduce((sum, p) => sum + p.more_problems, 0);
  const busy = running !== null;

  return (
    <section className="import-view" data-testid="import-view" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="section-title">
        {t('import.title')}
      </h2>
      <p className="muted">{t('import.intro')}</p>
      <div className="section-toolbar">
        <button
          ref={pickButton}
          type="button"
          className="button button-primary"
          data-testid="pick-files"
          disabled={busy}
          onClick={() => pick.mutate('files')}
        >
          {t('import.pickFiles')}
        </button>
        <button type="button" className="button" data-testid="pick-folder" disabled={busy} onClick={() => pick.mutate('folder')}>
          {t('import.pickFolder')}
        </button>
      </div>

      {busy && (
        <div className="import-progress" data-testid="import-progress" data-phase={progress?.phase ?? ''} role="status">
          <progress
            max={progress?.bytes_total || undefined}
            value={progress?.bytes_total ? progress.bytes_read : undefined}
            aria-label={t('import.progressLabel')}
          />
          <span>
            {progress
              ? t(progress.phase === 'check' ? 'import.checking' : 'import.importing', {
                  file: progress.file,
                  records: progress.records,
                })
              : t('import.starting')}
          </span>
          <button
            type="button"
            className="button button-small"
            data-testid="cancel-import"
            onClick={() => running && void api.cancelImport(running)}
          >
            {t('common.cancel')}
          </button>
        </div>
      )}

      {picked.length > 0 && (
        <div className="panel" data-testid="import-files">
          <h3 className="section-title">{t('import.filesTitle')}</h3>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('import.columns.file')}</th>
                <th scope="col">{t('import.columns.format')}</th>
                <th scope="col" className="num">
                  {t('import.columns.records')}
                </th>
              </tr>
            </thead>
            <tbody>
              {picked.flatMap((p) =>
                p.files.length === 0
                  ? [
                      <tr key={p.token} data-testid="import-file" data-format="">
                        <th scope="row">{p.name}</th>
                        <td className="muted">{t('import.notRead')}</td>
                        <td />
                      </tr>,
                    ]
                  : p.files.map((f, i) => (
                      <tr key={`${p.token}-${i}`} data-testid="import-file" data-format={f.format}>
                        <th scope="row">{f.path}</th>
                        <td className="mono">{f.format}</td>
                        <td className="num">{f.records}</td>
                      </tr>
                    )),
              )}
            </tbody>
          </table>
          {problems.length > 0 ? (
            <ProblemTable picked={picked} more={more} />
          ) : (
            <p data-testid="import-valid">{t('import.valid')}</p>
          )}
          <div className="dialog-actions">
            <button type="button" className="button" disabled={busy} onClick={() => setPicked([])}>
              {t('import.clear')}
            </button>
            <button
              type="button"
              className="button button-primary"
              data-testid="run-import"
              disabled={busy || problems.length > 0}
              onClick={() => run.mutate()}
            >
              {t('import.run')}
            </button>
          </div>
        </div>
      )}

      {run.isError && (
        <p className="panel panel-problem" role="alert" data-testid="import-error" data-code={run.error.code}>
          {run.error.code === 'cancelled' ? t('import.cancelled') : run.error.message}
        </p>
      )}
      {run.data && <ImportResult summary={run.data} />}

      <SnapshotList profile={profile} />
    </section>
  );
}

function ProblemTable({ picked, more }: { picked: PickedFile[]; more: number }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
      <table className="data-table problem-table" data-testid="import-problems">
        <caption>{t('import.problemsTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('import.columns.file')}</th>
            <th scope="col">{t('import.columns.where')}</th>
            <th scope="col">{t('import.columns.field')}</th>
            <th scope="col">{t('import.columns.value')}</th>
            <th scope="col">{t('import.columns.problem')}</th>
          </tr>
        </thead>
        <tbody>
          {picked.flatMap((p) =>
            p.problems.map((problem, i) => (
              <tr key={`${p.token}-${i}`} data-testid="import-problem">
                <td>{problem.file}</td>
                <td>{problem.position}</td>
                <td>{problem.field ?? ''}</td>
                <td className="mono">{problem.value ?? ''}</td>
                <td>{problem.reason}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
      {more > 0 && <p className="muted">{t('import.moreProblems', { count: more })}</p>}
    </div>
  );
}

function CountsTable({ summary }: { summary: ImportSummary }) {
  const { t } = useTranslation();
  const format = useFormatters();
  return (
    <table className="data-table counts-table" data-testid="import-counts">
      <thead>
        <tr>
          <th scope="col">{t('import.columns.entity')}</th>
          {(['added', 'changed', 'removed', 'unchanged'] as const).map((c) => (
            <th key={c} scope="col" className="num">
              {t(`import.counts.${c}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {Object.entries(summary.counts).map(([entity, c]) =>
          c ? (
            <tr key={entity} data-testid="import-count" data-entity={entity} data-added={c.added}>
              <th scope="row">{t(`import.entities.${entity}`, { defaultValue: entity })}</th>
              <td className="num">{format.number(c.added)}</td>
              <td className="num">{format.number(c.changed)}</td>
              <td className="num">{format.number(c.removed)}</td>
              <td className="num">{format.number(c.unchanged)}</td>
            </tr>
          ) : null,
        )}
      </tbody>
    </table>
  );
}

function ImportResult({ summary }: { summary: ImportSummary }) {
  const { t } = useTranslation();
  return (
    <div className="panel panel-success" data-testid="import-result" role="status">
      <h3 className="section-title">{t('import.done', { id: summary.snapshot_id, files: summary.files })}</h3>
      <CountsTable summary={summary} />
    </div>
  );
}

function SnapshotList({ profile }: { profile: ProfileSummary }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const snapshots = useQuery({ queryKey: queryKeys.snapshots(profile.id), queryFn: () => api.listSnapshots(profile.id) });
  const id = useId();
  const [pair, setPair] = useState<{ from: number; to: number } | null>(null);
  const [choice, setChoice] = useState<{ from: string; to: string }>({ from: '', to: '' });
  const list = snapshots.data ?? [];
  const diff = useQuery({
    queryKey: ['snapshot-diff', profile.id, pair?.from, pair?.to],
    queryFn: () => api.snapshotDiff(profile.id, pair?.from ?? 0, pair?.to ?? null),
    enabled: pair !== null,
  });
  const options = [...list].reverse();
  return (
    <section className="panel" data-testid="snapshots" aria-label={t('import.snapshotsTitle')}>
      <h3 className="section-title">{t('import.snapshotsTitle')}</h3>
      {list.length === 0 && <p className="muted">{t('import.noSnapshots')}</p>}
      <ol className="snapshot-list">
        {[...list].reverse().map((snapshot) => (
          <li key={snapshot.id} data-testid="snapshot" data-snapshot-id={snapshot.id}>
            <span>
              {t('import.snapshot', { id: snapshot.id })} · {format.dateTime(snapshot.created_at)} ·{' '}
              {t(`import.kinds.${snapshot.kind}`, { defaultValue: snapshot.kind })}
            </span>
            {snapshot.id > 1 && (
              <button
                type="button"
                className="button button-small"
                data-testid="diff-snapshot"
                onClick={() => setPair({ from: snapshot.id - 1, to: snapshot.id })}
              >
                {t('import.diffFromPrevious')}
              </button>
            )}
          </li>
        ))}
      </ol>
      {list.length > 1 && (
        <form
          className="filter-bar"
          data-testid="diff-any"
          onSubmit={(e) => {
            e.preventDefault();
            const from = Number(choice.from);
            const to = Number(choice.to);
            if (from > 0 && to > 0 && from !== to) setPair({ from: Math.min(from, to), to: Math.max(from, to) });
          }}
        >
          {(['from', 'to'] as const).map((end) => (
            <div key={end} className="filter-field">
              <label htmlFor={`${id}-${end}`}>{t(`import.diffPick.${end}`)}</label>
              <select
                id={`${id}-${end}`}
                data-testid={`diff-${end}`}
                value={choice[end]}
                onChange={(e) => setChoice({ ...choice, [end]: e.target.value })}
              >
                <option value="">—</option>
                {options.map((snapshot) => (
                  <option key={snapshot.id} value={snapshot.id}>
                    {t('import.snapshot', { id: snapshot.id })} · {format.dateTime(snapshot.created_at)}
                  </option>
                ))}
              </select>
            </div>
          ))}
          <button
            type="submit"
            className="button button-small"
            data-testid="diff-compare"
            disabled={choice.from === '' || choice.to === '' || choice.from === choice.to}
          >
            {t('import.diffPick.compare')}
          </button>
        </form>
      )}
      {diff.data && (
        <div data-testid="snapshot-diff">
          <h4 className="section-title">{t('import.diffTitle', { from: diff.data.from, to: diff.data.to })}</h4>
          <dl className="facts diff-counts">
            {(
              [
                ['customersAdded', diff.data.customers_added.length],
                ['customersRemoved', diff.data.customers_removed.length],
                ['partnersAdded', diff.data.partners_added.length],
                ['partnersRemoved', diff.data.partners_removed.length],
                ['subscriptionChanges', diff.data.subscription_changes.length],
                ['gdapChanges', diff.data.gdap_changes.length],
              ] as const
            ).map(([key, count]) => (
              <div key={key} data-testid="diff-count" data-kind={key} data-count={count}>
                <dt>{t(`import.diff.${key}`)}</dt>
                <dd className="num">{format.number(count)}</dd>
              </div>
            ))}
          </dl>
          <ul className="diff-customers">
            {[...diff.data.customers_added.map((c) => ['+', c] as const), ...diff.data.customers_removed.map((c) => ['−', c] as const)]
              .slice(0, 50)
              .map(([mark, c]) => (
                <li key={`${mark}${c.tenant_id}`}>
                  <span aria-hidden="true">{mark}</span> {c.company_name}
                </li>
              ))}
          </ul>
        </div>
      )}
    </section>
  );
}
