import { describe, expect, it } from 'vitest';
import { DEFAULT_ANCHOR_MS, generateWorld } from './world';
import { DEFAULT_WASTE_SETTINGS } from '../domain/waste';
import { MS_PER_DAY, MS_PER_HOUR, startOfUtcDay } from '../domain/units';
import { FIELDS, RowBlocks, UsageLedger, startOfHour } from './usage-ledger';
import { podUsage } from './usage-read';
import { decodePods, encodePods, ingestDays, passesOf, prebuildBatches, transferablesOf, type DaysMessage } from './usage-prebuild';
import type { Pod } from './model';

const DAYS = 3;

/** The default world, one pod's GPU count changed in place two days before the anchor (as PATCH does), one pod a MIG slice. */
function world(): Pod[] {
  const pods = generateWorld({ realNowMs: DEFAULT_ANCHOR_MS }).pods;
  const resized = pods.find((p) => p.transitions.at(-1)?.status === 'running' && p.gpuCount >= 2)!;
  resized.gpuCountHistory = [
    { fromMs: resized.createdAtMs, gpuCount: resized.gpuCount },
    { fromMs: DEFAULT_ANCHOR_MS - 2 * MS_PER_DAY + 17 * 60_000, gpuCount: 1 },
  ];
  resized.gpuCount = 1;
  // And one running pod a MIG slice: its memory, its share of seconds and power are the slice's.
  const slice = pods.find((p) => p !== resized && p.transitions.at(-1)?.status === 'running' && p.gpuCount === 1 && p.archetype !== 'forgotten')!;
  slice.migProfile = '3g.40gb';
  return pods;
}

/** What the page does: pods over in chunks (through the messages' encoding), the worker's build, back in batches. */
function viaWorker(pods: readonly Pod[], closedUntilMs: number, batchPodDays: number): DaysMessage[] {
  const sent: Pod[] = [];
  for (let i = 0; i < pods.length; i += 7) sent.push(...decodePods(structuredClone(encodePods(pods, i, Math.min(pods.length, i + 7)))));
  const batches: DaysMessage[] = [];
  for (const b of prebuildBatches(sent, { settings: DEFAULT_WASTE_SETTINGS, closedUntilMs, days: DAYS, batchPodDays })) {
    // As postMessage would hand it over: a copy whose buffers the worker no longer holds.
    batches.push(structuredClone(b, { transfer: transferablesOf(b) }));
  }
  return batches;
}

