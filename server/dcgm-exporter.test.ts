/**
 * The simulated dcgm-exporter's text format, and how Prometheus answers become the cloud's
 * samples (without a Prometheus: server/prometheus.test.ts runs the real one).
 */
import { describe, expect, it } from 'vitest';
import { gpuTypes } from '../src/cloud/catalog-data';
import { statusAt } from '../src/cloud/lifecycle';
import { gpuSample, METRIC_NAMES, SAMPLE_PERIOD_MS } from '../src/cloud/telemetry';
import { dcgmExposition } from './dcgm-exporter';
import { prometheusTelemetry } from './prometheus-telemetry';
import { TENANTS, tenantWorld } from './tenants';

const world = tenantWorld(TENANTS[0]!, 0);
const nowMs = world.anchorMs + 2 * 60_000;

describe('the exporter’s text', () => {
  const text = dcgmExposition([{ orgId: 'org-lumen', state: world, nowMs }]);
  const samples = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));

  it('declares each field once as a gauge, as dcgm-exporter does', () => {
    for (const name of METRIC_NAMES) {
      expect(text.match(new RegExp(`^# TYPE ${name} gauge$`, 'gm'))).toHaveLength(1);
      expect(text).toMatch(new RegExp(`^# HELP ${name} .+$`, 'm'));
    }
  });

  it('has one series per field for every GPU of every running pod, stamped at the period’s start', () => {
    const running = world.pods.filter((p) => statusAt(p, nowMs) === 'running');
    const gpus = running.reduce((a, p) => a + p.gpuCount, 0);
    expect(samples).toHaveLength(gpus * METRIC_NAMES.length);
    const t = Math.floor(nowMs / SAMPLE_PERIOD_MS) * SAMPLE_PERIOD_MS;
    expect(samples.every((l) => l.endsWith(` ${t}`))).toBe(true);
  });

  it('carries the simulator’s values with the Kubernetes labels of the pod', () => {
    const pod = world.pods.find((p) => statusAt(p, nowMs) === 'running' && p.gpuCount > 1)!;
    const gpu = gpuTypes.find((g) => g.id === pod.gpuTypeId)!;
    const line = samples.find((l) => l.startsWith('DCGM_FI_DEV_POWER_USAGE{') && l.includes(`pod="${pod.id}"`) && l.includes('gpu="1"'))!;
    expect(line).toMatch(/^DCGM_FI_DEV_POWER_USAGE\{gpu="1",UUID="GPU-[0-9a-f-]{36}",pci_bus_id="[0-9A-F:.]+",device="nvidia1",modelName="[^"]+",Hostname="[^"]+",DCGM_FI_DRIVER_VERSION="[^"]+",container="main",namespace="org-lumen",pod="pod-[a-z0-9]+"\} [\d.]+ \d+$/);
    const value = Number(line.split(' ').at(-2));
    expect(value).toBe(gpuSample(pod, gpu, 1, Math.floor(nowMs / SAMPLE_PERIOD_MS) * SAMPLE_PERIOD_MS).DCGM_FI_DEV_POWER_USAGE);
  });
});

describe('samples from Prometheus', () => {
  it('asks for each field’s mean over each period, and maps the node’s GPU numbers to the pod’s', async () => {
    const pod = world.pods.find((p) => p.gpuCount === 2) ?? world.pods[0]!;
    const t0 = world.anchorMs - SAMPLE_PERIOD_MS;
    const asked: URL[] = [];
    const fakeFetch = (async (input: URL | RequestInfo) => {
      const url = new URL(String(input));
      asked.push(url);
      const field = /avg_over_time\((\w+)\{/.exec(url.searchParams.get('query') ?? '')?.[1] ?? '';
      const end = (t: number) => (t + SAMPLE_PERIOD_MS - 1) / 1000;
      // The pod holds GPUs 4 and 6 of its node; Prometheus has both periods for GPU 4, one for GPU 6.
      const result = [
        { metric: { gpu: '6' }, values: [[end(t0 + SAMPLE_PERIOD_MS), field === 'DCGM_FI_DEV_GPU_UTIL' ? '60' : '0.5']] },
        { metric: { gpu: '4' }, values: [[end(t0), '40'], [end(t0 + SAMPLE_PERIOD_MS), '41']] },
      ];
      return new Response(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } }));
    }) as typeof fetch;
    const sampler = await prometheusTelemetry('http://prometheus:9090/', fakeFetch).samplerFor('org-lumen', pod, [t0, t0 + SAMPLE_PERIOD_MS]);
    expect(asked).toHaveLength(METRIC_NAMES.length);
    expect(asked[0]!.pathname).toBe('/api/v1/query_range');
    expect(asked[0]!.searchParams.get('query')).toBe(`avg_over_time(DCGM_FI_DEV_GPU_UTIL{namespace="org-lumen",pod="${pod.id}"}[300s])`);
    expect(asked[0]!.searchParams.get('step')).toBe('300s');
    expect(Number(asked[0]!.searchParams.get('start')) * 1000).toBe(t0 + SAMPLE_PERIOD_MS - 1);
    const gpu = gpuTypes.find((g) => g.id === pod.gpuTypeId)!;
    expect(sampler(pod, gpu, 0, t0)?.DCGM_FI_DEV_GPU_UTIL).toBe(40);
    expect(sampler(pod, gpu, 1, t0 + SAMPLE_PERIOD_MS)?.DCGM_FI_DEV_GPU_UTIL).toBe(60);
    expect(sampler(pod, gpu, 1, t0)).toBeNull();
    expect(sampler(pod, gpu, 0, t0 + 2 * SAMPLE_PERIOD_MS)).toBeNull();
  });
});
