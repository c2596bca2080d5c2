/**
 * Utilization: how well the fleet uses the GPUs it pays for, and the waste ledger in dollars,
 * for a window and scope: summary against the previous window, series over time, a per-GPU
 * heatmap, breakdowns, the pods idle right now, and one pod's own ledger. Every figure is a sum
 * of the usage ledger's GPU-hour rows (usage-ledger.ts: every 5-minute period, computed once
 * per closed hour), the open hour computed live; the browser never receives per-GPU samples.
 */
import { gpuTflops, type GpuType } from '../../domain/catalog';
import { gpuSevenths, MIG_COMPUTE_SLICES } from '../../domain/mig';
import { costCentsForDuration } from '../../domain/money';
import { cheapestFittingTier } from '../../domain/tier-fit';
import { MS_PER_HOUR, MS_PER_MINUTE, startOfUtcDay } from '../../domain/units';
import { addWasteFigures, efficiency, emptyWasteFigures, isIdleEngine, totalWaste, type WasteFigures, type WasteSettings } from '../../domain/waste';
import type { Schemas } from '../api-types';
import { gpuTypes, offers, regions } from '../catalog-data';
import { currentUser, peopleNames, requireRole, visibleProjectIds, type CloudContext } from '../context';
import { ok, type Route } from '../http';
import { statusAt } from '../lifecycle';
import type { Pod } from '../model';
import { badRequest, notFound } from '../problem';
import { forEachSliced, gpuTypeOf } from '../utilization-ledger';
import { podIdleNow } from '../utilization-idle';
import { parseScope, parseSettings, parseWindow, type ResolvedWindow, type Scope } from '../utilization-query';
import { intParam } from '../query-params';
import { addRowInto, FIELDS, startOfHour, usageLedgerFor } from '../usage-ledger';
import { APPLY_TO, applyFromMs, currentSettings, recomputeOf, setSettings, settingsSegments, settingsVersions, startRecompute, type ApplyTo } from '../waste-settings';
import { FIELD, forEachSegmentHour, observedSeconds, podUsage, wasteFiguresOf, type PodUsage, type ReadOptions, type UsageWindow } from '../usage-read';

type Figures = Schemas['UtilizationFigures'];

const iso = (ms: number): string => new Date(ms).toISOString();
const isoDate = (ms: number): string => iso(ms).slice(0, 10);

export function figuresView(f: WasteFigures): Figures {
  return {
    allocatedGpuSeconds: f.allocatedGpuSeconds,
    activeGpuSeconds: f.activeGpuSeconds,
    efficiency: efficiency(f),
    spendCents: f.spendCents,
    wasteCents: totalWaste(f).cents,
    productive: { ...f.productive },
    waste: { idle: { ...f.waste.idle }, underUsed: { ...f.waste.underUsed }, oversized: { ...f.waste.oversized } },
  };
}

function windowView(w: ResolvedWindow): Schemas['UtilizationWindow'] {
  return { from: iso(w.fromMs), to: iso(w.toMs), range: w.range, sampleMs: w.stepMs };
}

function scopeView(s: Scope): Schemas['UtilizationScope'] {
  return { kind: s.kind, id: s.id, name: s.name };
}

/** One pod's usage over a window, from the ledger of the request's thresholds. */
interface Usage extends PodUsage {
  gpuType: GpuType;
}

/**
 * The usage of the pods in scope that ran in the window: stored GPU-hour rows summed (a day at a
 * time where whole days fit), the open hour live; worked through in slices so the browser keeps
 * answering while the simulator builds rows it has not stored yet.
 */
async function usageOf(ctx: CloudContext, pods: readonly Pod[], window: UsageWindow, override: WasteSettings | null): Promise<Usage[]> {
  const ledger = settingsSegments(ctx.state, window, override, ctx.telemetry);
  const options = readOptions(ctx);
  const out: Usage[] = [];
  await forEachSliced(pods, (pod) => {
    const u = podUsage(ledger, pod, window, options);
    if (u) out.push({ ...u, gpuType: gpuTypeOf(pod) });
  });
  return out;
}

/** Hours before the reconcilers' mark are closed: nothing can change them any more. */
function readOptions(ctx: CloudContext): ReadOptions {
  const now = ctx.now();
  const closedUntilMs = Math.min(now, ctx.state.reconciledAtMs ?? now);
  return ctx.telemetry ? { closedUntilMs, sample: ctx.telemetry } : { closedUntilMs };
}

