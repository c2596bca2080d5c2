/** Region as cards with country, jurisdiction and energy source; "keep my data in …" narrows them. */
import { formatInteger, formatRatePerHour } from '../../../../lib/format';
import type { Catalog } from '../../api/types';

export function residencyGroups(catalog: Catalog): string[] {
  return [...new Set(catalog.regions.flatMap((r) => r.residency))];
}

export function RegionPicker({
  catalog,
  value,
  gpuTypeId,
  residency,
  error,
  onChange,
  onResidencyChange,
}: {
  catalog: Catalog;
  value: string;
  gpuTypeId: string;
  residency: string;
  error?: string | undefined;
  onChange: (regionId: string) => void;
  onResidencyChange: (residency: string) => void;
}) {
  const gpu = catalog.gpuTypes.find((g) => g.id === gpuTypeId);
  const regions = catalog.regions.filter((r) => residency === '' || r.residency.includes(residency));
  return (
    <div>
      <label htmlFor="residency" className="field-label">
        Keep my data in
      </label>
      <select id="residency" className="field-input sm:max-w-xs" value={residency} onChange={(e) => onResidencyChange(e.target.value)}>
        <option value="">Any region</option>
        {residencyGroups(catalog).map((group) => (
          <option key={group} value={group}>
            {group}
          </option>
        ))}
      </select>
      <div
        role="radiogroup"
        aria-labelledby="region-label"
        aria-describedby={error ? 'region-error' : undefined}
        aria-invalid={Boolean(error)}
        className="mt-3"
      >
        <p id="region-label" className="field-label">
          Region
        </p>
        <div className="mt-1 grid gap-2 sm:grid-cols-2">
          {regions.map((r) => {
            const offer = gpu?.offers.find((o) => o.regionId === r.id);
            const checked = r.id === value;
            return (
              <label
                key={r.id}
                className={`flex cursor-pointer flex-col rounded-lg border p-3 text-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-sky-600 ${checked ? 'border-accent-700 bg-accent-50 dark:border-teal-400 dark:bg-teal-950' : 'border-slate-300 bg-white dark:border-slate-600 dark:bg-slate-900'}`}
              >
                <span className="flex items-center gap-2 font-medium">
                  <input
                    type="radio"
                    name="regionId"
                    value={r.id}
                    checked={checked}
                    onChange={() => onChange(r.id)}
                    className="accent-teal-700"
                    aria-label={`${r.name}, ${r.country}`}
                    aria-describedby={`region-${r.id}-facts`}
                  />
                  {r.name}, {r.country}
                </span>
                <span id={`region-${r.id}-facts`} className="flex flex-col">
                  <span className="text-slate-700 dark:text-slate-300">Jurisdiction: {r.jurisdiction}</span>
                  <span className="text-slate-700 dark:text-slate-300">{r.energySource}</span>
                  <span className="tabular-nums text-slate-700 dark:text-slate-300">
                    {offer && gpu
                      ? `${gpu.name}: ${formatRatePerHour(offer.rateMicroUsdPerGpuHour)} per GPU · ${offer.availableGpus === 0 ? 'none free' : `${formatInteger(offer.availableGpus)} free`}`
                      : `${gpu?.name ?? 'This GPU'} not offered here`}
                  </span>
                </span>
              </label>
            );
          })}
        </div>
        {regions.length === 0 && <p className="text-sm">No region keeps data in {residency}.</p>}
        {error && (
          <p id="region-error" className="field-error">
            {error}
          </p>
        )}
      </div>
    </div>
  );
}
