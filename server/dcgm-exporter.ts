/**
 * A stand-in for NVIDIA's dcgm-exporter over the simulated fleet: every running GPU of every
 * organization in the database, in the exporter's Prometheus text format (docs/dcgm-fields.md),
 * labelled as on Kubernetes (namespace = organization, pod = pod id). A pod on a MIG slice has
 * one series per field for its GPU instance, with dcgm-exporter's GPU_I_PROFILE (the profile) and
 * GPU_I_ID (the instance's id on its parent GPU, simulated) beside the parent GPU's labels; whole
 * GPUs' series lack both, as the exporter's do (src/domain/data/mig-profiles.json). Each series carries the
 * simulator's sample for the current 5-minute period, stamped with that period's start in
 * simulated time, so Prometheus stores what the simulator would answer, even while the
 * simulation's clock is moved forward.
 *
 * The same process serves the serving pods' vLLM series at /vllm/metrics (server/vllm-exporter.ts).
 *
 * Run beside a server on PostgreSQL: `DATABASE_URL=… tsx server/dcgm-exporter.ts` (port 9400,
 * the exporter's own); on the embedded database, start it inside the server with
 * DCGM_EXPORTER_PORT=9400 (one process owns a PGlite data directory).
 */
import { pathToFileURL } from 'node:url';
import { Hono } from 'hono';
import { gpuTypes } from '../src/cloud/catalog-data';
import { runningIntervals } from '../src/cloud/lifecycle';
import type { CloudState } from '../src/cloud/model';
import { hashString } from '../src/cloud/rng';
import { gpuSample, METRIC_NAMES, SAMPLE_PERIOD_MS, type MetricName } from '../src/cloud/telemetry';
import type { Database } from './db';
import { loadState } from './state-store';
import { simulatedNow } from './cloud-context';
import { vllmPoints, vllmText, type EngineCache } from './vllm-exporter';

/** HELP texts as dcgm-exporter's default-counters.csv words them. */
const HELP: Record<MetricName, string> = {
  DCGM_FI_DEV_GPU_UTIL: 'GPU utilization (in %).',
  DCGM_FI_PROF_GR_ENGINE_ACTIVE: 'Ratio of time the graphics engine is active.',
  DCGM_FI_PROF_SM_ACTIVE: 'The ratio of cycles an SM has at least 1 warp assigned.',
  DCGM_FI_PROF_PIPE_TENSOR_ACTIVE: 'Ratio of cycles the tensor (HMMA) pipe is active.',
  DCGM_FI_DEV_FB_USED: 'Framebuffer memory used (in MiB).',
  DCGM_FI_DEV_POWER_USAGE: 'Power draw (in W).',
  DCGM_FI_DEV_GPU_TEMP: 'GPU temperature (in C).',
};

const DRIVER_VERSION = '550.90.07';

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const hex = (n: number, width: number) => (n >>> 0).toString(16).padStart(width, '0').slice(0, width);

/**
 * A slice's GPU instance id on its parent GPU: NVML numbers a GPU's instances from 0 (the whole
 * 7g instance) up to 14; the simulator, which places no two pods on one GPU, draws a stable one
 * from 1 to 14 per pod.
 */
function gpuInstanceId(orgId: string, podId: string): number {
  return 1 + (hashString(`${orgId}:${podId}:gpu-instance`) % 14);
}

export interface ExportedOrganization {
  orgId: string;
  state: CloudState;
  nowMs: number;
}

