/** Picks one of the seeded worlds: each radio names a scenario and says what its numbers show. */
import { useId, useState, type FormEvent } from 'react';
import { errorMessage } from '../../../api/problem';
import { useDemoAction } from '../api/demo-actions';
import type { ScenarioId, Simulation } from '../api/get-simulation';

export function ScenarioPicker({ simulation, onDone }: { simulation: Simulation; onDone: (message: string) => void }) {
  const id = useId();
  const [chosen, setChosen] = useState<ScenarioId>(simulation.scenario);
  const load = useDemoAction(onDone);
  const current = simulation.scenarios.find((s) => s.id === simulation.scenario);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const name = simulation.scenarios.find((s) => s.id === chosen)?.name ?? chosen;
    load.mutate({ type: 'reset', scenario: chosen, done: `Loaded “${name}”, at its start.` });
  };
  return (
    <form onSubmit={submit} className="space-y-2">
      <fieldset>
        <legend className="font-semibold">Scenario</legend>
        <div className="mt-2 space-y-2">
          {simulation.scenarios.map((s) => (
            <div key={s.id} className="flex gap-2">
              <input
                id={`${id}-${s.id}`}
                type="radio"
                name={`${id}-scenario`}
                className="mt-1"
                value={s.id}
                checked={chosen === s.id}
                onChange={() => setChosen(s.id)}
                aria-describedby={`${id}-${s.id}-about`}
              />
              <div>
                <label htmlFor={`${id}-${s.id}`} className="font-medium">
                  {s.name}
                  {s.id === simulation.scenario && <span className="font-normal text-slate-600 dark:text-slate-300"> (loaded)</span>}
                </label>
                <p id={`${id}-${s.id}-about`} className="text-slate-600 dark:text-slate-300">
                  {s.description}
                </p>
              </div>
            </div>
          ))}
        </div>
      </fieldset>
      <button type="submit" className="btn-primary" disabled={load.isPending || chosen === simulation.scenario}>
        Load scenario
      </button>
      {load.isError && <p role="alert" className="field-error">{errorMessage(load.error)}</p>}
      {current && current.highlights.length > 0 && (
        <div className="rounded-lg bg-slate-50 p-3 dark:bg-slate-800">
          <h3 className="font-semibold">What to show in “{current.name}”</h3>
          <ul className="mt-1 list-disc space-y-1 pl-5 text-slate-700 dark:text-slate-200">
            {current.highlights.map((h) => (
              <li key={h}>{h}</li>
            ))}
          </ul>
        </div>
      )}
    </form>
  );
}
