/**
 * What the tests through a real Prometheus share (server/prometheus.test.ts,
 * server/prometheus-vllm.test.ts): Debian's prometheus started on a free port over a data
 * directory, promtool's backfill, and a telemetry source that answers the simulator's samples
 * while recording them, to backfill exactly what an answer reads.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gpuTypes } from '../../src/cloud/catalog-data';
import { gpuSample, METRIC_NAMES, type GpuSample } from '../../src/cloud/telemetry';
import type { TelemetrySource } from '../prometheus-telemetry';

export const PROMETHEUS = '/usr/bin/prometheus';
export const PROMTOOL = '/usr/bin/promtool';
/** Debian's prometheus is installed (apt-get install prometheus; .ci/run installs it). */
export const available = existsSync(PROMETHEUS);
/** promtool, which backfills a data directory from OpenMetrics text, is installed too. */
export const canBackfill = available && existsSync(PROMTOOL);

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts Prometheus on a data directory, on a free port; resolves once it is ready. */
export async function startPrometheus(dir: string, config: string[], onLog: (text: string) => void): Promise<{ url: string; process: ChildProcess }> {
  writeFileSync(join(dir, 'prometheus.yml'), config.join('\n'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const process = spawn(
    PROMETHEUS,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      // Retention counts back from the newest sample, in simulated time: keep everything.
      '--storage.tsdb.retention.time=3650d',
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  process.stderr?.on('data', (d: Buffer) => onLog(d.toString()));
  await waitFor('Prometheus to be ready', async () => ((await fetch(`${url}/-/ready`)).ok ? true : null));
  return { url, process };
}

export interface Recorded {
  orgId: string;
  podId: string;
  gpuIndex: number;
  periodStartMs: number;
  sample: GpuSample;
}

/** A telemetry source answering the simulator's samples, recording each one it was asked for. */
export function recordingSource(): { source: TelemetrySource; recorded: Map<string, Recorded> } {
  const recorded = new Map<string, Recorded>();
  const source: TelemetrySource = {
    description: 'the simulator, recorded',
    samples: async (orgId, needs) =>
      needs.map(({ pod, gpuIndex, periodStartMs }) => {
        const sample = gpuSample(pod, gpuTypes.find((g) => g.id === pod.gpuTypeId)!, gpuIndex, periodStartMs);
        recorded.set(`${orgId}|${pod.id}|${gpuIndex}|${periodStartMs}`, { orgId, podId: pod.id, gpuIndex, periodStartMs, sample });
        return sample;
      }),
  };
  return { source, recorded };
}

/** Samples as OpenMetrics text for promtool: each field a family, each series in time order, stamped like the exporter (the period's start). */
export function openMetrics(samples: Iterable<Recorded>): string {
  const series = new Map<string, Recorded[]>();
  for (const r of samples) {
    const labels = `namespace="${r.orgId}",pod="${r.podId}",gpu="${r.gpuIndex}"`;
    series.set(labels, [...(series.get(labels) ?? []), r]);
  }
  const lines: string[] = [];
  for (const name of METRIC_NAMES) {
    lines.push(`# TYPE ${name} gauge`);
    for (const [labels, rows] of series) {
      for (const r of rows.sort((a, b) => a.periodStartMs - b.periodStartMs)) lines.push(`${name}{${labels}} ${r.sample[name]} ${r.periodStartMs / 1000}`);
    }
  }
  lines.push('# EOF', '');
  return lines.join('\n');
}


/** Writes OpenMetrics text into a new data directory with promtool, as blocks Prometheus opens at start. */
export async function backfill(dir: string, name: string, text: string): Promise<void> {
  writeFileSync(join(dir, name), text);
  // promtool cuts 2-hour blocks unless told otherwise (its --max-block-duration is hidden, not gone).
  await promisify(execFile)(PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', '--max-block-duration=1500h', '--quiet', join(dir, name), join(dir, 'data')]);
}

/**
 * A Prometheus configuration that scrapes one target every 250 ms, keeping the target's own labels
 * (namespace, pod) and its timestamps: the simulated clock is not the wall clock (its anchor is
 * fixed, and tests move it), while Prometheus stamps its own series (up, scrape_*) with wall time,
 * so samples from any time are accepted.
 */
export function scrapeConfig(job: string, target: string, metricsPath = '/metrics'): string[] {
  return [
    'global:',
    '  scrape_interval: 250ms',
    '  scrape_timeout: 250ms',
    'storage:',
    '  tsdb:',
    '    out_of_order_time_window: 3650d',
    'scrape_configs:',
    `  - job_name: ${job}`,
    '    honor_labels: true',
    `    metrics_path: ${metricsPath}`,
    '    static_configs:',
    `      - targets: ['${target}']`,
  ];
}
