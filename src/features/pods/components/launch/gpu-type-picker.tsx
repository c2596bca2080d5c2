/** GPU type as cards: memory, speed class, the hourly price in the chosen region and what is free there now. */
import { formatInteger, formatRatePerHour } from '../../../../lib/format';
import type { Catalog } from '../../api/types';

const SPEED = { frontier: 'Frontier', high: 'High', mid: 'Mid-range', entry: 'Entry' } as const;

export function GpuTypePicker({
  catalog,
  value,
  regionId,
  error,
  onChange,
}: {
  catalog: Catalog;
  value: string;
  regionId: string;
  error?: string | undefined;
  onChange: (gpuTypeId: string) => void;
}) {
  const region = catalog.regions.find((r) => r.id === regionId);
  return (
    <div
      role="radiogroup"
      aria-labelledby="gpu-type-label"
      aria-describedby={error ? 'gpu-type-error' : undefined}
      aria-invalid={Boolean(error)}
    >
      <p id="gpu-type-label" className="field-label">
        GPU type
      </p>
      <div className="mt-1 grid gap-2 sm:grid-cols-2 xl:grid-cols-3">
        {catalog.gpuTypes.map((g) => {
          const offer = g.offers.find((o) => o.regionId === regionId);
          const checked = g.id === value;
          return (
            <label
              key={g.id}
              className={`flex cursor-pointer flex-col rounded-lg border p-3 text-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-sky-600 ${checked ? 'border-accent-700 bg-accent-50 dark:border-teal-400 dark:bg-teal-950' : 'border-slate-300 bg-white dark:border-slate-600 dark:bg-slate-900'}`}
            >
              <span className="flex items-center gap-2 font-medium">
                <input
                  type="radio"
                  name="gpuTypeId"
                  value={g.id}
                  checked={checked}
                  onChange={() => onChange(g.id)}
                  className="accent-teal-700"
                  aria-label={g.name}
                  aria-describedby={`gpu-${g.id}-facts`}
                />
                {g.name}
              </span>
              <span id={`gpu-${g.id}-facts`} className="flex flex-col">
                <span className="text-slate-700 dark:text-slate-300">
                  {g.vramGiB} GB · {SPEED[g.speedClass]}
                </span>
                {offer ? (
                  <span className="tabular-nums text-slate-700 dark:text-slate-300">
                    {formatRatePerHour(offer.rateMicroUsdPerGpuHour)} per GPU ·{' '}
                    {offer.availableGpus === 0 ? (
                      <span className="font-medium text-red-700 dark:text-red-300">none free</span>
                    ) : (
                      `${formatInteger(offer.availableGpus)} free`
                    )}
                  </span>
                ) : (
                  <span className="text-slate-600 dark:text-slate-400">Not offered in {region?.name ?? 'this region'}</span>
                )}
              </span>
            </label>
          );
        })}
      </div>
      {error && (
        <p id="gpu-type-error" className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
