import { describe, expect, it } from 'vitest';
import { gpuTypes } from './catalog-data';
import { generateWorld, DEFAULT_ANCHOR_MS, HISTORY_DAYS } from './world';
import { runningIntervals, statusAt } from './lifecycle';
import { gpuSample, METRIC_NAMES, SAMPLE_PERIOD_MS } from './telemetry';
import { podLedger } from './billing';
import { sshPublicKeyProblem } from '../domain/validation/ssh-public-key';
import { costCentsForDuration } from '../domain/money';
import { MS_PER_DAY, MS_PER_HOUR } from '../domain/units';

const gpuOf = (id: string) => {
  const g = gpuTypes.find((x) => x.id === id);
  if (!g) throw new Error(id);
  return g;
};

describe('the simulated world', () => {
  it('is the same world for the same seed, and another for another seed', () => {
    expect(JSON.stringify(generateWorld({ seed: 7 }))).toBe(JSON.stringify(generateWorld({ seed: 7 })));
    expect(JSON.stringify(generateWorld({ seed: 7 }).pods)).not.toBe(JSON.stringify(generateWorld({ seed: 8 }).pods));
  });

  it('has about 60 pods over 90 days, many running now, in every archetype', () => {
    const w = generateWorld();
    expect(w.pods).toHaveLength(60);
    const start = DEFAULT_ANCHOR_MS - HISTORY_DAYS * MS_PER_DAY;
    for (const p of w.pods) {
      expect(p.createdAtMs).toBeGreaterThanOrEqual(start);
      expect(p.createdAtMs).toBeLessThan(DEFAULT_ANCHOR_MS);
    }
    const running = w.pods.filter((p) => statusAt(p, DEFAULT_ANCHOR_MS) === 'running');
    expect(running.length).toBeGreaterThanOrEqual(12);
    expect(new Set(w.pods.map((p) => p.archetype))).toEqual(new Set(['training', 'notebook', 'inference', 'hoarder', 'small-model', 'forgotten']));
    expect(new Set(w.users.map((u) => u.role))).toEqual(new Set(['admin', 'engineer', 'finance']));
  });

  it('keeps transitions in time order and names pods as DNS labels, unique in the organization', () => {
    const w = generateWorld();
    for (const p of w.pods) {
      for (let i = 1; i < p.transitions.length; i++) expect(p.transitions[i]!.atMs).toBeGreaterThanOrEqual(p.transitions[i - 1]!.atMs);
      expect(p.name).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
    }
    expect(new Set(w.pods.map((p) => p.name)).size).toBe(w.pods.length);
  });

  it('gives every pod its owner’s well-formed ed25519 key, the same on every machine', () => {
    const w = generateWorld();
    for (const p of w.pods) expect(sshPublicKeyProblem(p.sshPublicKey)).toBeNull();
    const ana = w.pods.filter((p) => p.ownerId === 'u-ana').map((p) => p.sshPublicKey);
    expect(new Set(ana).size).toBe(1);
    expect(ana[0]).toMatch(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]{43} ana@laptop$/);
  });

  it('runs 2,000 GPUs in the large preset of 10,000 pods', () => {
    const w = generateWorld({ preset: 'large' });
    expect(w.pods).toHaveLength(10_000);
    const gpus = w.pods.filter((p) => statusAt(p, DEFAULT_ANCHOR_MS) === 'running').reduce((a, p) => a + p.gpuCount, 0);
    expect(gpus).toBeGreaterThan(1_900);
    expect(gpus).toBeLessThanOrEqual(2_000);
  });
});

