/**
 * The presenter's controls, opened from the header's "Demo" button: the scenario, the simulated
 * clock, whose view the console shows, the guided tour, and a reset to the scenario's start.
 * Non-modal: the page stays usable while it is open; Escape (demo-controls.tsx) or "Close" closes it.
 * On narrow screens, where the header wraps, it spans the screen's width instead of hanging from the button.
 */
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../api/problem';
import { formatDateTime } from '../../../lib/format';
import { ErrorState, Skeleton } from '../../../ui/states';
import { useDemoAction } from '../api/demo-actions';
import { useSimulation } from '../api/get-simulation';
import { ClockControls } from './clock-controls';
import { RoleSwitch } from './role-switch';
import { ScenarioPicker } from './scenario-picker';
import { StartTourButton } from './start-tour-button';

export default function PresenterPanel({ id, onClose, onTourStarted }: { id: string; onClose: () => void; onTourStarted: () => void }) {
  const titleId = useId();
  const simulation = useSimulation();
  const [message, setMessage] = useState('');
  const reset = useDemoAction(setMessage);
  const current = simulation.data?.scenarios.find((s) => s.id === simulation.data?.scenario);
  return (
    <section
      id={id}
      aria-labelledby={titleId}
      className="fixed inset-x-2 top-2 z-40 max-h-[calc(100vh-1rem)] space-y-4 overflow-y-auto rounded-xl border border-slate-200 bg-white p-4 text-sm shadow-xl md:absolute md:inset-x-auto md:right-0 md:top-full md:mt-2 md:max-h-[calc(100vh-6rem)] md:w-[26rem] dark:border-slate-700 dark:bg-slate-900"
    >
      <div className="flex items-start justify-between gap-2">
        <div>
          <h2 id={titleId} className="text-base font-semibold">
            Presenter controls
          </h2>
          <p className="text-slate-600 dark:text-slate-300">Every figure is simulated in this browser and kept across reloads.</p>
        </div>
        <button type="button" className="btn-secondary" onClick={onClose}>
          Close
        </button>
      </div>
      {simulation.isPending ? (
        <Skeleton className="h-64" label="Loading the simulation…" />
      ) : simulation.isError ? (
        <ErrorState error={simulation.error} onRetry={() => void simulation.refetch()} minHeight="min-h-64" />
      ) : (
        <>
          <ScenarioPicker simulation={simulation.data} onDone={setMessage} />
          <ClockControls nowIso={simulation.data.now} onDone={setMessage} />
          <RoleSwitch onDone={setMessage} />
          <div className="space-y-2 border-t border-slate-200 pt-4 dark:border-slate-700">
            <h3 className="font-semibold">The story</h3>
            <p className="text-slate-600 dark:text-slate-300">Six steps from waste on Utilization to a saving on Billing, told as the admin.</p>
            <StartTourButton onStarted={onTourStarted} />
          </div>
          <div className="space-y-2 border-t border-slate-200 pt-4 dark:border-slate-700">
            <h3 className="font-semibold">Start again</h3>
            <p className="text-slate-600 dark:text-slate-300">
              Back to the start of {current ? `“${current.name}”` : 'this scenario'} ({formatDateTime(simulation.data.anchor)}): the clock, the pods, budgets and every change.
            </p>
            <button
              type="button"
              className="btn-danger"
              disabled={reset.isPending}
              onClick={() => reset.mutate({ type: 'reset', done: `The demo is back at the start of “${current?.name ?? 'the scenario'}”.` })}
            >
              Reset demo
            </button>
            {reset.isError && <p role="alert" className="field-error">{errorMessage(reset.error)}</p>}
          </div>
        </>
      )}
      <p aria-live="polite" className="min-h-5 font-medium text-emerald-800 dark:text-emerald-300">
        {message}
      </p>
      <p className="border-t border-slate-200 pt-3 dark:border-slate-700">
        <Link className="link" to="/about-demo" onClick={onClose}>
          About this demo, and pointing the console at a real API
        </Link>
      </p>
    </section>
  );
}
