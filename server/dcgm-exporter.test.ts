/**
 * The simulated dcgm-exporter's text format (how Prometheus answers become the cloud's samples:
 * server/prometheus-telemetry.test.ts; with a real Prometheus: server/prometheus.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { gpuTypes } from '../src/cloud/catalog-data';
import { statusAt } from '../src/cloud/lifecycle';
import { gpuSample, METRIC_NAMES, SAMPLE_PERIOD_MS } from '../src/cloud/telemetry';
import { dcgmExposition } from './dcgm-exporter';
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

  it('labels a MIG slice pod’s series with GPU_I_PROFILE and GPU_I_ID, and its values are the slice’s (its memory, its share of the power)', () => {
    const state = structuredClone(world);
    const source = state.pods.find((p) => statusAt(p, nowMs) === 'running' && p.gpuCount === 1)!;
    const slice = { ...source, id: 'pod-slice', gpuTypeId: 'h100-sxm', migProfile: '3g.40gb' };
    state.pods.push(slice);
    const lines = dcgmExposition([{ orgId: 'org-lumen', state, nowMs }])
      .split('\n')
      .filter((l) => l.includes('pod="pod-slice"'));
    expect(lines).toHaveLength(METRIC_NAMES.length);
    for (const l of lines) expect(l).toMatch(/container="main",namespace="org-lumen",pod="pod-slice",GPU_I_PROFILE="3g\.40gb",GPU_I_ID="(\d|1[0-4])"\} [\d.]+ \d+$/);
    // The same instance id on every field and every scrape.
    expect(new Set(lines.map((l) => /GPU_I_ID="(\d+)"/.exec(l)?.[1])).size).toBe(1);
    const t = Math.floor(nowMs / SAMPLE_PERIOD_MS) * SAMPLE_PERIOD_MS;
    const h100 = gpuTypes.find((g) => g.id === 'h100-sxm')!;
    const want = gpuSample(slice, h100, 0, t);
    const value = (name: string) => Number(lines.find((l) => l.startsWith(`${name}{`))!.split(' ').at(-2));
    expect(value('DCGM_FI_DEV_FB_USED')).toBe(want.DCGM_FI_DEV_FB_USED);
    expect(value('DCGM_FI_DEV_FB_USED')).toBeLessThanOrEqual(40 * 1024);
    expect(value('DCGM_FI_DEV_POWER_USAGE')).toBeLessThanOrEqual((h100.tdpW * 3) / 7);
    // Whole GPUs' series have neither label.
    expect(samples.some((l) => l.includes('GPU_I_'))).toBe(false);
  });
});