describe('telemetry', () => {
  const w = generateWorld();

  it('stays within physical limits: utilization 0-100, memory within VRAM, power within TDP', () => {
    for (const pod of w.pods) {
      const gpu = gpuOf(pod.gpuTypeId);
      for (const r of runningIntervals(pod, DEFAULT_ANCHOR_MS - 7 * MS_PER_DAY, DEFAULT_ANCHOR_MS).slice(0, 5)) {
        for (let t = r.startMs; t < r.endMs; t += 7 * SAMPLE_PERIOD_MS) {
          for (let i = 0; i < pod.gpuCount; i++) {
            const s = gpuSample(pod, gpu, i, t);
            for (const m of METRIC_NAMES) expect(s[m]).toBeGreaterThanOrEqual(0);
            expect(s.DCGM_FI_DEV_GPU_UTIL).toBeLessThanOrEqual(100);
            for (const m of ['DCGM_FI_PROF_GR_ENGINE_ACTIVE', 'DCGM_FI_PROF_SM_ACTIVE', 'DCGM_FI_PROF_PIPE_TENSOR_ACTIVE'] as const) expect(s[m]).toBeLessThanOrEqual(1);
            expect(s.DCGM_FI_DEV_FB_USED).toBeLessThanOrEqual(gpu.vramGiB * 1024);
            expect(s.DCGM_FI_DEV_POWER_USAGE).toBeLessThanOrEqual(gpu.tdpW);
          }
        }
      }
    }
  });

  it('is a pure function of pod, GPU and time', () => {
    const pod = w.pods[0]!;
    const gpu = gpuOf(pod.gpuTypeId);
    expect(gpuSample(pod, gpu, 0, DEFAULT_ANCHOR_MS)).toEqual(gpuSample(structuredClone(pod), gpu, 0, DEFAULT_ANCHOR_MS));
  });

  it('shows the archetypes a real fleet has', () => {
    const mean = (arch: string, gpuIndex: number, from: number, to: number) => {
      const pod = w.pods.find((p) => p.archetype === arch && p.gpuCount > gpuIndex);
      if (!pod) throw new Error(arch);
      const gpu = gpuOf(pod.gpuTypeId);
      let sum = 0;
      let n = 0;
      for (let t = from; t < to; t += SAMPLE_PERIOD_MS) {
        sum += gpuSample(pod, gpu, gpuIndex, t).DCGM_FI_PROF_GR_ENGINE_ACTIVE;
        n++;
      }
      return sum / n;
    };
    const day = DEFAULT_ANCHOR_MS - 2 * MS_PER_DAY;
    expect(mean('training', 0, day, day + MS_PER_DAY)).toBeGreaterThan(0.85);
    expect(mean('forgotten', 0, day, day + MS_PER_DAY)).toBe(0);
    expect(mean('hoarder', 0, day, day + MS_PER_DAY)).toBeGreaterThan(0.5);
    expect(mean('hoarder', 1, day, day + MS_PER_DAY)).toBe(0);
    // A notebook: busy on a weekday afternoon in Montréal, idle at 3 a.m.
    const wednesday = Date.UTC(2026, 10, 11, 0, 0);
    expect(mean('notebook', 0, wednesday + 15 * MS_PER_HOUR, wednesday + 22 * MS_PER_HOUR)).toBeGreaterThan(0.15);
    expect(mean('notebook', 0, wednesday + 7 * MS_PER_HOUR, wednesday + 9 * MS_PER_HOUR)).toBeLessThan(0.011);
    const small = w.pods.find((p) => p.archetype === 'small-model')!;
    expect(gpuSample(small, gpuOf(small.gpuTypeId), 0, day).DCGM_FI_DEV_FB_USED / 1024).toBeLessThan(18);
  });
});

describe('billing', () => {
  const w = generateWorld();

  it('charges each day, per GPU and clock hour, the price times the whole seconds the pod ran, to the cent', () => {
    for (const pod of w.pods) {
      const from = pod.createdAtMs;
      for (const row of podLedger(pod, from, DEFAULT_ANCHOR_MS)) {
        const runs = runningIntervals(pod, row.dayStartMs, Math.min(row.dayStartMs + MS_PER_DAY, DEFAULT_ANCHOR_MS));
        const ranMs = runs.reduce((a, r) => a + r.endMs - r.startMs, 0);
        expect(row.runningMs).toBe(ranMs);
        let perHourCents = 0;
        for (let h = row.dayStartMs; h < row.dayStartMs + MS_PER_DAY; h += MS_PER_HOUR) {
          const inHour = runs.reduce((a, r) => a + Math.max(0, Math.min(r.endMs, h + MS_PER_HOUR) - Math.max(r.startMs, h)), 0);
          perHourCents += pod.gpuCount * costCentsForDuration(pod.rateMicroUsdPerGpuHour, inHour);
        }
        expect(row.gpuCents).toBe(perHourCents);
        expect(Number.isInteger(row.gpuCents) && Number.isInteger(row.diskCents)).toBe(true);
      }
    }
  });

  it('charges a full running day exactly 24 × the hourly rate', () => {
    const pod = w.pods.find((p) => p.archetype === 'inference' && statusAt(p, DEFAULT_ANCHOR_MS) === 'running' && p.createdAtMs < DEFAULT_ANCHOR_MS - 3 * MS_PER_DAY)!;
    const rows = podLedger(pod, DEFAULT_ANCHOR_MS - 2 * MS_PER_DAY, DEFAULT_ANCHOR_MS);
    const full = rows.find((r) => r.runningMs === MS_PER_DAY)!;
    expect(full.gpuCents * 10_000).toBe(pod.rateMicroUsdPerGpuHour * pod.gpuCount * 24);
  });
});

describe('billing after a GPU count change', () => {
  it('bills hours before the change at the old count and after it at the new count', () => {
    const w = generateWorld();
    const pod = structuredClone(w.pods.find((p) => p.archetype === 'inference' && statusAt(p, DEFAULT_ANCHOR_MS) === 'running' && p.createdAtMs < DEFAULT_ANCHOR_MS - 3 * MS_PER_DAY)!);
    const day = Math.floor(DEFAULT_ANCHOR_MS / MS_PER_DAY) * MS_PER_DAY - 2 * MS_PER_DAY;
    const change = day + 12 * MS_PER_HOUR;
    pod.gpuCountHistory = [{ fromMs: pod.createdAtMs, gpuCount: pod.gpuCount }, { fromMs: change, gpuCount: pod.gpuCount + 1 }];
    pod.gpuCount += 1;
    const row = podLedger(pod, day, day + MS_PER_DAY)[0]!;
    const rate = pod.rateMicroUsdPerGpuHour;
    expect(row.gpuCents).toBe(costCentsForDuration(rate * (pod.gpuCount - 1), 12 * MS_PER_HOUR) + costCentsForDuration(rate * pod.gpuCount, 12 * MS_PER_HOUR));
  });
});
