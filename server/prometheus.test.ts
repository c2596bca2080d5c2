/**
 * Telemetry through Prometheus: Debian's prometheus scrapes server/dcgm-exporter.ts (the
 * simulator's DCGM metrics in the exporter's format) while the simulated clock moves on, and
 * a server reading pod metrics from Prometheus answers what the simulator answers. Skipped,
 * saying so, where /usr/bin/prometheus is missing (`apt-get install prometheus`; CI installs it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { SAMPLE_PERIOD_MS } from '../src/cloud/telemetry';
import { createDcgmExporter } from './dcgm-exporter';
import type { Database } from './db';
import { prometheusTelemetry } from './prometheus-telemetry';
import { freshDatabase, startTestServer, TEST_REAL_NOW, type ApiClient, type TestServer } from './testing/harness';

const PROMETHEUS = '/usr/bin/prometheus';
const available = existsSync(PROMETHEUS);
if (!available) console.warn(`server/prometheus.test.ts skipped: ${PROMETHEUS} is missing (apt-get install prometheus; .ci/run installs it).`);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!available)('pod metrics read from Prometheus', () => {
  let dir: string;
  let db: Database;
  let prometheus: ChildProcess;
  let promUrl: string;
  let exporter: ReturnType<typeof serve>;
  let simulator: TestServer;
  let viaPrometheus: TestServer;
  let mayaSim: ApiClient;
  let mayaProm: ApiClient;
  let logs = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nl-prometheus-'));
    db = await freshDatabase();
    exporter = await new Promise((resolve) => {
      const s = serve({ fetch: createDcgmExporter(db, () => TEST_REAL_NOW).fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    const exporterPort = (exporter.address() as AddressInfo).port;
    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        'global:',
        '  scrape_interval: 250ms',
        '  scrape_timeout: 250ms',
        // The simulated clock is not the wall clock (its anchor is fixed, and tests move it), while
        // Prometheus stamps its own series (up, scrape_*) with wall time: accept samples from any time.
        'storage:',
        '  tsdb:',
        '    out_of_order_time_window: 3650d',
        'scrape_configs:',
        '  - job_name: dcgm',
        '    honor_labels: true',
        '    static_configs:',
        `      - targets: ['127.0.0.1:${exporterPort}']`,
      ].join('\n'),
    );
    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    prometheus = spawn(PROMETHEUS, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    prometheus.stderr?.on('data', (d: Buffer) => (logs += d.toString()));
    await waitFor('Prometheus to be ready', async () => ((await fetch(`${promUrl}/-/ready`)).ok ? true : null));
    simulator = await startTestServer({ db });
    viaPrometheus = await startTestServer({ db, telemetry: prometheusTelemetry(promUrl) });
    mayaSim = await simulator.signIn('maya@lumen.example');
    mayaProm = await viaPrometheus.signIn('maya@lumen.example');
  });

  afterAll(async () => {
    prometheus?.kill('SIGTERM');
    await viaPrometheus?.close();
    await simulator?.close();
    exporter?.close();
    await db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Waits until Prometheus holds the pod's sample of the period starting at tMs. */
  async function scraped(podId: string, tMs: number): Promise<void> {
    await waitFor(`the sample at ${new Date(tMs).toISOString()} (${logs})`, async () => {
      const url = `${promUrl}/api/v1/query?query=${encodeURIComponent(`timestamp(DCGM_FI_DEV_GPU_UTIL{pod="${podId}",gpu="0"})`)}&time=${(tMs + 1000) / 1000}`;
      const answer = (await (await fetch(url)).json()) as { data: { result: Array<{ value: [number, string] }> } };
      return Number(answer.data.result[0]?.value[1]) * 1000 === tMs ? true : null;
    });
  }

  it('answers a pod’s metrics as the simulator does, from the samples Prometheus scraped', async () => {
    const pods = await mayaSim.call<{ items: Array<{ id: string; gpuCount: number }> }>('GET', '/v1/pods?status=running&sort=gpuCount&limit=500');
    const pod = pods.body.items.find((p) => p.gpuCount >= 2 && p.gpuCount <= 4) ?? pods.body.items[0]!;
    // Into the middle of a sample period, then one period at a time for 70 minutes.
    let now = Date.parse((await mayaSim.call<{ now: string }>('POST', '/v1/simulation/advance', { durationMs: SAMPLE_PERIOD_MS / 2 })).body.now);
    for (let i = 0; i < 14; i++) {
      await scraped(pod.id, Math.floor(now / SAMPLE_PERIOD_MS) * SAMPLE_PERIOD_MS);
      now = Date.parse((await mayaSim.call<{ now: string }>('POST', '/v1/simulation/advance', { durationMs: SAMPLE_PERIOD_MS })).body.now);
    }
    await scraped(pod.id, Math.floor(now / SAMPLE_PERIOD_MS) * SAMPLE_PERIOD_MS);

    for (const maxPoints of [13, 5]) {
      const path = `/v1/pods/${pod.id}/metrics?range=1h&maxPoints=${maxPoints}`;
      const expected = await mayaSim.call<{ gpus: Array<{ points: Array<{ DCGM_FI_DEV_GPU_UTIL: number | null }> }> }>('GET', path);
      const actual = await mayaProm.call('GET', path);
      expect(actual.status).toBe(200);
      expect(expected.body.gpus.length).toBe(pod.gpuCount);
      expect(expected.body.gpus[0]!.points.filter((p) => p.DCGM_FI_DEV_GPU_UTIL !== null).length).toBeGreaterThanOrEqual(maxPoints - 1);
      expect(actual.body).toEqual(expected.body);
    }
  });

  it('leaves out what Prometheus never scraped, where the simulator has it', async () => {
    type Metrics = { gpus: Array<{ points: Array<{ DCGM_FI_DEV_GPU_UTIL: number | null }> }> };
    const known = (b: Metrics) => b.gpus[0]!.points.filter((p) => p.DCGM_FI_DEV_GPU_UTIL !== null).length;
    const pods = await mayaSim.call<{ items: Array<{ id: string }> }>('GET', '/v1/pods?status=running&sort=createdAt&order=asc&limit=10');
    // A pod that ran the whole day: the simulator knows every hour of it.
    for (const pod of pods.body.items) {
      const path = `/v1/pods/${pod.id}/metrics?range=24h&maxPoints=24`;
      const simulated = await mayaSim.call<Metrics>('GET', path);
      if (known(simulated.body) < 24) continue;
      const scrapedOnly = await mayaProm.call<Metrics>('GET', path);
      // Prometheus saw only the last 70 minutes: the last two hours' buckets.
      expect(known(scrapedOnly.body)).toBeGreaterThan(0);
      expect(known(scrapedOnly.body)).toBeLessThanOrEqual(2);
      return;
    }
    throw new Error('no pod ran the whole day');
  });

  it('answers 503 when Prometheus does not answer', async () => {
    const down = await startTestServer({ db, telemetry: prometheusTelemetry('http://127.0.0.1:9') });
    try {
      const maya = await down.signIn('maya@lumen.example');
      const pods = await maya.call<{ items: Array<{ id: string }> }>('GET', '/v1/pods?status=running&limit=1');
      expect((await maya.call('GET', `/v1/pods/${pods.body.items[0]!.id}/metrics?range=1h`)).status).toBe(503);
    } finally {
      await down.close();
    }
  });
});