function totalOf(usages: readonly Usage[]): Float64Array {
  const total = new Float64Array(FIELDS);
  for (const u of usages) addRowInto(total, 0, u.total, 0);
  return total;
}

interface Request {
  scope: Scope;
  settings: WasteSettings;
  override: WasteSettings | null;
  current: ResolvedWindow;
  previous: ResolvedWindow;
}

/**
 * The thresholds a read judges by: the organization's (in time: waste-settings.ts), unless the
 * request gives its own (a what-if), which then judge the whole window.
 */
function thresholdsOf(ctx: CloudContext, query: URLSearchParams): { settings: WasteSettings; override: WasteSettings | null } {
  const current = currentSettings(ctx.state);
  const given = ['idleEngineActive', 'smActiveTarget'].some((k) => (query.get(k) ?? '') !== '');
  if (!given) return { settings: current, override: null };
  const settings = parseSettings(query, current);
  return { settings, override: settings };
}

function readRequest(ctx: CloudContext, query: URLSearchParams): Request {
  const { settings, override } = thresholdsOf(ctx, query);
  const scope = parseScope(ctx, query);
  return { scope, settings, override, ...parseWindow(query, ctx.now()) };
}

export async function utilizationSummary(ctx: CloudContext, query: URLSearchParams): Promise<Schemas['UtilizationSummary']> {
  const { scope, settings, override, current, previous } = readRequest(ctx, query);
  const now = await usageOf(ctx, scope.pods, current, override);
  const before = totalOf(await usageOf(ctx, scope.pods, previous, override));
  const cur = figuresView(wasteFiguresOf(totalOf(now)));
  const prev = figuresView(wasteFiguresOf(before));
  return {
    window: windowView(current),
    previousWindow: windowView(previous),
    scope: scopeView(scope),
    settings,
    current: cur,
    previous: prev,
    change: {
      allocatedGpuSeconds: cur.allocatedGpuSeconds - prev.allocatedGpuSeconds,
      activeGpuSeconds: cur.activeGpuSeconds - prev.activeGpuSeconds,
      efficiencyPoints: Math.round((cur.efficiency - prev.efficiency) * 1000) / 10,
      spendCents: cur.spendCents - prev.spendCents,
      wasteCents: cur.wasteCents - prev.wasteCents,
    },
    podCount: now.length,
  };
}

/** Buckets of whole hours, aligned to the clock, at most maxPoints of them over the window. */
function buckets(window: ResolvedWindow, maxPoints: number): { bucketMs: number; firstMs: number; count: number } {
  const hours = Math.ceil((window.toMs - startOfHour(window.fromMs)) / MS_PER_HOUR);
  const bucketMs = Math.max(1, Math.ceil(hours / maxPoints)) * MS_PER_HOUR;
  const firstMs = Math.floor(window.fromMs / bucketMs) * bucketMs;
  let count = Math.ceil((window.toMs - firstMs) / bucketMs);
  let first = firstMs;
  while (count > maxPoints) {
    first += bucketMs;
    count -= 1;
  }
  return { bucketMs, firstMs: first, count: Math.max(0, count) };
}