/** The exposition text for some organizations' fleets at their clocks' now. */
export function dcgmExposition(orgs: ExportedOrganization[]): string {
  const lines = new Map<MetricName, string[]>(METRIC_NAMES.map((n) => [n, []]));
  for (const { orgId, state, nowMs } of orgs) {
    // The current period's sample, for every pod that ran in it so far (as the cloud counts it).
    const t = Math.floor(nowMs / SAMPLE_PERIOD_MS) * SAMPLE_PERIOD_MS;
    for (const pod of state.pods) {
      if (runningIntervals(pod, t, Math.min(t + SAMPLE_PERIOD_MS, nowMs)).length === 0) continue;
      const gpu = gpuTypes.find((g) => g.id === pod.gpuTypeId);
      if (!gpu) continue;
      const node = hashString(`${orgId}:${pod.id}`);
      for (let g = 0; g < pod.gpuCount; g++) {
        const id = hashString(`${orgId}:${pod.id}:${g}`);
        const labels = [
          ['gpu', String(g)],
          ['UUID', `GPU-${hex(id, 8)}-${hex(node, 4)}-${hex(id >>> 3, 4)}-${hex(node >>> 5, 4)}-${hex(id ^ node, 8)}${hex(g, 4)}`],
          ['pci_bus_id', `00000000:${hex(0x18 + g * 0x10, 2).toUpperCase()}:00.0`],
          ['device', `nvidia${g}`],
          ['modelName', gpu.name],
          ['Hostname', `${pod.regionId}-node-${node % 97}`],
          ['DCGM_FI_DRIVER_VERSION', DRIVER_VERSION],
          ['container', 'main'],
          ['namespace', orgId],
          ['pod', pod.id],
          ...(pod.migProfile ? [['GPU_I_PROFILE', pod.migProfile], ['GPU_I_ID', String(gpuInstanceId(orgId, pod.id))]] : []),
        ]
          .map(([k, v]) => `${k}="${escapeLabel(v ?? '')}"`)
          .join(',');
        const sample = gpuSample(pod, gpu, g, t);
        for (const name of METRIC_NAMES) lines.get(name)?.push(`${name}{${labels}} ${sample[name]} ${t}`);
      }
    }
  }
  return METRIC_NAMES.map((name) => [`# HELP ${name} ${HELP[name]}`, `# TYPE ${name} gauge`, ...(lines.get(name) ?? [])].join('\n')).join('\n') + '\n';
}

/** Every organization's state, read in one snapshot. */
export async function exportedOrganizations(db: Database, realNow: () => number): Promise<ExportedOrganization[]> {
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    const out: ExportedOrganization[] = [];
    for (const { id } of await tx.query<{ id: string }>('SELECT id FROM organizations ORDER BY id')) {
      const state = await loadState(tx, id, { lock: false });
      if (state) out.push({ orgId: id, state, nowMs: simulatedNow(state, realNow()) });
    }
    return out;
  });
}

/** The exporter's process; it also serves the serving pods' vLLM series at /vllm/metrics (server/vllm-exporter.ts). */
export function createDcgmExporter(db: Database, realNow: () => number = () => Date.now()): Hono {
  const app = new Hono();
  const text = { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' };
  app.get('/metrics', async (c) => c.body(dcgmExposition(await exportedOrganizations(db, realNow)), 200, text));
  const engines: EngineCache = new Map();
  app.get('/vllm/metrics', async (c) => {
    const orgs = await exportedOrganizations(db, realNow);
    // The last closed period of each organization's clock.
    const points = orgs.flatMap(({ orgId, state, nowMs }) => {
      const to = Math.floor(nowMs / SAMPLE_PERIOD_MS) * SAMPLE_PERIOD_MS;
      return vllmPoints(orgId, state, to - SAMPLE_PERIOD_MS, to, engines);
    });
    return c.body(vllmText(points, 'prometheus'), 200, text);
  });
  return app;
}

async function main(): Promise<void> {
  const { serve } = await import('@hono/node-server');
  const { openDatabase } = await import('./db');
  const db = await openDatabase({ url: process.env.DATABASE_URL, dataDir: process.env.PGLITE_DIR ?? '.data/pglite' });
  const port = Number(process.env.DCGM_EXPORTER_PORT ?? 9400);
  const server = serve({ fetch: createDcgmExporter(db).fetch, port, hostname: process.env.HOST ?? '127.0.0.1' }, (info) => {
    console.log(`dcgm-exporter (simulated) on http://${info.address}:${info.port}/metrics, reading ${db.description}`);
  });
  const stop = () => server.close(() => void db.close());
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