describe('the usage ledger built in a Web Worker', () => {
  const pods = world();
  const closedUntilMs = DEFAULT_ANCHOR_MS - 25 * 60_000;
  const keysOf = (ledger: UsageLedger): string[] => pods.map((p) => ledger.podKey(p));

  it('builds exactly the rows the main thread builds, and a read of ingested days builds nothing', () => {
    const mine = new UsageLedger(DEFAULT_WASTE_SETTINGS);
    const today = startOfUtcDay(closedUntilMs);
    for (const pod of pods) for (let back = 0; back < DAYS; back++) mine.podDay(pod, today - back * MS_PER_DAY, closedUntilMs);

    const ingested = new UsageLedger(DEFAULT_WASTE_SETTINGS);
    const batches = viaWorker(pods, closedUntilMs, 20);
    expect(batches.length).toBeGreaterThan(2);
    const keys = keysOf(ingested);
    let n = 0;
    for (const b of batches) n += ingestDays(ingested, keys, b);
    expect(n).toBeGreaterThan(0);
    expect(ingested.snapshot()).toEqual(mine.snapshot());
    expect(ingested.hoursBuilt).toBe(0);

    // The page's reads over those days (the hours closed by then) take the ingested rows.
    const window = { fromMs: today - (DAYS - 1) * MS_PER_DAY + 5 * MS_PER_HOUR, toMs: startOfHour(closedUntilMs) };
    const fresh = new UsageLedger(DEFAULT_WASTE_SETTINGS);
    for (const pod of pods) {
      const a = podUsage(ingested, pod, window, { closedUntilMs });
      const b = podUsage(fresh, pod, window, { closedUntilMs });
      expect(a?.total).toEqual(b?.total);
    }
    expect(ingested.hoursBuilt).toBe(0);
    expect(fresh.hoursBuilt).toBeGreaterThan(0);
  });

  it('hands over the newest days first, pods from the last, and leaves a day a read built first', () => {
    const batches = viaWorker(pods, closedUntilMs, 10);
    const today = startOfUtcDay(closedUntilMs);
    const order = batches.flatMap((b) => Array.from(b.podIndex, (pod, i) => ({ pod, day: b.dayStartMs[i]! })));
    // Every day of the window is one tier here: pods descending, each pod's days newest first.
    for (let i = 1; i < order.length; i++) {
      const [a, b] = [order[i - 1]!, order[i]!];
      expect(a.pod > b.pod || (a.pod === b.pod && a.day > b.day)).toBe(true);
    }
    expect(order.every((o) => o.day <= today && o.day > today - DAYS * MS_PER_DAY)).toBe(true);

    // A read built a pod's today before the batch came: the ledger keeps its own day.
    const ledger = new UsageLedger(DEFAULT_WASTE_SETTINGS);
    const pod = pods.find((p, i) => order.some((o) => o.pod === i && o.day === today))!;
    const own = ledger.podDay(pod, today, closedUntilMs)!;
    const built = ledger.hoursBuilt;
    for (const b of batches) ingestDays(ledger, keysOf(ledger), b);
    expect(ledger.podDay(pod, today, closedUntilMs)).toBe(own);
    expect(ledger.hoursBuilt).toBe(built);
  });

  it('takes the upper half of the pods for the window and the previous one before the lower half, and every pod-day once', () => {
    const passes = passesOf(10_000, 90);
    // The page reads the 7-day window (days 0-7 back) then the previous one (8-14) from the first pod.
    expect(passes.slice(0, 4)).toEqual([
      { from: 0, to: 8, podFrom: 10_000, podTo: 5_000 },
      { from: 8, to: 15, podFrom: 10_000, podTo: 5_000 },
      { from: 0, to: 8, podFrom: 5_000, podTo: 0 },
      { from: 8, to: 15, podFrom: 5_000, podTo: 0 },
    ]);
    for (const [pods, days] of [[10_000, 90], [7, 3], [1, 20], [0, 5], [5, 0]] as const) {
      const seen = new Map<string, number>();
      for (const p of passesOf(pods, days)) for (let i = p.podTo; i < p.podFrom; i++) for (let d = p.from; d < p.to; d++) seen.set(`${i}|${d}`, (seen.get(`${i}|${d}`) ?? 0) + 1);
      expect(seen.size).toBe(pods * days);
      expect([...seen.values()].every((n) => n === 1)).toBe(true);
    }
  });

  it('builds each batch straight into one block and hands the block over, its days at their offsets', () => {
    // All of history, no clock and no count limit: a batch ends when its block is full, or its pass does.
    const blocks = [...prebuildBatches(pods, { settings: DEFAULT_WASTE_SETTINGS, closedUntilMs, batchPodDays: Infinity, clock: () => 0 })];
    const full = blocks.filter((b, i) => blocks[i + 1]?.pass === b.pass);
    expect(full.length).toBeGreaterThan(1);
    for (const b of full) {
      // The block's own buffer, more than half filled (else it is sent as a copy of its filled part).
      expect(b.rows.buffer.byteLength).toBe((1 << 18) * 4);
      expect(b.rows.length).toBeGreaterThan(1 << 17);
    }
    const ingested = new UsageLedger(DEFAULT_WASTE_SETTINGS);
    const mine = new UsageLedger(DEFAULT_WASTE_SETTINGS);
    for (const b of blocks) {
      b.podIndex.forEach((pod, i) => mine.podDay(pods[pod]!, b.dayStartMs[i]!, closedUntilMs));
      ingestDays(ingested, keysOf(ingested), structuredClone(b, { transfer: transferablesOf(b) }));
    }
    expect(ingested.snapshot()).toEqual(mine.snapshot());
  });

  it('takes day rows as zeroed views on shared blocks, a bigger block when one is full', () => {
    const blocks = new RowBlocks(100);
    const a = blocks.take(60);
    const b = blocks.take(40);
    expect(b.buffer).toBe(a.buffer);
    expect(blocks.room).toBe(0);
    const c = blocks.take(10);
    expect(c.buffer).not.toBe(a.buffer);
    expect(c.buffer.byteLength).toBe(200 * 4); // each block twice the last, up to 1 MiB
    expect([...c]).toEqual(new Array(10).fill(0));
    expect(blocks.take(500).length).toBe(500); // longer than a block: a block of its own size
    expect(blocks.seal().length).toBe(500);
    expect(blocks.room).toBe(0);
    expect(FIELDS).toBeGreaterThan(0);
  });

  it('carries what the ledger reads of a pod through the messages', () => {
    const [pod] = decodePods(structuredClone(encodePods(pods, 0, pods.length))).filter((p) => p.gpuCountHistory);
    const original = pods.find((p) => p.id === pod?.id)!;
    expect(pod).toMatchObject({ id: original.id, seed: original.seed, gpuCount: 1, gpuCountHistory: original.gpuCountHistory, archetype: original.archetype });
    expect(pod!.transitions.map((t) => [t.status, t.atMs])).toEqual(original.transitions.map((t) => [t.status, t.atMs]));
    const decoded = decodePods(structuredClone(encodePods(pods, 0, pods.length)));
    const slices = decoded.filter((p) => p.migProfile);
    expect(slices.map((p) => [p.id, p.migProfile])).toEqual(pods.filter((p) => p.migProfile).map((p) => [p.id, '3g.40gb']));
    // The key the page ingests under is the key the worker's ledger computes for the pod it decoded.
    const ledger = new UsageLedger(DEFAULT_WASTE_SETTINGS);
    expect(decoded.map((p) => ledger.podKey(p))).toEqual(pods.map((p) => ledger.podKey(p)));
  });
});
