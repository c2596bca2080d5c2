/**
 * Utilization: how well the fleet uses the GPUs it pays for, and the waste ledger in dollars,
 * for a window and scope: summary against the previous window, series over time, a per-GPU
 * heatmap, breakdowns, the pods idle right now, and one pod's own ledger. Every figure is
 * aggregated here from the context's telemetry (the simulator's, or a server's Prometheus);
 * the browser never receives per-GPU samples for the fleet.
 */
import { costCentsForDuration } from '../../domain/money';
import { MS_PER_HOUR, MS_PER_MINUTE } from '../../domain/units';
import { addWasteFigures, efficiency, emptyWasteFigures, isIdleEngine, totalWaste, type WasteFigures, type WasteSettings } from '../../domain/waste';
import type { Schemas } from '../api-types';
import { currentUser, visibleProjectIds, type CloudContext } from '../context';
import { telemetryOf } from '../telemetry';
import { ok, type Route } from '../http';
import { statusAt } from '../lifecycle';
import { badRequest, notFound } from '../problem';
import { ABSENT, addDay, analysePods, cellHasGpu, cellIdle, forEachSliced, podDayLedgers, UNOBSERVED, type PodAnalysis } from '../utilization-ledger';
import { podIdleNow } from '../utilization-idle';
import { parseScope, parseSettings, parseWindow, type ResolvedWindow, type Scope } from '../utilization-query';
import { intParam } from '../query-params';

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

/** The analyses of the pods in scope that ran in the window, from the context's telemetry. */
const analyse = (ctx: CloudContext, pods: Scope['pods'], window: ResolvedWindow, settings: WasteSettings): Promise<PodAnalysis[]> =>
  analysePods(pods, window, settings, telemetryOf(ctx));

function totalOf(analyses: readonly PodAnalysis[]): WasteFigures {
  const total = emptyWasteFigures();
  for (const a of analyses) addWasteFigures(total, a.total);
  return total;
}

interface Request {
  scope: Scope;
  settings: WasteSettings;
  current: ResolvedWindow;
  previous: ResolvedWindow;
}

function readRequest(ctx: CloudContext, query: URLSearchParams): Request {
  const settings = parseSettings(query);
  const scope = parseScope(ctx, query);
  return { scope, settings, ...parseWindow(query, ctx.now()) };
}

