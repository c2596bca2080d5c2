/**
 * The organization's waste thresholds: what every figure is judged by unless a what-if is on.
 * Admins change them and say how far back the change applies; the hours it reaches back to are
 * recomputed in the background, with progress shown here. Others see them, and who set them.
 */
import { useId, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../../api/problem';
import { useSession } from '../../../api/queries';
import { formatDateTime, formatPercent } from '../../../lib/format';
import { Field } from '../../../ui/field';
import { useUpdateWasteSettings, useWasteSettings, type WasteSettingsState, type WasteSettingsUpdate } from '../api/waste-settings';

const APPLY_TO: Array<{ value: WasteSettingsUpdate['applyTo']; label: string; note: string }> = [
  { value: 'future', label: 'From this hour on', note: 'Hours already past keep the thresholds they were judged by; nothing is recomputed.' },
  { value: 'last7d', label: 'The last 7 days', note: 'The last 7 days are recomputed with the new thresholds; older figures stay as they were.' },
  { value: 'last30d', label: 'The last 30 days', note: 'The last 30 days are recomputed with the new thresholds; older figures stay as they were.' },
  { value: 'all', label: 'All history (90 days)', note: 'Every stored hour is recomputed with the new thresholds.' },
];

export function OrganizationThresholds() {
  const session = useSession();
  const settings = useWasteSettings();
  if (!settings.data) return null;
  const isAdmin = session.data?.user.role === 'admin';
  return (
    <section aria-labelledby="org-thresholds-heading" className="border-t border-slate-200 pt-3 dark:border-slate-700">
      <h3 id="org-thresholds-heading" className="text-sm font-semibold">
        Your organization’s thresholds
      </h3>
      <Current state={settings.data} />
      <Recompute state={settings.data} />
      {isAdmin ? <ChangeForm key={JSON.stringify(settings.data.settings)} state={settings.data} /> : <p className="text-sm text-slate-600 dark:text-slate-300">Only admins change them.</p>}
    </section>
  );
}

function Current({ state }: { state: WasteSettingsState }) {
  const last = state.versions[state.versions.length - 1];
  return (
    <p className="mt-1 text-sm text-slate-700 dark:text-slate-200">
      Idle below {formatPercent(state.settings.idleEngineActive)} engine activity; SM activity target {formatPercent(state.settings.smActiveTarget)}.{' '}
      {last?.setBy && last.setAt ? (
        <>
          Set by {last.setBy} on {formatDateTime(last.setAt)}, applying {last.from ? `from ${formatDateTime(last.from)}` : 'to all history'}.
        </>
      ) : (
        'The defaults, for all history.'
      )}
    </p>
  );
}

function Recompute({ state }: { state: WasteSettingsState }) {
  const job = state.recompute;
  if (!job) return null;
  const label = job.state === 'running' ? `Recomputing the figures from ${formatDateTime(job.from)}: ${formatPercent(job.progress)}` : `Figures from ${formatDateTime(job.from)} recomputed.`;
  return (
    <div role="status" className="mt-2 text-sm">
      <p>{label}</p>
      {job.state === 'running' && (
        <progress className="mt-1 w-full max-w-sm" max={1} value={job.progress} aria-label="Recompute progress">
          {formatPercent(job.progress)}
        </progress>
      )}
    </div>
  );
}

function ChangeForm({ state }: { state: WasteSettingsState }) {
  const id = useId();
  const update = useUpdateWasteSettings();
  const [idle, setIdle] = useState(String(Math.round(state.settings.idleEngineActive * 100)));
  const [sm, setSm] = useState(String(Math.round(state.settings.smActiveTarget * 100)));
  const [applyTo, setApplyTo] = useState<WasteSettingsUpdate['applyTo']>('future');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const idlePct = Number(idle);
    const smPct = Number(sm);
    const next: Record<string, string> = {};
    if (!Number.isInteger(idlePct) || idlePct < 1 || idlePct > 50) next.idleEngineActive = 'A whole percentage from 1 to 50.';
    if (!Number.isInteger(smPct) || smPct < 5 || smPct > 100) next.smActiveTarget = 'A whole percentage from 5 to 100.';
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    update.mutate({ idleEngineActive: idlePct / 100, smActiveTarget: smPct / 100, applyTo });
  };
  const fieldError = (name: string): string | undefined => errors[name] ?? (update.error instanceof ApiError ? update.error.fieldError(name) : undefined);
  const note = APPLY_TO.find((a) => a.value === applyTo)?.note;
  return (
    <form onSubmit={submit} noValidate aria-label="Change the organization’s thresholds" className="mt-3 flex flex-wrap items-start gap-3">
      <Field id={`${id}-idle`} label="Organization’s idle threshold (% engine activity)" error={fieldError('idleEngineActive')}>
        {(a11y) => <input {...a11y} type="number" min={1} max={50} step={1} inputMode="numeric" className="field-input w-28" value={idle} onChange={(e) => setIdle(e.target.value)} />}
      </Field>
      <Field id={`${id}-sm`} label="Organization’s SM activity target (%)" error={fieldError('smActiveTarget')}>
        {(a11y) => <input {...a11y} type="number" min={5} max={100} step={1} inputMode="numeric" className="field-input w-28" value={sm} onChange={(e) => setSm(e.target.value)} />}
      </Field>
      <Field id={`${id}-apply`} label="Apply to" hint={note} error={fieldError('applyTo')}>
        {(a11y) => (
          <select {...a11y} className="field-input w-auto" value={applyTo} onChange={(e) => setApplyTo(e.target.value as WasteSettingsUpdate['applyTo'])}>
            {APPLY_TO.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="self-end">
        <button type="submit" className="btn-primary" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save for the organization'}
        </button>
      </div>
      {update.error && !(update.error instanceof ApiError && update.error.problem.errors?.length) && (
        <p role="alert" className="field-error w-full">
          {errorMessage(update.error)}
        </p>
      )}
    </form>
  );
}