export async function utilizationTimeseries(ctx: CloudContext, query: URLSearchParams): Promise<Schemas['UtilizationTimeseries']> {
  const { scope, override, current } = readRequest(ctx, query);
  const maxPoints = intParam(query, 'maxPoints', 240, 2, 2000);
  const segments = settingsSegments(ctx.state, current, override, ctx.telemetry);
  const options = readOptions(ctx);
  const { bucketMs, firstMs, count } = buckets(current, maxPoints);
  const allocatedS = new Float64Array(count);
  const activeS = new Float64Array(count);
  const days = new Map<number, Float64Array>();
  const total = new Float64Array(FIELDS);
  await forEachSliced(scope.pods, (pod) => {
    forEachSegmentHour(segments, pod, options, (startMs, _span, n, rows, at) => {
      const b = Math.floor((startMs - firstMs) / bucketMs);
      const dayMs = startOfUtcDay(startMs);
      let day = days.get(dayMs);
      if (!day) {
        day = new Float64Array(FIELDS);
        days.set(dayMs, day);
      }
      for (let g = 0; g < n; g++) {
        const o = at + g * FIELDS;
        const allocated = rows[o + FIELD.allocatedSeconds] ?? 0;
        if (b >= 0 && b < count) {
          allocatedS[b] = (allocatedS[b] ?? 0) + allocated;
          activeS[b] = (activeS[b] ?? 0) + allocated - (rows[o + FIELD.idleSeconds] ?? 0);
        }
        addRowInto(day, 0, rows, o);
        addRowInto(total, 0, rows, o);
      }
    });
  });
  const points: Schemas['UtilizationPoint'][] = [];
  for (let b = 0; b < count; b++) {
    const startMs = firstMs + b * bucketMs;
    // The first and last buckets may reach outside the window: average over the part inside.
    const spanS = (Math.min(startMs + bucketMs, current.toMs) - Math.max(startMs, current.fromMs)) / 1000;
    const mean = (s: number): number => (spanS > 0 ? Math.round((s / spanS) * 1000) / 1000 : 0);
    points.push({ t: iso(startMs), allocatedGpus: mean(allocatedS[b] ?? 0), activeGpus: mean(activeS[b] ?? 0) });
  }
  return {
    window: windowView(current),
    scope: scopeView(scope),
    bucketMs,
    points,
    days: [...days.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([dayMs, d]) => {
        const f = wasteFiguresOf(d);
        return {
          date: isoDate(dayMs),
          spendCents: f.spendCents,
          wasteCents: totalWaste(f).cents,
          idleCents: f.waste.idle.cents,
          underUsedCents: f.waste.underUsed.cents,
          oversizedCents: f.waste.oversized.cents,
        };
      }),
    totals: figuresView(wasteFiguresOf(total)),
  };
}

/** Heatmap levels: "." not allocated, "a" idle, "b"-"j" ninths of engine activity. */
const LEVELS = '.abcdefghij';

function level(meanEngine: number, idle: boolean): number {
  if (idle) return 1;
  return 1 + Math.min(9, Math.max(1, Math.ceil(meanEngine * 9)));
}

/** Run-length encodes a row of levels, dropping the unallocated tail (openapi.yaml: UtilizationHeatmapGpu). */
export function encodeActivity(levels: ArrayLike<number>): string {
  let end = levels.length;
  while (end > 0 && levels[end - 1] === 0) end--;
  let out = '';
  for (let i = 0; i < end; ) {
    const v = levels[i] ?? 0;
    let j = i + 1;
    while (j < end && levels[j] === v) j++;
    out += LEVELS[v] + (j - i > 1 ? String(j - i) : '');
    i = j;
  }
  return out;
}

