/** "Whole GPUs / MIG slice" for a GPU type sold in slices, with each slice's share, memory and price per hour in the region (the API's). */
import { formatRatePerHour } from '../../../../lib/format';
import type { Catalog } from '../../api/types';

export function GpuShareField({
  catalog,
  gpuTypeId,
  regionId,
  migProfile,
  error,
  onChange,
}: {
  catalog: Catalog;
  gpuTypeId: string;
  regionId: string;
  /** '' for whole GPUs. */
  migProfile: string;
  error?: string | undefined;
  onChange: (migProfile: string) => void;
}) {
  const gpu = catalog.gpuTypes.find((g) => g.id === gpuTypeId);
  const profiles = gpu?.migProfiles ?? [];
  if (!gpu || profiles.length === 0) return null;
  const offer = gpu.offers.find((o) => o.regionId === regionId);
  const rate = (profile: string) => offer?.migSlices?.find((s) => s.profile === profile)?.rateMicroUsdPerHour;
  const slice = migProfile !== '';
  return (
    <fieldset className="sm:col-span-2" aria-describedby={error ? 'launch-migProfile-error' : undefined}>
      <legend className="field-label">GPU share</legend>
      <div className="mt-1 flex flex-wrap gap-x-6 gap-y-1 text-sm">
        <label className="flex items-center gap-2">
          <input type="radio" name="gpuShare" checked={!slice} onChange={() => onChange('')} className="accent-teal-700" />
          Whole GPUs
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="gpuShare" checked={slice} onChange={() => onChange(profiles[0]?.name ?? '')} className="accent-teal-700" />
          MIG slice
        </label>
      </div>
      {slice && (
        <div className="mt-2">
          <label htmlFor="launch-migProfile" className="field-label">
            Slice of {gpu.name}
          </label>
          <select
            id="launch-migProfile"
            className="field-input"
            value={migProfile}
            aria-invalid={Boolean(error)}
            aria-describedby="launch-migProfile-hint"
            onChange={(e) => onChange(e.target.value)}
          >
            {profiles.map((p) => {
              const r = rate(p.name);
              return (
                <option key={p.name} value={p.name}>
                  {p.name}: {p.computeSlices}/7 of the GPU, {p.memoryGb} GB{r === undefined ? '' : `, ${formatRatePerHour(r)}`}
                </option>
              );
            })}
          </select>
          <p id="launch-migProfile-hint" className="mt-1 text-xs text-slate-600 dark:text-slate-400">
            A MIG slice is a share of one GPU with its own memory and compute, billed as that share of the GPU's price.
          </p>
        </div>
      )}
      {error && (
        <p id="launch-migProfile-error" className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