export async function utilizationSummary(ctx: CloudContext, query: URLSearchParams): Promise<Schemas['UtilizationSummary']> {
  const { scope, settings, current, previous } = readRequest(ctx, query);
  const now = await analyse(ctx, scope.pods, current, settings);
  const before = totalOf(await analyse(ctx, scope.pods, previous, settings));
  const total = totalOf(now);
  const cur = figuresView(total);
  const prev = figuresView(before);
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

/** Buckets of whole sampling steps, aligned to the clock, at most maxPoints of them over the window. */
function buckets(window: ResolvedWindow, maxPoints: number): { bucketMs: number; firstMs: number; count: number } {
  const steps = Math.ceil((window.toMs - window.fromMs) / window.stepMs) + 1;
  const bucketMs = Math.ceil(steps / maxPoints) * window.stepMs;
  let firstMs = Math.floor(window.fromMs / bucketMs) * bucketMs;
  let count = Math.ceil((window.toMs - firstMs) / bucketMs);
  while (count > maxPoints) {
    firstMs += bucketMs;
    count -= 1;
  }
  return { bucketMs, firstMs, count: Math.max(0, count) };
}

export async function utilizationTimeseries(ctx: CloudContext, query: URLSearchParams): Promise<Schemas['UtilizationTimeseries']> {
  const { scope, settings, current } = readRequest(ctx, query);
  const maxPoints = intParam(query, 'maxPoints', 240, 2, 2000);
  const analyses = await analyse(ctx, scope.pods, current, settings);
  const { bucketMs, firstMs, count } = buckets(current, maxPoints);
  const allocatedMs = new Float64Array(count);
  const activeMs = new Float64Array(count);
  const days = new Map<number, WasteFigures>();
  await forEachSliced(analyses, (a) => {
    const n = a.gpuCount;
    const { cells } = a;
    for (let c = 0; c < cells.count; c++) {
      const b = Math.floor(((cells.startMs[c] ?? 0) - firstMs) / bucketMs);
      if (b < 0 || b >= count) continue;
      const w = cells.weightMs[c] ?? 0;
      let active = 0;
      let present = 0;
      for (let g = 0; g < n; g++) {
        if (!cellHasGpu(cells, n, c, g)) continue;
        present++;
        if (!cellIdle(cells, n, c, g, settings)) active++;
      }
      allocatedMs[b] = (allocatedMs[b] ?? 0) + w * present;
      activeMs[b] = (activeMs[b] ?? 0) + w * active;
    }
    for (let i = 0; i < a.days.count; i++) {
      const dayMs = a.days.dayStartMs[i] ?? 0;
      let day = days.get(dayMs);
      if (!day) {
        day = emptyWasteFigures();
        days.set(dayMs, day);
      }
      addDay(day, a.days, i);
    }
  });
  const points: Schemas['UtilizationPoint'][] = [];
  for (let b = 0; b < count; b++) {
    const startMs = firstMs + b * bucketMs;
    // The first and last buckets may reach outside the window: average over the part inside.
    const spanMs = Math.min(startMs + bucketMs, current.toMs) - Math.max(startMs, current.fromMs);
    const mean = (ms: number): number => (spanMs > 0 ? Math.round((ms / spanMs) * 1000) / 1000 : 0);
    points.push({ t: iso(startMs), allocatedGpus: mean(allocatedMs[b] ?? 0), activeGpus: mean(activeMs[b] ?? 0) });
  }
  return {
    window: windowView(current),
    scope: scopeView(scope),
    bucketMs,
    points,
    days: [...days.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([dayMs, f]) => ({
        date: isoDate(dayMs),
        spendCents: f.spendCents,
        wasteCents: totalWaste(f).cents,
        idleCents: f.waste.idle.cents,
        underUsedCents: f.waste.underUsed.cents,
        oversizedCents: f.waste.oversized.cents,
      })),
    totals: figuresView(totalOf(analyses)),
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
  const { scope, settings, current } = readRequest(ctx, query);
  const maxColumns = intParam(query, 'maxColumns', 336, 2, 2000);
  const projectNames = new Map(ctx.state.projects.map((p) => [p.id, p.name]));
  const analyses = (await analyse(ctx, scope.pods, current, settings)).sort(
    (a, b) =>
      (projectNames.get(a.pod.projectId) ?? '').localeCompare(projectNames.get(b.pod.projectId) ?? '') ||
      a.pod.name.localeCompare(b.pod.name) ||
      a.pod.id.localeCompare(b.pod.id),
  );
  const { bucketMs, firstMs, count } = buckets(current, maxColumns);
  const projects: Schemas['UtilizationHeatmapProject'][] = [];
  const weight = new Float64Array(count);
  const levels = new Uint8Array(count);
  let gpuCount = 0;
  await forEachSliced(analyses, (a) => {
    const n = a.gpuCount;
    let project = projects[projects.length - 1];
    if (project?.projectId !== a.pod.projectId) {
      project = { projectId: a.pod.projectId, projectName: projectNames.get(a.pod.projectId) ?? a.pod.projectId, pods: [] };
      projects.push(project);
    }
    // Each column's running time (the same for all the pod's GPUs), then each GPU's activity in
    // it, and (rarely: only a metrics store misses samples) its running time without a sample.
    const engine = new Float64Array(count * n);
    let unobserved: Float64Array | null = null;
    weight.fill(0);
    const { cells } = a;
    for (let c = 0; c < cells.count; c++) {
      const b = Math.floor(((cells.startMs[c] ?? 0) - firstMs) / bucketMs);
      if (b < 0 || b >= count) continue;
      const w = cells.weightMs[c] ?? 0;
      weight[b] = (weight[b] ?? 0) + w;
      for (let g = 0; g < n; g++) {
        const permille = cells.enginePermille[c * n + g] ?? 0;
        // No sample, or a GPU the pod did not have then: nothing known of it in that column.
        if (permille === UNOBSERVED || permille === ABSENT) {
          unobserved ??= new Float64Array(count * n);
          unobserved[b * n + g] = (unobserved[b * n + g] ?? 0) + w;
        } else engine[b * n + g] = (engine[b * n + g] ?? 0) + (w * permille) / 1000;
      }
    }
    const gpus: Schemas['UtilizationHeatmapGpu'][] = [];
    for (let g = 0; g < n; g++) {
      for (let b = 0; b < count; b++) {
        // A column is the mean of its samples; one without any shows as "." (nothing known of it).
        const w = (weight[b] ?? 0) - (unobserved?.[b * n + g] ?? 0);
        const mean = w > 0 ? (engine[b * n + g] ?? 0) / w : 0;
        levels[b] = w > 0 ? level(mean, isIdleEngine(mean, settings.idleEngineActive)) : 0;
      }
      const gpu = a.observation.gpus[g];
      const runningMs = gpu?.runningMs ?? 0;
      gpus.push({
        gpuIndex: g,
        activity: encodeActivity(levels),
        meanEngineActive: round3(gpu?.meanEngineActive ?? 0),
        idleShare: runningMs > 0 ? round3((gpu?.idleMs ?? 0) / runningMs) : 0,
      });
    }
    gpuCount += n;
    project.pods.push({ podId: a.pod.id, podName: a.pod.name, gpus });
  });
  return {
    window: windowView(current),
    scope: scopeView(scope),
    settings,
    bucketMs,
    firstColumn: iso(firstMs),
    columns: count,
    gpuCount,
    projects,
  };
}

const round3 = (x: number): number => Math.min(1, Math.max(0, Math.round(x * 1000) / 1000));

type By = Schemas['UtilizationBreakdownBy'];
type Sort = Schemas['UtilizationBreakdownSort'];
const BY: By[] = ['project', 'user', 'gpuType', 'pod'];
const SORTS: Sort[] = ['name', 'spend', 'waste', 'idle', 'underUsed', 'oversized', 'efficiency', 'allocated'];

function sortValue(row: Schemas['UtilizationBreakdownRow'], sort: Sort): number | string {
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
  const { scope, settings, current } = readRequest(ctx, query);
  const analyses = await analyse(ctx, scope.pods, current, settings);
  const now = ctx.now();
  const projects = new Map(ctx.state.projects.map((p) => [p.id, p.name]));
  const users = new Map(ctx.state.users.map((u) => [u.id, u.name]));
  const gpuNames = new Map(analyses.map((a) => [a.gpuType.id, a.gpuType.name]));
  const groups = new Map<string, { name: string; pods: number; figures: WasteFigures; pod: Schemas['UtilizationBreakdownRow']['pod'] }>();
  for (const a of analyses) {
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
    addWasteFigures(group.figures, a.total);
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
    totals: figuresView(totalOf(analyses)),
  };
}

/** A GPU must have been idle this long to count as idle now: a pause between cells is not idling. */
export const MIN_IDLE_MS = 15 * MS_PER_MINUTE;

export async function utilizationIdleNow(ctx: CloudContext, query: URLSearchParams): Promise<Schemas['UtilizationIdleNow']> {
  const settings = parseSettings(query);
  const scope = parseScope(ctx, query);
  const limit = intParam(query, 'limit', 10, 1, 200);
  const now = ctx.now();
  const user = currentUser(ctx);
  const canStop = user.role === 'admin' || user.role === 'engineer';
  const projects = new Map(ctx.state.projects.map((p) => [p.id, p.name]));
  const users = new Map(ctx.state.users.map((u) => [u.id, u.name]));
  const items: Array<Schemas['IdlePod'] & { idleSinceMs: number }> = [];
  const sample = telemetryOf(ctx);
  await forEachSliced(scope.pods, (pod) => {
    if (statusAt(pod, now) !== 'running') return;
    const idle = podIdleNow(pod, now, settings.idleEngineActive, MIN_IDLE_MS, sample);
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

export function podWaste(ctx: CloudContext, podId: string, query: URLSearchParams): Schemas['PodWaste'] {
  const pod = ctx.state.pods.find((p) => p.id === podId);
  if (!pod || !visibleProjectIds(ctx).has(pod.projectId)) throw notFound('Pod', podId);
  const settings = parseSettings(query);
  const { current } = parseWindow(query, ctx.now());
  const a = podDayLedgers(pod, current, settings, telemetryOf(ctx));
  const base = { podId: pod.id, window: windowView(current), settings };
  if (!a) return { ...base, figures: figuresView(emptyWasteFigures()), gpus: [], days: [] };
  const total = emptyWasteFigures();
  const perGpu = a.observation.gpus.map(() => emptyWasteFigures());
  for (const d of a.days) {
    addWasteFigures(total, d.ledger);
    d.ledger.gpus.forEach((g, i) => {
      const into = perGpu[i];
      if (into) addWasteFigures(into, g);
    });
  }
  const lastDay = a.days[a.days.length - 1]?.ledger;
  return {
    ...base,
    figures: figuresView(total),
    gpus: a.observation.gpus.map((g, i) => ({
      gpuIndex: g.gpuIndex,
      figures: figuresView(perGpu[i] ?? emptyWasteFigures()),
      // Every day is judged on the window's evidence, so any day's fit is the window's.
      cheaperFit: lastDay?.gpus[i]?.cheaperFit ?? null,
      peakMemMiB: g.peakMemMiB,
      meanEngineActive: round3(g.meanEngineActive),
      meanSmActive: round3(g.meanSmActive),
      idleShare: g.runningMs > 0 ? round3(g.idleMs / g.runningMs) : 0,
    })),
    days: a.days.map((d) => ({ date: isoDate(d.dayStartMs), figures: figuresView(d.ledger) })),
  };
}

export const utilizationRoutes: Route[] = [
  { method: 'GET', path: '/v1/utilization/summary', handler: async (ctx, { query }) => ok(await utilizationSummary(ctx, query)) },
  { method: 'GET', path: '/v1/utilization/timeseries', handler: async (ctx, { query }) => ok(await utilizationTimeseries(ctx, query)) },
  { method: 'GET', path: '/v1/utilization/heatmap', handler: async (ctx, { query }) => ok(await utilizationHeatmap(ctx, query)) },
  { method: 'GET', path: '/v1/utilization/breakdown', handler: async (ctx, { query }) => ok(await utilizationBreakdown(ctx, query)) },
  { method: 'GET', path: '/v1/utilization/idle-now', handler: async (ctx, { query }) => ok(await utilizationIdleNow(ctx, query)) },
  { method: 'GET', path: '/v1/pods/:podId/waste', handler: (ctx, { params, query }) => ok(podWaste(ctx, params.podId ?? '', query)) },
];
