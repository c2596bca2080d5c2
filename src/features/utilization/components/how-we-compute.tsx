/** "How we compute this": the ledger's definitions with the thresholds in force, which can be changed here (kept in the URL). */
import { useState, type FormEvent } from 'react';
import type { components } from '../../../api/schema';
import { formatPercent } from '../../../lib/format';
import { Card } from '../../../ui/card';
import type { UtilizationParams } from '../params';
import { OrganizationThresholds } from './organization-thresholds';

type Settings = components['schemas']['WasteSettings'];

export function HowWeCompute({ settings, sampleMs, params, update }: { settings: Settings | undefined; sampleMs: number | undefined; params: UtilizationParams; update: (c: Partial<UtilizationParams>) => void }) {
  const idle = settings ? formatPercent(settings.idleEngineActive) : '5%';
  const target = settings ? formatPercent(settings.smActiveTarget) : '50%';
  const headroom = settings ? `${settings.memoryHeadroom}×` : '1.2×';
  return (
    <Card title="How we compute this" className="mb-6">
      <div className="space-y-3 text-sm text-slate-700 dark:text-slate-200">
        <p>
          Every figure comes from each GPU's NVIDIA DCGM telemetry while its pod was running (and billed): every {sampleMs ? `${Math.round(sampleMs / 60_000)}-minute` : '5-minute'} sample, added up once per GPU and hour when the hour closes, so a window's figures are the sum of its hours and days (the current hour is counted as it goes). GPU spend is the billing ledger's: the pod's hourly rate, per second. Each moment of a GPU's time is counted once, in this order:
        </p>
        <dl className="space-y-2">
          <div>
            <dt className="font-semibold">Idle-allocated</dt>
            <dd>
              Time the GPU's engine was active less than {idle} of the time (<code>DCGM_FI_PROF_GR_ENGINE_ACTIVE</code> below {settings?.idleEngineActive ?? 0.05}). All of it is waste. We do not use <code>DCGM_FI_DEV_GPU_UTIL</code>: it reads busy whenever any kernel ran.
            </dd>
          </div>
          <div>
            <dt className="font-semibold">Under-used</dt>
            <dd>
              Busy time with the SMs active less than {target} of the time (<code>DCGM_FI_PROF_SM_ACTIVE</code>): the GPU runs but mostly waits (small batches, data loading). The shortfall is waste: at 20% SM activity against a {target} target, {settings ? formatPercent(1 - 0.2 / settings.smActiveTarget) : '60%'} of that time. NVIDIA's DCGM guide: below 0.5 "likely indicates ineffective GPU usage".
            </dd>
          </div>
          <div>
            <dt className="font-semibold">Oversized</dt>
            <dd>
              When the GPU's peak memory (<code>DCGM_FI_DEV_FB_USED</code>) with {headroom} headroom and its p95 compute would fit a cheaper GPU in the same jurisdiction, the price difference on the time left is waste, by the same rule the Recommendations page uses.
            </dd>
          </div>
          <div>
            <dt className="font-semibold">Productive</dt>
            <dd>The rest. Idle + under-used + oversized + productive = GPU spend, to the cent, for any scope. “GPU time active” is active GPU-hours (not idle) over allocated GPU-hours: a share of time, not of dollars, so it is not the complement of the share wasted (under-used and oversized hours are active, yet part of their cost is waste).</dd>
          </div>
        </dl>
        <OrganizationThresholds />
        <ThresholdsForm key={`${params.idleEngineActive}-${params.smActiveTarget}`} settings={settings} params={params} update={update} />
      </div>
    </Card>
  );
}

function ThresholdsForm({ settings, params, update }: { settings: Settings | undefined; params: UtilizationParams; update: (c: Partial<UtilizationParams>) => void }) {
  const [idle, setIdle] = useState(String(Math.round((params.idleEngineActive ?? settings?.idleEngineActive ?? 0.05) * 100)));
  const [sm, setSm] = useState(String(Math.round((params.smActiveTarget ?? settings?.smActiveTarget ?? 0.5) * 100)));
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const idlePct = Number(idle);
    const smPct = Number(sm);
    if (!Number.isInteger(idlePct) || idlePct < 1 || idlePct > 50) return setError('The idle threshold is a whole percentage from 1 to 50.');
    if (!Number.isInteger(smPct) || smPct < 5 || smPct > 100) return setError('The SM target is a whole percentage from 5 to 100.');
    setError(null);
    update({ idleEngineActive: idlePct / 100, smActiveTarget: smPct / 100 });
  };
  const custom = params.idleEngineActive !== null || params.smActiveTarget !== null;
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-3 border-t border-slate-200 pt-3 dark:border-slate-700" aria-label="Waste thresholds">
      <div>
        <label htmlFor="util-idle-threshold" className="field-label">
          Idle below (% engine activity)
        </label>
        <input id="util-idle-threshold" type="number" min={1} max={50} step={1} inputMode="numeric" className="field-input w-28" value={idle} onChange={(e) => setIdle(e.target.value)} />
      </div>
      <div>
        <label htmlFor="util-sm-target" className="field-label">
          SM activity target (%)
        </label>
        <input id="util-sm-target" type="number" min={5} max={100} step={1} inputMode="numeric" className="field-input w-28" value={sm} onChange={(e) => setSm(e.target.value)} />
      </div>
      <button type="submit" className="btn-secondary">
        Apply thresholds
      </button>
      {custom && (
        <button type="button" className="btn-secondary" onClick={() => update({ idleEngineActive: null, smActiveTarget: null })}>
          Reset to defaults (5%, 50%)
        </button>
      )}
      {error && (
        <p role="alert" className="field-error w-full">
          {error}
        </p>
      )}
    </form>
  );
}
