/**
 * Serving figures through Prometheus (issue 18, point 1): the vLLM series of the serving pods,
 * as server/vllm-exporter.ts publishes them, in a real Prometheus (Debian's), and a server whose
 * telemetry is that Prometheus answering the inference calls.
 *
 * First, Prometheus scrapes the exporter's /vllm/metrics and holds the counters the exporter
 * computes. Then a Prometheus backfilled with promtool holds two days of the seeded world's vLLM
 * points and the DCGM samples the answers read: the inference summary, its days and a pod's
 * serving section are the simulator's to the last digit; where the store lacks a pod's vLLM
 * points for some hours, that pod's tokens are fewer while its spend stays, which a server that
 * generated tokens from the GPU samples (as the simulator does) could not answer. Skipped, saying
 * so, where /usr/bin/prometheus or /usr/bin/promtool is missing (.ci/run installs them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { CloudState } from '../src/cloud/model';
import { SAMPLE_PERIOD_MS } from '../src/cloud/telemetry';
import { MS_PER_HOUR } from '../src/domain/units';
import { simulatedNow } from './cloud-context';
import { createDcgmExporter } from './dcgm-exporter';
import type { Database } from './db';
import { prometheusTelemetry } from './prometheus-telemetry';
import { loadState } from './state-store';
import { freshDatabase, startTestServer, TEST_REAL_NOW, type ApiClient, type TestServer } from './testing/harness';
import { backfill, canBackfill, openMetrics, PROMTOOL, recordingSource, scrapeConfig, startPrometheus, waitFor } from './testing/prometheus';
import { vllmPoints, vllmText } from './vllm-exporter';

if (!canBackfill) console.warn(`server/prometheus-vllm.test.ts skipped: ${PROMTOOL} is missing (apt-get install prometheus; .ci/run installs it).`);

const ORG = 'org-lumen';

interface Figures {
  promptTokens: number;
  generationTokens: number;
  requests: number;
  spendCents: number;
}
interface Summary {
  window: { from: string; to: string };
  totals: Figures;
  pods: Array<{ podId: string; figures: Figures }>;
}

describe.skipIf(!canBackfill)('serving figures read from vLLM’s series in Prometheus', () => {
  let dir: string;
  let db: Database;
  let state: CloudState;
  let nowMs: number;
  const processes: ChildProcess[] = [];
  let exporter: ReturnType<typeof serve> | undefined;
  let simulator: TestServer;
  let recording: TestServer;
  let viaPrometheus: TestServer;
  const maya = {} as Record<'sim' | 'rec' | 'prom', ApiClient>;
  let logs = '';
  const recorder = recordingSource();
  /** The last full day and the day before it, as the summary's windows. */
  let today: string;
  let yesterday: string;
  /** A serving pod whose vLLM points the store lacks for six hours of yesterday. */
  let gapPod: string;
  let gapFromMs: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nl-prometheus-vllm-'));
    db = await freshDatabase();
    simulator = await startTestServer({ db });
    recording = await startTestServer({ db, telemetry: recorder.source });
    maya.sim = await simulator.signIn('maya@lumen.example');
    maya.rec = await recording.signIn('maya@lumen.example');
    state = (await db.transaction((tx) => loadState(tx, ORG, { lock: false })))!;
    nowMs = simulatedNow(state, TEST_REAL_NOW);

    const window = (await maya.sim.call<Summary>('GET', '/v1/inference/summary?range=24h')).body.window;
    const toMs = Math.floor(Date.parse(window.to) / MS_PER_HOUR) * MS_PER_HOUR;
    const iso = (ms: number) => new Date(ms).toISOString();
    today = `from=${iso(toMs - 24 * MS_PER_HOUR)}&to=${iso(toMs)}`;
    yesterday = `from=${iso(toMs - 48 * MS_PER_HOUR)}&to=${iso(toMs - 24 * MS_PER_HOUR)}`;
    const busiest = (await maya.sim.call<Summary>('GET', `/v1/inference/summary?${yesterday}&sort=tokens`)).body.pods[0]!;
    gapPod = busiest.podId;
    gapFromMs = toMs - 42 * MS_PER_HOUR;

    // The GPU samples the answers read (the ledger's spend and waste), recorded as the simulator answers them.
    for (const path of paths()) await maya.rec.call('GET', path);
    // And the serving pods' vLLM points of both days (and the period before them), but for the gap.
    const points = vllmPoints(ORG, state, toMs - 48 * MS_PER_HOUR - SAMPLE_PERIOD_MS, toMs).filter(
      (p) => p.podId !== gapPod || p.periodStartMs < gapFromMs || p.periodStartMs >= gapFromMs + 6 * MS_PER_HOUR,
    );
    await backfill(dir, 'samples.om', openMetrics(recorder.recorded.values()).replace(/# EOF\n$/, '') + vllmText(points, 'openmetrics'));
    const started = await startPrometheus(dir, ['global:', '  scrape_interval: 1m'], (text) => (logs += text));
    processes.push(started.process);
    viaPrometheus = await startTestServer({ db, telemetry: prometheusTelemetry(started.url) });
    maya.prom = await viaPrometheus.signIn('maya@lumen.example');
  });

  afterAll(async () => {
    for (const p of processes) p.kill('SIGTERM');
    exporter?.close();
    await viaPrometheus?.close();
    await recording?.close();
    await simulator?.close();
    await db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function paths(): string[] {
    return [`/v1/inference/summary?${today}`, `/v1/inference/over-time?${today}`, `/v1/pods/${gapPod}/inference?${today}`, `/v1/inference/summary?${yesterday}`];
  }

  it('answers the inference summary, its days and a pod’s serving figures from Prometheus as the simulator does', { timeout: 120_000 }, async () => {
    for (const path of paths().slice(0, 3)) {
      const expected = await maya.sim.call('GET', path);
      expect(expected.status, path).toBe(200);
      const actual = await maya.prom.call('GET', path);
      expect(actual.status, `${path}: ${logs}`).toBe(200);
      expect(actual.body, path).toEqual(expected.body);
    }
    const summary = (await maya.prom.call<Summary>('GET', paths()[0]!)).body;
    expect(summary.totals.generationTokens).toBeGreaterThan(1_000_000);
    expect(summary.pods.length).toBeGreaterThan(3);
  });

  it('counts only the tokens Prometheus holds: a pod’s six missing hours are not made up, its spend stays', { timeout: 120_000 }, async () => {
    const path = `/v1/inference/summary?${yesterday}&limit=500`;
    const expected = (await maya.sim.call<Summary>('GET', path)).body;
    const actual = (await maya.prom.call<Summary>('GET', path)).body;
    const want = expected.pods.find((p) => p.podId === gapPod)!.figures;
    const got = actual.pods.find((p) => p.podId === gapPod)!.figures;
    expect(got.spendCents).toBe(want.spendCents);
    // Six hours of 24, and the period after the gap (its point before is missing): about a quarter fewer.
    expect(got.generationTokens).toBeLessThan(want.generationTokens * 0.8);
    expect(got.generationTokens).toBeGreaterThan(want.generationTokens * 0.6);
    expect(got.promptTokens).toBeLessThan(want.promptTokens);
    // Every other pod's figures are the simulator's.
    for (const row of expected.pods.filter((p) => p.podId !== gapPod)) expect(actual.pods.find((p) => p.podId === row.podId), row.podId).toEqual(row);
    expect(actual.totals.spendCents).toBe(expected.totals.spendCents);
    expect(expected.totals.generationTokens - actual.totals.generationTokens).toBe(want.generationTokens - got.generationTokens);
  });

  it('scrapes the exporter’s vLLM series: each closed period’s counters, as vLLM publishes them', async () => {
    const started = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: createDcgmExporter(db, () => TEST_REAL_NOW).fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    exporter = started;
    const port = (started.address() as AddressInfo).port;
    // The first scrape computes each engine's counters from its start (seconds); later ones, a period each.
    expect((await fetch(`http://127.0.0.1:${port}/vllm/metrics`)).status).toBe(200);
    const scrapeDir = mkdtempSync(join(dir, 'scrape-'));
    const scraping = await startPrometheus(
      scrapeDir,
      scrapeConfig('vllm', `127.0.0.1:${port}`, '/vllm/metrics'),
      (text) => (logs += text),
    );
    processes.push(scraping.process);
    const lastClosed = Math.floor(nowMs / SAMPLE_PERIOD_MS) * SAMPLE_PERIOD_MS - SAMPLE_PERIOD_MS;
    const expected = vllmPoints(ORG, state, lastClosed, lastClosed + SAMPLE_PERIOD_MS).find((p) => p.podId === gapPod && p.engine === 0)!;
    expect(expected.counters.generationTokens).toBeGreaterThan(0);
    const query = `vllm:generation_tokens_total{namespace="${ORG}",pod="${gapPod}",engine="0"}`;
    const value = await waitFor(`the scraped counter (${logs})`, async () => {
      const url = `${scraping.url}/api/v1/query?query=${encodeURIComponent(query)}&time=${(lastClosed + 1000) / 1000}`;
      const answer = (await (await fetch(url)).json()) as { data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
      const found = answer.data.result[0];
      return found ? { labels: found.metric, value: Number(found.value[1]) } : null;
    });
    expect(value.value).toBe(expected.counters.generationTokens);
    expect(value.labels.model_name).toBe(expected.modelName);
  });
});
