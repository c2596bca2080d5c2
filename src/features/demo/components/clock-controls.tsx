/** Time travel: the simulated time now, and buttons that move it forward an hour, a day or a week. */
import { errorMessage } from '../../../api/problem';
import { formatDateTime } from '../../../lib/format';
import { useDemoAction } from '../api/demo-actions';
import { CLOCK_STEPS } from '../story';

export function ClockControls({ nowIso, onDone }: { nowIso: string; onDone: (message: string) => void }) {
  const advance = useDemoAction(onDone);
  return (
    <div className="space-y-2 border-t border-slate-200 pt-4 dark:border-slate-700">
      <h3 className="font-semibold">Clock</h3>
      <p>
        Simulated time: <span className="font-medium tabular-nums">{formatDateTime(nowIso)}</span>
      </p>
      <div role="group" aria-label="Move the clock forward" className="flex flex-wrap items-center gap-2">
        <span aria-hidden="true" className="text-slate-600 dark:text-slate-300">
          Forward:
        </span>
        {CLOCK_STEPS.map((s) => (
          <button
            key={s.label}
            type="button"
            className="btn-secondary"
            // Not disabled while the clock moves: a disabled button drops focus to the page (and Escape
            // then no longer reaches the panel). A press meanwhile is ignored.
            aria-disabled={advance.isPending}
            onClick={() => {
              if (!advance.isPending) advance.mutate({ type: 'advance', durationMs: s.durationMs, done: `The clock moved forward ${s.label}: idle pods stop, budgets alert and forecasts move as they would have.` });
            }}
          >
            {s.label}
          </button>
        ))}
      </div>
      {advance.isError && <p role="alert" className="field-error">{errorMessage(advance.error)}</p>}
    </div>
  );
}