export async function utilizationHeatmap(ctx: CloudContext, query: URLSearchParams): Promise<Schemas['UtilizationHeatmap']> {
  const { scope, settings, override, current } = readRequest(ctx, query);
  const maxColumns = intParam(query, 'maxColumns', 336, 2, 2000);
  const projectNames = new Map(ctx.state.projects.map((p) => [p.id, p.name]));
  const segments = settingsSegments(ctx.state, current, override, ctx.telemetry);
  const options = readOptions(ctx);
  const pods = [...scope.pods].sort(
    (a, b) =>
      (projectNames.get(a.projectId) ?? '').localeCompare(projectNames.get(b.projectId) ?? '') || a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
  );
  const { bucketMs, firstMs, count } = buckets(current, maxColumns);
  const projects: Schemas['UtilizationHeatmapProject'][] = [];
  const levels = new Uint8Array(count);
  // In sevenths of a GPU (a MIG slice's row is its compute slices), exact until the one division.
  let sevenths = 0;
  await forEachSliced(pods, (pod) => {
    // Per column and GPU: observed seconds and Σ engine activity × seconds; per GPU: the window's sums.
    let n = 0;
    let observed = new Float64Array(0);
    let engine = new Float64Array(0);
    let perGpu = new Float64Array(0);
    forEachSegmentHour(segments, pod, options, (startMs, _span, gpus, rows, at) => {
      if (gpus > n) {
        const grow = (a: Float64Array, size: number): Float64Array<ArrayBuffer> => {
          const next = new Float64Array(size);
          for (let b = 0; b < count; b++) next.set(a.subarray(b * n, b * n + n), b * gpus);
          return next;
        };
        observed = grow(observed, count * gpus);
        engine = grow(engine, count * gpus);
        const nextPerGpu = new Float64Array(gpus * FIELDS);
        nextPerGpu.set(perGpu);
        perGpu = nextPerGpu;
        n = gpus;
      }
      const b = Math.floor((startMs - firstMs) / bucketMs);
      for (let g = 0; g < gpus; g++) {
        const o = at + g * FIELDS;
        addRowInto(perGpu, g * FIELDS, rows, o);
        if (b < 0 || b >= count) continue;
        observed[b * n + g] = (observed[b * n + g] ?? 0) + observedSeconds(rows, o);
        engine[b * n + g] = (engine[b * n + g] ?? 0) + (rows[o + FIELD.engineActiveSeconds] ?? 0);
      }
    });
    if (n === 0 || !anyAllocated(perGpu, n)) return;
    let project = projects[projects.length - 1];
    if (project?.projectId !== pod.projectId) {
      project = { projectId: pod.projectId, projectName: projectNames.get(pod.projectId) ?? pod.projectId, pods: [] };
      projects.push(project);
    }
    const gpus: Schemas['UtilizationHeatmapGpu'][] = [];
    for (let g = 0; g < n; g++) {
      for (let b = 0; b < count; b++) {
        // A column is the mean activity over its observed time; one without any shows as "." (nothing known).
        const w = observed[b * n + g] ?? 0;
        const mean = w > 0 ? (engine[b * n + g] ?? 0) / w : 0;
        levels[b] = w > 0 ? level(mean, isIdleEngine(mean, settings.idleEngineActive)) : 0;
      }
      const seen = observedSeconds(perGpu, g * FIELDS);
      const allocated = perGpu[g * FIELDS + FIELD.allocatedSeconds] ?? 0;
      gpus.push({
        gpuIndex: g,
        activity: encodeActivity(levels),
        meanEngineActive: round3(seen > 0 ? (perGpu[g * FIELDS + FIELD.engineActiveSeconds] ?? 0) / seen : 0),
        idleShare: allocated > 0 ? round3((perGpu[g * FIELDS + FIELD.idleSeconds] ?? 0) / allocated) : 0,
      });
    }
    sevenths += gpuSevenths(n, pod.migProfile);
    project.pods.push({ podId: pod.id, podName: pod.name, migProfile: pod.migProfile ?? null, gpus });
  });
  return {
    window: windowView(current),
    scope: scopeView(scope),
    settings,
    bucketMs,
    firstColumn: iso(firstMs),
    columns: count,
    gpuCount: Math.round((sevenths / MIG_COMPUTE_SLICES) * 1000) / 1000,
    projects,
  };
}

function anyAllocated(perGpu: Float64Array, n: number): boolean {
  for (let g = 0; g < n; g++) if ((perGpu[g * FIELDS + FIELD.allocatedSeconds] ?? 0) > 0) return true;
  return false;
}

const round3 = (x: number): number => Math.min(1, Math.max(0, Math.round(x * 1000) / 1000));

type By = Schemas['UtilizationBreakdownBy'];
type Sort = Schemas['UtilizationBreakdownSort'];
export const BY: By[] = ['project', 'user', 'gpuType', 'pod'];
export const SORTS: Sort[] = ['name', 'spend', 'waste', 'idle', 'underUsed', 'oversized', 'efficiency', 'allocated'];

export function sortValue(row: Schemas['UtilizationBreakdownRow'], sort: Sort): number | string {
  const f = row.figures;
  switch (sort) {
    case 'name':
      return row.name;
    case 'spend':
      return f.spendCents;
    case 'waste':
      return f.wasteCents;
    case 'idle':
      return f.waste.idle.cents;
    case 'underUsed':
      return f.waste.underUsed.cents;
    case 'oversized':
      return f.waste.oversized.cents;
    case 'efficiency':
      return f.efficiency;
    case 'allocated':
      return f.allocatedGpuSeconds;
  }
}

