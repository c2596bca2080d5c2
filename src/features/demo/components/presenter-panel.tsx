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
import { ResultMessage, useResultMessage } from '../../../ui/result-message';
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
  // Loading a scenario or resetting replaces the controls' state: focus moves to what happened.
  const { message, announce, say, messageRef } = useResultMessage();
  const [confirmingReset, setConfirmingReset] = useState(false);
  const reset = useDemoAction(announce);
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
          <ScenarioPicker simulation={simulation.data} onDone={announce} />
          <ClockControls nowIso={simulation.data.now} onDone={say} />
          <RoleSwitch onDone={announce} />
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
            {confirmingReset ? (
              <div role="group" aria-label="Confirm the reset" className="flex flex-wrap items-center gap-2 rounded-lg border border-red-300 bg-red-50 p-2 text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-50">
                <span>Every change since the start is lost.</span>
                <button
                  type="button"
                  className="btn-danger"
                  // The confirmation replaces the button just pressed: focus goes to its own button.
                  autoFocus
                  aria-disabled={reset.isPending}
                  onClick={() => {
                    if (reset.isPending) return;
                    reset.mutate({ type: 'reset', done: `The demo is back at the start of “${current?.name ?? 'the scenario'}”.` }, { onSettled: () => setConfirmingReset(false) });
                  }}
                >
                  Reset demo
                </button>
                <button type="button" className="btn-secondary" onClick={() => setConfirmingReset(false)}>
                  Keep my changes
                </button>
              </div>
            ) : (
              <button type="button" className="btn-danger" onClick={() => setConfirmingReset(true)}>
                Reset demo…
              </button>
            )}
            {reset.isError && <p role="alert" className="field-error">{errorMessage(reset.error)}</p>}
          </div>
        </>
      )}
      <ResultMessage message={message} messageRef={messageRef} className="font-medium text-emerald-800 dark:text-emerald-300" />
      <p className="border-t border-slate-200 pt-3 dark:border-slate-700">
        <Link className="link" to="/about-demo" onClick={onClose}>
          About this demo, and pointing the console at a real API
        </Link>
      </p>
    </section>
  );
}
