/**
 * Telemetry through Prometheus. First, Debian's prometheus scrapes server/dcgm-exporter.ts (the
 * simulator's DCGM metrics in the exporter's format) while the simulated clock moves on, and a
 * server reading its samples from Prometheus answers pod metrics as the simulator does. Then a
 * Prometheus holding weeks of samples, backfilled with promtool (scraping in real time cannot
 * fill a day), serves the utilization answers, the recommendations and the pods' GPU use, equal
 * to the simulator's to the last digit; where it misses periods, the answers still add up to
 * the spend. Skipped, saying so, where /usr/bin/prometheus or /usr/bin/promtool is missing
 * (`apt-get install prometheus`; CI installs it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { SAMPLE_PERIOD_MS } from '../src/cloud/telemetry';
import { createDcgmExporter } from './dcgm-exporter';
import type { Database } from './db';
import { prometheusTelemetry } from './prometheus-telemetry';
import { freshDatabase, startTestServer, TEST_REAL_NOW, type ApiClient, type TestServer } from './testing/harness';
import { available, backfill, canBackfill, openMetrics, PROMETHEUS, PROMTOOL, recordingSource, scrapeConfig, startPrometheus, waitFor } from './testing/prometheus';

if (!available) console.warn(`server/prometheus.test.ts skipped: ${PROMETHEUS} is missing (apt-get install prometheus; .ci/run installs it).`);
else if (!canBackfill) console.warn(`server/prometheus.test.ts: the utilization tests skipped: ${PROMTOOL} is missing (apt-get install prometheus).`);

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
    ({ url: promUrl, process: prometheus } = await startPrometheus(
      dir,
      scrapeConfig('dcgm', `127.0.0.1:${exporterPort}`),
      (text) => (logs += text),
    ));
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
      const pods = await mayaSim.call<{ items: Array<{ id: string }> }>('GET', '/v1/pods?status=running&limit=1');
      for (const path of [`/v1/pods/${pods.body.items[0]!.id}/metrics?range=1h`, '/v1/utilization/summary?range=24h']) {
        const res = await maya.call<{ type: string }>('GET', path);
        expect(res.status).toBe(503);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        expect(res.body.type).toMatch(/\/telemetry-unavailable$/);
      }
      // What needs no samples still answers; the pods stay in sight (to stop them), their GPU use unknown.
      expect((await maya.call('GET', '/v1/session')).status).toBe(200);
      type Pod = { id: string; status: string; gpuUtilPercent: number | null };
      const list = await maya.call<{ items: Pod[] }>('GET', '/v1/pods?status=running&limit=5');
      expect(list.status).toBe(200);
      expect(list.body.items.length).toBeGreaterThan(0);
      expect(list.body.items.map((p) => p.gpuUtilPercent)).toEqual(list.body.items.map(() => null));
      const one = await maya.call<Pod>('GET', `/v1/pods/${list.body.items[0]!.id}`);
      expect(one.status).toBe(200);
      expect(one.body.gpuUtilPercent).toBeNull();
    } finally {
      await down.close();
    }
  });
});

type Figures = { spendCents: number; wasteCents: number; productive: { cents: number }; waste: Record<'idle' | 'underUsed' | 'oversized', { cents: number }> };
const partsCents = (f: Figures) => f.productive.cents + f.waste.idle.cents + f.waste.underUsed.cents + f.waste.oversized.cents;

describe.skipIf(!canBackfill)('utilization answers read from Prometheus', () => {
  let dir: string;
  let db: Database;
  let prometheus: ChildProcess | undefined;
  let simulator: TestServer;
  let recording: TestServer;
  let viaPrometheus: TestServer;
  let lumen: Record<'sim' | 'rec' | 'prom', ApiClient>;
  let orbit: Record<'sim' | 'rec' | 'prom', ApiClient>;
  let lumenPaths: string[];
  const orbitPaths = ['/v1/utilization/summary?range=24h', '/v1/utilization/breakdown?range=24h&by=project'];
  let logs = '';
  const recorder = recordingSource();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nl-prometheus-backfill-'));
    db = await freshDatabase();
    simulator = await startTestServer({ db });
    recording = await startTestServer({ db, telemetry: recorder.source });
    const signIn = async (email: string) => ({ sim: await simulator.signIn(email), rec: await recording.signIn(email), prom: null as unknown as ApiClient });
    lumen = await signIn('maya@lumen.example');
    orbit = await signIn('ines@orbit.example');
    const breakdown = await lumen.sim.call<{ rows: Array<{ id: string; pod: { gpuCount: number } | null }> }>('GET', '/v1/utilization/breakdown?range=7d&by=pod&limit=500');
    const wasteful = breakdown.body.rows[0]!.id;
    const multiGpu = breakdown.body.rows.find((r) => (r.pod?.gpuCount ?? 0) >= 2)!.id;
    lumenPaths = [
      '/v1/utilization/summary?range=24h',
      '/v1/utilization/summary?range=7d',
      '/v1/utilization/timeseries?range=24h&maxPoints=96',
      '/v1/utilization/heatmap?range=7d&maxColumns=168',
      '/v1/utilization/breakdown?range=7d&by=pod&limit=500',
      '/v1/utilization/idle-now?limit=200',
      `/v1/pods/${wasteful}/waste?range=7d`,
      `/v1/pods/${multiGpu}/waste?range=24h`,
      '/v1/recommendations',
      '/v1/pods?status=running&limit=500',
      `/v1/pods/${multiGpu}`,
      `/v1/pods/${multiGpu}/metrics?range=24h&maxPoints=48`,
    ];
    // What the answers read: recorded by a server whose telemetry is the simulator's.
    for (const path of lumenPaths) await lumen.rec.call('GET', path);
    for (const path of orbitPaths) await orbit.rec.call('GET', path);
    // Orbit's store misses every fourth period.
    const held = [...recorder.recorded.values()].filter((r) => r.orgId !== 'org-orbit' || Math.floor(r.periodStartMs / SAMPLE_PERIOD_MS) % 4 !== 0);
    await backfill(dir, 'samples.om', openMetrics(held));
    const started = await startPrometheus(dir, ['global:', '  scrape_interval: 1m'], (text) => (logs += text));
    prometheus = started.process;
    viaPrometheus = await startTestServer({ db, telemetry: prometheusTelemetry(started.url) });
    lumen.prom = await viaPrometheus.signIn('maya@lumen.example');
    orbit.prom = await viaPrometheus.signIn('ines@orbit.example');
  });

  afterAll(async () => {
    prometheus?.kill('SIGTERM');
    await viaPrometheus?.close();
    await recording?.close();
    await simulator?.close();
    await db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers as the simulator does from the simulator’s samples, fetched in rounds', async () => {
    for (const path of lumenPaths) {
      const expected = await lumen.sim.call('GET', path);
      expect(expected.status, path).toBe(200);
      expect((await lumen.rec.call('GET', path)).body, path).toEqual(expected.body);
    }
    expect(recorder.recorded.size).toBeGreaterThan(10_000);
  });

  // Twelve reads, each twice; recommendations' evidence reads every 5-minute period of 30 days
  // (their rows are not yet summed in SQL on the server): minutes on a loaded 2-core machine.
  it('answers utilization, waste, recommendations and GPU use from Prometheus exactly as the simulator does', { timeout: 240_000 }, async () => {
    for (const path of lumenPaths) {
      const expected = await lumen.sim.call('GET', path);
      const actual = await lumen.prom.call('GET', path);
      expect(actual.status, `${path}: ${logs}`).toBe(200);
      expect(actual.body, path).toEqual(expected.body);
    }
  });

  it('bills the periods Prometheus never had without calling them waste, so totals still equal the spend', async () => {
    for (const path of orbitPaths) {
      const expected = await orbit.sim.call<{ current?: Figures; totals?: Figures }>('GET', path);
      const actual = await orbit.prom.call<{ current?: Figures; totals?: Figures; rows?: Array<{ figures: Figures }> }>('GET', path);
      expect(actual.status, path).toBe(200);
      const want = (expected.body.current ?? expected.body.totals)!;
      const got = (actual.body.current ?? actual.body.totals)!;
      expect(got.spendCents, path).toBe(want.spendCents);
      expect(partsCents(got), path).toBe(got.spendCents);
      for (const row of actual.body.rows ?? []) expect(partsCents(row.figures), path).toBe(row.figures.spendCents);
      // The answer comes from Prometheus' samples: a quarter of them missing, less is known to be waste.
      expect(got.wasteCents, path).toBeLessThan(want.wasteCents);
      expect(got.productive.cents, path).toBeGreaterThan(want.productive.cents);
    }
  });
});
