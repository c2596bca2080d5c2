/** Acting on a recommendation: apply it (in place, or through the launch form), dismiss it with a reason, snooze it, or restore it. */
import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError, errorMessage } from '../../../api/problem';
import { useApplyInPlace } from '../api/apply-recommendation';
import { useDecideRecommendation, type DismissReason } from '../api/decide-recommendation';
import type { Recommendation } from '../api/get-recommendations';
import { launchHref } from './wording';

const REASONS: Array<{ value: DismissReason; label: string }> = [
  { value: 'needs-current-setup', label: 'The workload needs the current setup' },
  { value: 'workload-changing', label: 'The workload is about to change' },
  { value: 'already-handled', label: 'Already handled another way' },
  { value: 'other', label: 'Other (say why)' },
];

const SNOOZE_DAYS = [7, 30, 90];

export function RecommendationActions({ r, title, onDone }: { r: Recommendation; title: string; onDone: (message: string) => void }) {
  const decide = useDecideRecommendation(r.id);
  const [dismissing, setDismissing] = useState(false);
  if (r.status !== 'open') {
    return (
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className="btn-secondary" disabled={decide.isPending} onClick={() => decide.mutate({ type: 'restore' }, { onSuccess: () => onDone(`Restored: ${title}.`) })}>
          Restore
        </button>
        {decide.isError && <p role="alert" className="field-error">{errorMessage(decide.error)}</p>}
      </div>
    );
  }
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-2">
        <ApplyAction r={r} title={title} onDone={onDone} />
        <button type="button" className="btn-secondary" aria-expanded={dismissing} onClick={() => setDismissing((d) => !d)}>
          Dismiss…
        </button>
        <SnoozeForm r={r} title={title} onDone={onDone} />
      </div>
      {dismissing && <DismissForm r={r} title={title} onDone={onDone} onCancel={() => setDismissing(false)} />}
    </div>
  );
}

function ApplyAction({ r, title, onDone }: { r: Recommendation; title: string; onDone: (message: string) => void }) {
  const apply = useApplyInPlace();
  const [confirming, setConfirming] = useState(false);
  const a = r.action;
  if (a.type === 'manual') return null;
  if (a.type === 'launch') {
    return (
      <Link className="btn-primary" to={launchHref(r) ?? '/pods/new'}>
        Apply in the launch form
      </Link>
    );
  }
  const restarts = a.patch.gpuCount !== undefined;
  const restartLabel = `Restart with ${a.patch.gpuCount} GPU${a.patch.gpuCount === 1 ? '' : 's'}`;
  const run = () => apply.mutate({ podId: a.podId, patch: a.patch }, { onSuccess: () => onDone(`Applied: ${title}.`) });
  if (restarts && confirming) {
    return (
      <div role="group" aria-label="Confirm the restart" className="flex flex-wrap items-center gap-2 rounded-lg border border-amber-300 bg-amber-50 p-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
        <span>{r.podNames[0]} restarts (about 20 seconds); its disk is kept.</span>
        <button type="button" className="btn-primary" disabled={apply.isPending} onClick={run}>
          {restartLabel}
        </button>
        <button type="button" className="btn-secondary" onClick={() => setConfirming(false)}>
          Cancel
        </button>
        {apply.isError && <p role="alert" className="field-error w-full">{errorMessage(apply.error)}</p>}
      </div>
    );
  }
  return (
    <>
      <button type="button" className="btn-primary" disabled={apply.isPending} onClick={() => (restarts ? setConfirming(true) : run())}>
        {restarts ? `Apply: restart with ${a.patch.gpuCount} GPU${a.patch.gpuCount === 1 ? '' : 's'}…` : `Apply: turn on auto-stop (${a.patch.autoStopIdleMinutes} minutes)`}
      </button>
      {apply.isError && <p role="alert" className="field-error w-full">{errorMessage(apply.error)}</p>}
    </>
  );
}

function SnoozeForm({ r, title, onDone }: { r: Recommendation; title: string; onDone: (message: string) => void }) {
  const decide = useDecideRecommendation(r.id);
  const id = useId();
  const [days, setDays] = useState(SNOOZE_DAYS[1]!);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    decide.mutate({ type: 'snooze', days }, { onSuccess: () => onDone(`Snoozed for ${days} days: ${title}. Find it under Snoozed.`) });
  };
  return (
    <form onSubmit={submit} className="flex items-end gap-2">
      <div>
        <label htmlFor={`${id}-days`} className="field-label">
          Snooze for
        </label>
        <select id={`${id}-days`} className="field-input py-1.5" value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {SNOOZE_DAYS.map((d) => (
            <option key={d} value={d}>
              {d} days
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="btn-secondary" disabled={decide.isPending}>
        Snooze
      </button>
      {decide.isError && <p role="alert" className="field-error">{errorMessage(decide.error)}</p>}
    </form>
  );
}

function DismissForm({ r, title, onDone, onCancel }: { r: Recommendation; title: string; onDone: (message: string) => void; onCancel: () => void }) {
  const decide = useDecideRecommendation(r.id);
  const id = useId();
  const [reason, setReason] = useState<DismissReason | ''>('');
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const reasonError = tried && reason === '' ? 'Choose why this does not apply.' : (decide.error instanceof ApiError ? decide.error.fieldError('reason') : undefined);
  const noteError = tried && reason === 'other' && note.trim() === '' ? 'Say in a few words why this does not apply.' : (decide.error instanceof ApiError ? decide.error.fieldError('note') : undefined);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (reason === '' || (reason === 'other' && note.trim() === '')) return;
    decide.mutate({ type: 'dismiss', reason, note: note.trim() || undefined }, { onSuccess: () => onDone(`Dismissed: ${title}. Find it under Dismissed.`) });
  };
  return (
    <form onSubmit={submit} noValidate className="space-y-3 rounded-lg border border-slate-200 p-3 dark:border-slate-700">
      <fieldset aria-describedby={reasonError ? `${id}-reason-error` : undefined}>
        <legend className="field-label">Why does this not apply?</legend>
        <div className="mt-1 space-y-1">
          {REASONS.map((o) => (
            <label key={o.value} className="flex items-center gap-2 text-sm">
              <input type="radio" name={`${id}-reason`} value={o.value} checked={reason === o.value} onChange={() => setReason(o.value)} />
              {o.label}
            </label>
          ))}
        </div>
        {reasonError && <p id={`${id}-reason-error`} className="field-error">{reasonError}</p>}
      </fieldset>
      <div>
        <label htmlFor={`${id}-note`} className="field-label">
          Note {reason === 'other' ? '(required)' : '(optional)'}
        </label>
        <textarea
          id={`${id}-note`}
          className="field-input"
          rows={2}
          maxLength={500}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          aria-invalid={noteError ? true : undefined}
          aria-describedby={noteError ? `${id}-note-error` : undefined}
        />
        {noteError && <p id={`${id}-note-error`} className="field-error">{noteError}</p>}
      </div>
      <div className="flex gap-2">
        <button type="submit" className="btn-danger" disabled={decide.isPending}>
          Dismiss
        </button>
        <button type="button" className="btn-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {decide.isError && !(decide.error instanceof ApiError && decide.error.problem.errors?.length) && <p role="alert" className="field-error">{errorMessage(decide.error)}</p>}
    </form>
  );
}