export async function utilizationBreakdown(ctx: CloudContext, query: URLSearchParams): Promise<Schemas['UtilizationBreakdown']> {
  const by = query.get('by') as By;
  if (!BY.includes(by)) throw badRequest('Choose what to break down by.', [{ field: 'by', message: 'Choose project, user, gpuType or pod.' }]);
  const sort = (query.get('sort') ?? 'waste') as Sort;
  if (!SORTS.includes(sort)) throw badRequest(`Cannot sort by “${sort}”.`, [{ field: 'sort', message: `Choose one of ${SORTS.join(', ')}.` }]);
  const orderRaw = query.get('order') ?? 'desc';
  if (orderRaw !== 'asc' && orderRaw !== 'desc') throw badRequest('Order is asc or desc.', [{ field: 'order', message: 'Choose asc or desc.' }]);
  const limit = intParam(query, 'limit', 100, 1, 20000);
  const { scope, settings, override, current } = readRequest(ctx, query);
  const usages = await usageOf(ctx, scope.pods, current, override);
  const now = ctx.now();
  const projects = new Map(ctx.state.projects.map((p) => [p.id, p.name]));
  const users = peopleNames(ctx.state);
  const gpuNames = new Map(usages.map((a) => [a.gpuType.id, a.gpuType.name]));
  const groups = new Map<string, { name: string; pods: number; figures: WasteFigures; pod: Schemas['UtilizationBreakdownRow']['pod'] }>();
  for (const a of usages) {
    const p = a.pod;
    const [id, name] =
      by === 'project' ? [p.projectId, projects.get(p.projectId) ?? p.projectId]
      : by === 'user' ? [p.ownerId, users.get(p.ownerId) ?? p.ownerId]
      : by === 'gpuType' ? [p.gpuTypeId, gpuNames.get(p.gpuTypeId) ?? p.gpuTypeId]
      : [p.id, p.name];
    let group = groups.get(id);
    if (!group) {
      group = {
        name,
        pods: 0,
        figures: emptyWasteFigures(),
        pod:
          by === 'pod'
            ? {
                projectId: p.projectId,
                projectName: projects.get(p.projectId) ?? p.projectId,
                ownerId: p.ownerId,
                ownerName: users.get(p.ownerId) ?? p.ownerId,
                gpuTypeId: p.gpuTypeId,
                gpuCount: p.gpuCount,
                status: statusAt(p, now),
              }
            : null,
      };
      groups.set(id, group);
    }
    group.pods += 1;
    addWasteFigures(group.figures, wasteFiguresOf(a.total));
  }
  const direction = orderRaw === 'asc' ? 1 : -1;
  const all = [...groups.entries()].map(([id, g]) => ({ id, name: g.name, podCount: g.pods, figures: figuresView(g.figures), pod: g.pod, raw: g.figures }));
  all.sort((a, b) => {
    const va = sortValue(a, sort);
    const vb = sortValue(b, sort);
    const c = typeof va === 'string' && typeof vb === 'string' ? va.localeCompare(vb) : Number(va) - Number(vb);
    return c !== 0 ? c * direction : a.id.localeCompare(b.id);
  });
  const listed = all.slice(0, limit);
  const rest = all.slice(limit);
  const restTotal = emptyWasteFigures();
  for (const r of rest) addWasteFigures(restTotal, r.raw);
  return {
    window: windowView(current),
    scope: scopeView(scope),
    settings,
    by,
    sort,
    order: orderRaw,
    rows: listed.map(({ raw: _raw, ...row }) => row),
    rowCount: all.length,
    others: rest.length > 0 ? { rowCount: rest.length, figures: figuresView(restTotal) } : null,
    totals: figuresView(wasteFiguresOf(totalOf(usages))),
  };
}

/** A GPU must have been idle this long to count as idle now: a pause between cells is not idling. */
export const MIN_IDLE_MS = 15 * MS_PER_MINUTE;

export async function utilizationIdleNow(ctx: CloudContext, query: URLSearchParams): Promise<Schemas['UtilizationIdleNow']> {
  const { settings } = thresholdsOf(ctx, query);
  const scope = parseScope(ctx, query);
  const limit = intParam(query, 'limit', 10, 1, 200);
  const now = ctx.now();
  const user = currentUser(ctx);
  const canStop = user.role === 'admin' || user.role === 'engineer';
  const projects = new Map(ctx.state.projects.map((p) => [p.id, p.name]));
  const users = peopleNames(ctx.state);
  const items: Array<Schemas['IdlePod'] & { idleSinceMs: number }> = [];
  // Read back over the ledger of these thresholds: closed hours from stored rows, the open hour live.
  const ledger = usageLedgerFor(settings, ctx.telemetry);
  const options = readOptions(ctx);
  await forEachSliced(scope.pods, (pod) => {
    if (statusAt(pod, now) !== 'running') return;
    const idle = podIdleNow(pod, now, ledger, MIN_IDLE_MS, options);
    if (!idle) return;
    items.push({
      podId: pod.id,
      podName: pod.name,
      projectId: pod.projectId,
      projectName: projects.get(pod.projectId) ?? pod.projectId,
      ownerId: pod.ownerId,
      ownerName: users.get(pod.ownerId) ?? pod.ownerId,
      gpuTypeId: pod.gpuTypeId,
      gpuCount: pod.gpuCount,
      idleGpuCount: idle.idleGpuCount,
      idleSince: iso(idle.idleSinceMs),
      idleSinceMs: idle.idleSinceMs,
      idleCentsPerHour: costCentsForDuration(pod.rateMicroUsdPerGpuHour * idle.idleGpuCount, MS_PER_HOUR),
      podCentsPerHour: costCentsForDuration(pod.rateMicroUsdPerGpuHour * pod.gpuCount, MS_PER_HOUR),
      canStop,
    });
  });
  items.sort((a, b) => a.idleSinceMs - b.idleSinceMs || b.idleCentsPerHour - a.idleCentsPerHour || a.podId.localeCompare(b.podId));
  return {
    asOf: iso(now),
    settings,
    minIdleMs: MIN_IDLE_MS,
    items: items.slice(0, limit).map(({ idleSinceMs: _ms, ...item }) => item),
    total: items.length,
  };
}

