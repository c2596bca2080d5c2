import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generateWorld, DEFAULT_ANCHOR_MS } from './world';
import { egressBytes, egressCostCents, monthEgressCostCents, podEgressByDay, projectEgressByDay } from './egress-traffic';
import { MS_PER_DAY, MS_PER_HOUR, startOfUtcMonth } from '../domain/units';
import { runningIntervals } from './lifecycle';
import type { Pod } from './model';

const world = generateWorld();
const now = DEFAULT_ANCHOR_MS;
const monthStart = startOfUtcMonth(now);

/** A pod that runs from t0 on, without stopping. */
function runningPod(archetype: Pod['archetype'], gpuCount: number, t0: number, overrides: Partial<Pod> = {}): Pod {
  return {
    ...world.pods[0]!,
    id: `pod-${archetype}`,
    projectId: 'p-test',
    archetype,
    gpuCount,
    seed: 42,
    createdAtMs: t0,
    transitions: [{ status: 'running', atMs: t0, reason: 'test' }],
    ...overrides,
  };
}

describe('the pods’ traffic', () => {
  it('is the same for the same pod and day, every time', () => {
    for (const pod of world.pods.slice(0, 10)) expect(podEgressByDay(pod, monthStart, now)).toEqual(podEgressByDay(pod, monthStart, now));
  });

  it('is sent only while a pod runs, in proportion to its GPUs and running time', () => {
    const day = Date.UTC(2026, 10, 10);
    const one = runningPod('inference', 1, day);
    const two = runningPod('inference', 2, day);
    const [a] = podEgressByDay(one, day, day + MS_PER_DAY);
    const [b] = podEgressByDay(two, day, day + MS_PER_DAY);
    expect(b!.internetBytes / a!.internetBytes).toBeCloseTo(2, 6);
    const [half] = podEgressByDay(one, day, day + 12 * MS_PER_HOUR);
    expect(half!.internetBytes / a!.internetBytes).toBeCloseTo(0.5, 6);
    expect(podEgressByDay(runningPod('inference', 1, day + MS_PER_DAY), day, day + MS_PER_DAY)).toEqual([]);
    const stopped = runningPod('inference', 1, day, { transitions: [{ status: 'running', atMs: day, reason: 't' }, { status: 'stopped', atMs: day + MS_PER_HOUR, reason: 't' }] });
    expect(podEgressByDay(stopped, day, day + 3 * MS_PER_DAY)).toHaveLength(1);
  });

  it('has inference serve the most to the internet, training replicate between regions, notebooks send little', () => {
    const day = Date.UTC(2026, 10, 10);
    const perDay = (archetype: Pod['archetype']) => podEgressByDay(runningPod(archetype, 1, day), day, day + MS_PER_DAY)[0]!;
    expect(perDay('inference').internetBytes).toBeGreaterThan(perDay('training').internetBytes);
    expect(perDay('training').interRegionBytes).toBeGreaterThan(perDay('training').internetBytes);
    expect(perDay('notebook').internetBytes).toBeLessThan(perDay('training').internetBytes / 5);
    // An inference GPU sends between 0.6 × and 1.4 × 4.5 GB an hour.
    expect(perDay('inference').internetBytes).toBeGreaterThanOrEqual(0.6 * 4.5e9 * 24);
    expect(perDay('inference').internetBytes).toBeLessThanOrEqual(1.4 * 4.5e9 * 24);
  });

  it('splits into UTC days that add up to the whole', () => {
    fc.assert(
      fc.property(fc.constantFrom(...world.pods), fc.integer({ min: 1, max: 20 }), (pod, days) => {
        const from = now - days * MS_PER_DAY;
        const rows = podEgressByDay(pod, from, now);
        for (const r of rows) expect(r.dayStartMs % MS_PER_DAY).toBe(0);
        const ran = runningIntervals(pod, from, now).length > 0;
        expect(rows.length > 0).toBe(ran);
        expect(egressBytes([pod], from, now).internetBytes).toBe(rows.reduce((a, r) => a + r.internetBytes, 0));
      }),
    );
  });
});

describe('egress cost per project per day (the bill’s egress line)', () => {
  const rows = egressCostCents(world.pods, monthStart, now);

  it('adds up, for each project, to the month’s egress cost under this cloud’s schedule', () => {
    const byProject = projectEgressByDay(world.pods, monthStart, now);
    for (const [projectId, days] of byProject) {
      const monthBytes = days.reduce((a, d) => a + d.internetBytes, 0);
      const mine = rows.filter((r) => r.projectId === projectId);
      expect(mine.reduce((a, r) => a + r.internetBytes, 0)).toBe(monthBytes);
      expect(mine.reduce((a, r) => a + r.costCents, 0)).toBe(monthEgressCostCents(monthBytes));
    }
  });

  it('charges nothing until the project’s 10 TB allowance is used, then $0.02/GB', () => {
    const day = Date.UTC(2026, 10, 1);
    // 4 inference GPUs send about 430 GB a day: the allowance lasts about 23 days.
    const pod = runningPod('inference', 4, day);
    const days = egressCostCents([pod], day, day + 30 * MS_PER_DAY);
    let cumulative = 0;
    for (const r of days) {
      if (cumulative + r.internetBytes <= 10_000e9) expect(r.costCents).toBe(0);
      else expect(r.costCents).toBeGreaterThan(0);
      cumulative += r.internetBytes;
    }
    expect(cumulative).toBeGreaterThan(10_000e9);
    expect(days.reduce((a, r) => a + r.costCents, 0)).toBe(monthEgressCostCents(cumulative));
    expect(days.reduce((a, r) => a + r.costCents, 0)).toBe(Math.round(((cumulative - 10_000e9) / 1e9) * 2));
  });

  it('gives the same days whether asked for the whole month or in pieces: the allowance carries across the pieces', () => {
    fc.assert(
      fc.property(fc.integer({ min: monthStart + 1, max: now - 1 }), (cut) => {
        const whole = egressCostCents(world.pods, monthStart, now);
        const pieces = [...egressCostCents(world.pods, monthStart, cut), ...egressCostCents(world.pods, cut, now)];
        const sum = (rs: typeof whole, projectId: string) => rs.filter((r) => r.projectId === projectId).reduce((a, r) => a + r.costCents, 0);
        for (const p of world.projects) expect(sum(pieces, p.id)).toBe(sum(whole, p.id));
      }),
      { numRuns: 10 },
    );
  });

  it('starts each month afresh', () => {
    const oct = egressCostCents(world.pods, Date.UTC(2026, 9, 1), Date.UTC(2026, 10, 1));
    const spanning = egressCostCents(world.pods, Date.UTC(2026, 9, 1), now);
    const inNov = spanning.filter((r) => r.dayStartMs >= monthStart);
    expect(spanning.filter((r) => r.dayStartMs < monthStart)).toEqual(oct);
    expect(inNov).toEqual(rows);
  });
});
