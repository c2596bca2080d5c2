/**
 * No capacity: what could launch instead, one click away, each with its memory beside the asked
 * GPU's (said plainly when it has less), and a "notify me" kept in the cloud (notify-when-available.tsx).
 * The panel takes the focus when it appears, so the keyboard lands on the answer, not on the page.
 */
import { useEffect, useRef } from 'react';
import { formatInteger, formatRatePerHour } from '../../../../lib/format';
import type { ProblemDetails } from '../../../../api/problem';
import type { CapacityAlternative, Catalog } from '../../api/types';
import { priceDifferenceSign } from '../../launch-estimate';
import { NotifyWhenAvailable } from './notify-when-available';

export function NoCapacityPanel({
  problem,
  catalog,
  gpuTypeId,
  regionId,
  gpuCount,
  onChoose,
}: {
  problem: ProblemDetails;
  catalog: Catalog;
  gpuTypeId: string;
  regionId: string;
  gpuCount: number;
  onChoose: (a: CapacityAlternative) => void;
}) {
  const alternatives = (problem.alternatives ?? []) as CapacityAlternative[];
  const gpuName = (id: string) => catalog.gpuTypes.find((g) => g.id === id)?.name ?? id;
  const vram = (id: string) => catalog.gpuTypes.find((g) => g.id === id)?.vramGiB ?? 0;
  const askedVram = vram(gpuTypeId);
  const memoryNote = (a: CapacityAlternative) => {
    if (a.gpuTypeId === gpuTypeId) return 'same GPU, other region';
    const gb = vram(a.gpuTypeId);
    if (gb < askedVram) return `other GPU, less memory: ${gb} GB per GPU, not ${askedVram} GB`;
    return `similar GPU, same region: ${gb} GB per GPU${gb > askedVram ? `, more than ${askedVram} GB` : ''}`;
  };
  // A new answer (every refused launch is one) takes the focus: the Launch button was disabled
  // while it was sent, and focus would otherwise fall to the page.
  const panel = useRef<HTMLElement>(null);
  useEffect(() => panel.current?.focus(), [problem]);
  const regionName = (id: string) => catalog.regions.find((r) => r.id === id)?.name ?? id;
  return (
    <section
      ref={panel}
      tabIndex={-1}
      role="alert"
      aria-labelledby="no-capacity-heading"
      className="rounded-xl border border-amber-400 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-50"
    >
      <h2 id="no-capacity-heading" className="text-base font-semibold">
        No capacity for {gpuName(gpuTypeId)} in {regionName(regionId)}
      </h2>
      <p className="mt-1">{problem.detail} Nothing was launched. Everything you entered is kept.</p>
      {alternatives.length > 0 ? (
        <>
          <p className="mt-2">These could launch now (one click changes only the GPU type or region):</p>
          <ul className="mt-2 space-y-2">
            {alternatives.map((a) => {
              const sign = priceDifferenceSign(a.priceDifferenceMicroUsdPerHour);
              const label = `Use ${a.gpuCount} × ${gpuName(a.gpuTypeId)} in ${regionName(a.regionId)}`;
              return (
                <li key={`${a.gpuTypeId}/${a.regionId}`} className="flex flex-wrap items-center gap-3">
                  <button type="button" className="btn-secondary" onClick={() => onChoose(a)}>
                    {label}
                  </button>
                  <span className="tabular-nums">
                    {sign === '' ? 'same price' : `${sign}${formatRatePerHour(Math.abs(a.priceDifferenceMicroUsdPerHour))}`} ·{' '}
                    {formatInteger(a.availableGpus)} free
                    {` · ${memoryNote(a)}`}
                  </span>
                </li>
              );
            })}
          </ul>
        </>
      ) : (
        <p className="mt-2">No alternative fits your choices right now.</p>
      )}
      <NotifyWhenAvailable catalog={catalog} gpuTypeId={gpuTypeId} regionId={regionId} gpuCount={gpuCount} />
    </section>
  );
}