export async function podWaste(ctx: CloudContext, podId: string, query: URLSearchParams): Promise<Schemas['PodWaste']> {
  const pod = ctx.state.pods.find((p) => p.id === podId);
  if (!pod || !visibleProjectIds(ctx).has(pod.projectId)) throw notFound('Pod', podId);
  const { settings, override } = thresholdsOf(ctx, query);
  const { current } = parseWindow(query, ctx.now());
  const segments = settingsSegments(ctx.state, current, override, ctx.telemetry);
  const base = { podId: pod.id, window: windowView(current), settings };
  const days = new Map<number, Float64Array>();
  let n = 0;
  let perGpu = new Float64Array(0);
  forEachSegmentHour(segments, pod, readOptions(ctx), (startMs, _span, gpus, rows, at) => {
    if (gpus > n) {
      const next = new Float64Array(gpus * FIELDS);
      next.set(perGpu);
      perGpu = next;
      n = gpus;
    }
    const dayMs = startOfUtcDay(startMs);
    let day = days.get(dayMs);
    if (!day) {
      day = new Float64Array(FIELDS);
      days.set(dayMs, day);
    }
    for (let g = 0; g < gpus; g++) {
      addRowInto(perGpu, g * FIELDS, rows, at + g * FIELDS);
      addRowInto(day, 0, rows, at + g * FIELDS);
    }
  });
  const total = new Float64Array(FIELDS);
  for (let g = 0; g < n; g++) addRowInto(total, 0, perGpu, g * FIELDS);
  if (n === 0 || (total[FIELD.allocatedSeconds] ?? 0) === 0) return { ...base, figures: figuresView(emptyWasteFigures()), gpus: [], days: [] };
  const gpuType = gpuTypeOf(pod);
  return {
    ...base,
    figures: figuresView(wasteFiguresOf(total)),
    gpus: Array.from({ length: n }, (_, g) => {
      const o = g * FIELDS;
      const seen = observedSeconds(perGpu, o);
      const busy = seen - (perGpu[o + FIELD.idleSeconds] ?? 0);
      const allocated = perGpu[o + FIELD.allocatedSeconds] ?? 0;
      const peakMemMiB = perGpu[o + FIELD.peakMemMiB] ?? 0;
      const meanSmActive = seen > 0 ? (perGpu[o + FIELD.smActiveSeconds] ?? 0) / seen : 0;
      // The window's evidence: its peak memory, and the SM activity of its busy time.
      const busySm = busy > 0 ? Math.min(1, (perGpu[o + FIELD.smActiveSeconds] ?? 0) / busy) : 0;
      return {
        gpuIndex: g,
        figures: figuresView(wasteFiguresOf(perGpu, o)),
        cheaperFit: seen > 0 ? cheaperFitFor(pod, gpuType, peakMemMiB, busySm, settings) : null,
        peakMemMiB,
        meanEngineActive: round3(seen > 0 ? (perGpu[o + FIELD.engineActiveSeconds] ?? 0) / seen : 0),
        meanSmActive: round3(meanSmActive),
        idleShare: allocated > 0 ? round3((perGpu[o + FIELD.idleSeconds] ?? 0) / allocated) : 0,
      };
    }),
    days: [...days.entries()].sort((a, b) => a[0] - b[0]).map(([dayMs, d]) => ({ date: isoDate(dayMs), figures: figuresView(wasteFiguresOf(d)) })),
  };
}

function cheaperFitFor(pod: Pod, gpuType: GpuType, peakMemMiB: number, smActive: number, settings: WasteSettings): Schemas['CheaperFit'] | null {
  const fit = cheapestFittingTier({
    current: { gpuType, rateMicroUsdPerGpuHour: pod.rateMicroUsdPerGpuHour, regionId: pod.regionId },
    demand: { peakMemMiB, demandTflops: smActive * gpuTflops(gpuType) },
    gpuTypes,
    offers,
    regions,
    memoryHeadroom: settings.memoryHeadroom,
  });
  return fit ? { gpuTypeId: fit.gpuType.id, regionId: fit.regionId, rateMicroUsdPerGpuHour: fit.rateMicroUsdPerGpuHour } : null;
}

/** The organization's thresholds, their history and the recompute of the last change. */
function wasteSettingsView(ctx: CloudContext): Schemas['WasteSettingsState'] {
  const names = peopleNames(ctx.state);
  const job = recomputeOf(ctx.state);
  return {
    settings: currentSettings(ctx.state),
    versions: settingsVersions(ctx.state).map((v) => ({
      from: v.fromMs === 0 ? null : iso(v.fromMs),
      idleEngineActive: v.idleEngineActive,
      smActiveTarget: v.smActiveTarget,
      setAt: v.setAtMs === 0 ? null : iso(v.setAtMs),
      setBy: v.setById === '' ? null : (names.get(v.setById) ?? v.setById),
    })),
    recompute: job ? { from: iso(job.fromMs), to: iso(job.toMs), state: job.state, progress: job.progress } : null,
  };
}

function updateWasteSettings(ctx: CloudContext, body: unknown): Schemas['WasteSettingsState'] {
  const user = requireRole(ctx, ['admin'], 'change the organization’s waste thresholds');
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const errors: Array<{ field: string; message: string }> = [];
  const ratio = (name: string, min: number, max: number): number => {
    const v = b[name];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) errors.push({ field: name, message: `A share from ${min} to ${max}.` });
    return typeof v === 'number' ? v : 0;
  };
  const idleEngineActive = ratio('idleEngineActive', 0.01, 0.5);
  const smActiveTarget = ratio('smActiveTarget', 0.05, 1);
  const applyTo = b.applyTo as ApplyTo;
  if (!APPLY_TO.includes(applyTo)) errors.push({ field: 'applyTo', message: 'Choose from now on, the last 7 days, the last 30 days or all history.' });
  if (errors.length > 0) throw badRequest('The thresholds are not valid.', errors);
  const now = ctx.now();
  const fromMs = applyFromMs(applyTo, now);
  setSettings(ctx.state, { fromMs, idleEngineActive, smActiveTarget, setAtMs: now, setById: user.id });
  ctx.save();
  // The hours the change reaches back to are rebuilt in the background, newest first.
  startRecompute(ctx.state, fromMs, readOptions(ctx).closedUntilMs, ctx.state.pods);
  return wasteSettingsView(ctx);
}

export const utilizationRoutes: Route[] = [
  { method: 'GET', path: '/v1/utilization/settings', handler: (ctx) => ok(wasteSettingsView(ctx)) },
  { method: 'PUT', path: '/v1/utilization/settings', handler: (ctx, { body }) => ok(updateWasteSettings(ctx, body)) },
  { method: 'GET', path: '/v1/utilization/summary', handler: async (ctx, { query }) => ok(await utilizationSummary(ctx, query)) },
  { method: 'GET', path: '/v1/utilization/timeseries', handler: async (ctx, { query }) => ok(await utilizationTimeseries(ctx, query)) },
  { method: 'GET', path: '/v1/utilization/heatmap', handler: async (ctx, { query }) => ok(await utilizationHeatmap(ctx, query)) },
  { method: 'GET', path: '/v1/utilization/breakdown', handler: async (ctx, { query }) => ok(await utilizationBreakdown(ctx, query)) },
  { method: 'GET', path: '/v1/utilization/idle-now', handler: async (ctx, { query }) => ok(await utilizationIdleNow(ctx, query)) },
  { method: 'GET', path: '/v1/pods/:podId/waste', handler: async (ctx, { params, query }) => ok(await podWaste(ctx, params.podId ?? '', query)) },
];
