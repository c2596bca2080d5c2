/**
 * Inference economics: for the serving pods in view over a window, tokens in and out, requests,
 * what a million tokens cost (input, output, blended), the latency it was delivered at (p50/p95
 * TTFT and inter-token latency), KV-cache use and prefix-cache hit rate, per model (with a row per
 * GPU type the model ran on, and hosted-API list prices for comparable models), project and pod;
 * and one serving pod's own figures by day. Spend is each pod's GPU spend from the usage ledger
 * (usage-ledger.ts, the rows the waste figures sum); tokens from its vLLM counters over the same
 * running time (serving-telemetry.ts). Formulas: domain/inference-economics.ts. Both answers carry
 * the serving recommendations about the pods in them (domain/serving-recommendations), judged on
 * every serving pod of their models the caller sees, in the same window.
 */
import { HOSTED_PRICES, hostedComparisons, inferenceFigures, groupUsage, servingUsage, OUTPUT_TOKEN_WEIGHT, emptyServingUsage, addServingUsage, type ServingUsage } from '../../domain/inference-economics';
import { replacementName } from '../../domain/recommendations/basis';
import { servingRecommendations } from '../../domain/serving-recommendations/serving-recommendations';
import { startOfUtcDay } from '../../domain/units';
import type { Schemas } from '../api-types';
import { gpuTypes, offers } from '../catalog-data';
import { visibleProjectIds, type CloudContext } from '../context';
import { ok, type Route } from '../http';
import type { Pod } from '../model';
import { badRequest, notFound } from '../problem';
import { intParam } from '../query-params';
import { isServingPod, servingModelOf, servingTotals, servingTotalsByDay, type ServingModel } from '../serving-telemetry';
import { telemetryOf } from '../telemetry';
import { FIELDS, addRowInto } from '../usage-ledger';
import { FIELD, forEachSegmentHour, podUsage, type ReadOptions } from '../usage-read';
import { forEachSliced, gpuTypeOf } from '../utilization-ledger';
import { ServingReviewCollector } from '../serving-review';
import { parseWindow, type ResolvedWindow } from '../utilization-query';
import { settingsSegments } from '../waste-settings';
import data from '../../domain/data/inference.json';

const iso = (ms: number): string => new Date(ms).toISOString();

function windowView(w: ResolvedWindow): Schemas['UtilizationWindow'] {
  return { from: iso(w.fromMs), to: iso(w.toMs), range: w.range, sampleMs: w.stepMs };
}

function readOptions(ctx: CloudContext): ReadOptions {
  const now = ctx.now();
  const closedUntilMs = Math.min(now, ctx.state.reconciledAtMs ?? now);
  return ctx.telemetry ? { closedUntilMs, sample: ctx.telemetry } : { closedUntilMs };
}

interface PodServing {
  pod: Pod;
  model: ServingModel;
  usage: ServingUsage;
}

/**
 * Each serving pod's usage over the window: its counters, and its GPU spend from the ledger split
 * by the rule; with a collector, in the same pass, what the serving recommendations need.
 */
async function servingOf(ctx: CloudContext, pods: readonly Pod[], window: ResolvedWindow, review?: ServingReviewCollector): Promise<PodServing[]> {
  const segments = settingsSegments(ctx.state, window, null, ctx.telemetry);
  const options = readOptions(ctx);
  const sample = telemetryOf(ctx);
  const out: PodServing[] = [];
  await forEachSliced(pods, (pod) => {
    if (!isServingPod(pod)) return;
    const gpu = gpuTypeOf(pod);
    const model = servingModelOf(pod, gpu);
    if (!model) return;
    const usage = podUsage(segments, pod, window, options);
    if (!usage) return;
    const totals = servingTotals(pod, gpu, window.fromMs, window.toMs, sample, review?.visitor(pod, gpu, model), ctx.servingTelemetry);
    if (!totals) return;
    const serving = { pod, model, usage: servingUsage(totals, usage.total[FIELD.spendCents] ?? 0, usage.total[FIELD.allocatedSeconds] ?? 0) };
    review?.addPod(pod, model, serving.usage);
    out.push(serving);
  });
  return out;
}

/**
 * The serving recommendations over what a collector gathered, as the API answers them (largest
 * saving first); a cheaper GPU for one pod with its replacement, as the launch form is filled in to
 * follow it (the Recommendations page's gpu-tier launch: the pod's own image, disk, auto-stop and key).
 */
function recommendationsOf(ctx: CloudContext, review: ServingReviewCollector): Schemas['ServingRecommendation'][] {
  return servingRecommendations({ pods: review.pods, groupPeaks: review.groupPeaks(), catalog: { gpuTypes, offers } }).map((r) => {
    const e = r.evidence;
    if (e.kind !== 'cheaper-gpu' || r.podIds.length !== 1) return r;
    const pod = ctx.state.pods.find((p) => p.id === r.podIds[0]);
    if (!pod) return r;
    const launch = {
      name: replacementName(pod.name, e.toGpuTypeId),
      projectId: pod.projectId,
      gpuTypeId: e.toGpuTypeId,
      gpuCount: e.toGpuCount,
      regionId: r.regionId,
      imageId: pod.imageId,
      diskGb: pod.diskGb,
      autoStopIdleMinutes: pod.autoStopIdleMinutes,
      sshPublicKey: pod.sshPublicKey,
      replacesPodId: pod.id,
    };
    return { ...r, launch };
  });
}

/** Serving pods the caller sees that serve one of these models (the evidence of a recommendation about them). */
function podsServing(ctx: CloudContext, modelIds: ReadonlySet<string>, except: (pod: Pod) => boolean): Pod[] {
  const visible = visibleProjectIds(ctx);
  return ctx.state.pods.filter((p) => visible.has(p.projectId) && !except(p) && isServingPod(p) && modelIds.has(servingModelOf(p, gpuTypeOf(p))?.id ?? ''));
}

/** At most this many recommendations in the summary, largest saving first (recommendationTotal counts them all). */
const SUMMARY_RECOMMENDATIONS = 100;

const gpuName = (id: string): string => gpuTypes.find((g) => g.id === id)?.name ?? id;

function hostedView(sizeClass: 'small' | 'large', u: ServingUsage): Schemas['InferenceHostedComparison'][] {
  return hostedComparisons(sizeClass, u.totals.promptTokens, u.totals.generationTokens).map((h) => ({
    id: h.id,
    provider: h.provider,
    model: h.model,
    microUsdPer1MInputTokens: h.microUsdPer1MInputTokens,
    microUsdPer1MOutputTokens: h.microUsdPer1MOutputTokens,
    sameTokensCents: h.sameTokensCents,
    priceDate: h.date,
    source: h.source,
  }));
}

const SORTS = ['spend', 'tokens', 'blendedCost', 'name'] as const;
type Sort = (typeof SORTS)[number];

/** The window a serving read asks for, the projects its caller sees, and the one project it narrows to ('' for all; 404 for one not seen). */
function windowAndProject(ctx: CloudContext, query: URLSearchParams): { current: ResolvedWindow; visible: Set<string>; projectId: string } {
  const { current } = parseWindow(query, ctx.now());
  const visible = visibleProjectIds(ctx);
  const projectId = query.get('projectId') ?? '';
  if (projectId.length > 64) throw badRequest('The project id is too long.', [{ field: 'projectId', message: 'At most 64 characters.' }]);
  if (projectId !== '' && !(visible.has(projectId) && ctx.state.projects.some((p) => p.id === projectId))) throw notFound('Project', projectId);
  return { current, visible, projectId };
}

export async function inferenceSummary(ctx: CloudContext, query: URLSearchParams): Promise<Schemas['InferenceSummary']> {
  const { current, visible, projectId } = windowAndProject(ctx, query);
  const limit = intParam(query, 'limit', 50, 1, 500);
  const sortRaw = query.get('sort') ?? 'spend';
  if (!SORTS.includes(sortRaw as Sort)) throw badRequest(`Unknown sort “${sortRaw}”.`, [{ field: 'sort', message: 'Choose spend, tokens, blendedCost or name.' }]);
  const sort = sortRaw as Sort;
  const pods = ctx.state.pods.filter((p) => visible.has(p.projectId) && (projectId === '' || p.projectId === projectId));
  const review = new ServingReviewCollector(current, ctx.now());
  const serving = await servingOf(ctx, pods, current, review);
  // A project's recommendations weigh the same evidence as the organization's: its models' pods in other projects too.
  if (projectId !== '') await servingOf(ctx, podsServing(ctx, new Set(serving.map((s) => s.model.id)), (p) => p.projectId === projectId), current, review);
  const recommendations = recommendationsOf(ctx, review).filter((r) => projectId === '' || r.projectId === projectId);
  const total = emptyServingUsage();
  for (const s of serving) addServingUsage(total, s.usage);

  const byModel = groupUsage(serving, (s) => s.model.id, (s) => s.usage);
  const models = [...byModel.entries()].map(([modelId, usage]) => {
    const members = serving.filter((s) => s.model.id === modelId);
    const model = members[0]!.model;
    const byGpu = groupUsage(members, (s) => s.pod.gpuTypeId, (s) => s.usage);
    return {
      modelId,
      modelName: model.name,
      sizeClass: model.sizeClass,
      podCount: members.length,
      figures: inferenceFigures(usage),
      gpuTypes: [...byGpu.entries()]
        .map(([gpuTypeId, u]) => ({ gpuTypeId, gpuTypeName: gpuName(gpuTypeId), podCount: members.filter((s) => s.pod.gpuTypeId === gpuTypeId).length, figures: inferenceFigures(u) }))
        .sort((a, b) => b.figures.spendCents - a.figures.spendCents || a.gpuTypeId.localeCompare(b.gpuTypeId)),
      hosted: hostedView(model.sizeClass, usage),
    };
  });
  models.sort((a, b) => b.figures.spendCents - a.figures.spendCents || a.modelId.localeCompare(b.modelId));

  const byProject = groupUsage(serving, (s) => s.pod.projectId, (s) => s.usage);
  const projects = [...byProject.entries()]
    .map(([id, u]) => ({ projectId: id, projectName: ctx.state.projects.find((p) => p.id === id)?.name ?? id, figures: inferenceFigures(u) }))
    .sort((a, b) => b.figures.spendCents - a.figures.spendCents || a.projectId.localeCompare(b.projectId));

  const podRows = serving.map((s) => ({
    podId: s.pod.id,
    podName: s.pod.name,
    projectId: s.pod.projectId,
    modelId: s.model.id,
    gpuTypeId: s.pod.gpuTypeId,
    gpuCount: s.pod.gpuCount,
    figures: inferenceFigures(s.usage),
  }));
  const key = (r: (typeof podRows)[number]): number | string =>
    sort === 'spend' ? -r.figures.spendCents : sort === 'tokens' ? -(r.figures.promptTokens + r.figures.generationTokens) : sort === 'blendedCost' ? (r.figures.blendedMicroUsdPerMillionTokens ?? Number.MAX_SAFE_INTEGER) : r.podName;
  podRows.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return (typeof ka === 'number' && typeof kb === 'number' ? ka - kb : String(ka).localeCompare(String(kb))) || a.podId.localeCompare(b.podId);
  });

  return {
    window: windowView(current),
    projectId: projectId === '' ? null : projectId,
    splitRule: { outputTokenWeight: OUTPUT_TOKEN_WEIGHT, description: data.outputTokenWeight.about },
    pricesAsOf: [...new Set(HOSTED_PRICES.map((p) => p.date))].sort().at(-1) ?? '',
    totals: inferenceFigures(total),
    models,
    projects,
    pods: podRows.slice(0, limit),
    podTotal: podRows.length,
    recommendations: recommendations.slice(0, SUMMARY_RECOMMENDATIONS),
    recommendationTotal: recommendations.length,
  };
}

/**
 * A serving pod's usage by UTC day in a window, days in order: the ledger's spend and GPU-seconds
 * (the rows the waste figures sum) and its vLLM counters, each day's spend split by the rule.
 */
function podServingByDay(ctx: CloudContext, segments: ReturnType<typeof settingsSegments>, pod: Pod, gpu: ReturnType<typeof gpuTypeOf>, window: ResolvedWindow): Map<number, ServingUsage> {
  const spendByDay = new Map<number, Float64Array>();
  forEachSegmentHour(segments, pod, readOptions(ctx), (startMs, _span, n, rows, at) => {
    const day = startOfUtcDay(startMs);
    let d = spendByDay.get(day);
    if (!d) {
      d = new Float64Array(FIELDS);
      spendByDay.set(day, d);
    }
    for (let g = 0; g < n; g++) addRowInto(d, 0, rows, at + g * FIELDS);
  });
  const tokensByDay = servingTotalsByDay(pod, gpu, window.fromMs, window.toMs, telemetryOf(ctx), startOfUtcDay, ctx.servingTelemetry);
  const dayStarts = [...new Set([...spendByDay.keys(), ...tokensByDay.keys()])].sort((a, b) => a - b);
  return new Map(
    dayStarts.map((dayMs) => {
      const d = spendByDay.get(dayMs);
      return [dayMs, servingUsage(tokensByDay.get(dayMs) ?? emptyServingUsage().totals, d?.[FIELD.spendCents] ?? 0, d?.[FIELD.allocatedSeconds] ?? 0)];
    }),
  );
}

/**
 * The serving pods in view by UTC day (GET /v1/inference/over-time): each day the sum of its pods'
 * days (each pod's day split by the rule, as the pod page's days are), so a day's spend is its
 * pods' spend and the days' spend adds up to the summary's over the same window, to the cent.
 */
export async function inferenceOverTime(ctx: CloudContext, query: URLSearchParams): Promise<Schemas['InferenceOverTime']> {
  const { current, visible, projectId } = windowAndProject(ctx, query);
  const segments = settingsSegments(ctx.state, current, null, ctx.telemetry);
  const days = new Map<number, ServingUsage>();
  let podCount = 0;
  await forEachSliced(
    ctx.state.pods.filter((p) => visible.has(p.projectId) && (projectId === '' || p.projectId === projectId)),
    (pod) => {
      if (!isServingPod(pod)) return;
      const gpu = gpuTypeOf(pod);
      if (!servingModelOf(pod, gpu)) return;
      const byDay = podServingByDay(ctx, segments, pod, gpu, current);
      if (byDay.size > 0) podCount++;
      for (const [dayMs, u] of byDay) {
        let day = days.get(dayMs);
        if (!day) days.set(dayMs, (day = emptyServingUsage()));
        addServingUsage(day, u);
      }
    },
  );
  return {
    window: windowView(current),
    projectId: projectId === '' ? null : projectId,
    podCount,
    days: [...days.entries()].sort((a, b) => a[0] - b[0]).map(([dayMs, u]) => ({ date: iso(dayMs).slice(0, 10), figures: inferenceFigures(u) })),
  };
}

export async function podInference(ctx: CloudContext, podId: string, query: URLSearchParams): Promise<Schemas['PodInference']> {
  const pod = ctx.state.pods.find((p) => p.id === podId);
  if (!pod || !visibleProjectIds(ctx).has(pod.projectId)) throw notFound('Pod', podId);
  const { current } = parseWindow(query, ctx.now());
  const gpu = gpuTypeOf(pod);
  const model = servingModelOf(pod, gpu);
  const base = { podId: pod.id, podName: pod.name, window: windowView(current), gpuTypeId: pod.gpuTypeId, gpuTypeName: gpu.name, gpuCount: pod.gpuCount };
  if (!model) return { ...base, serving: false, model: null, figures: inferenceFigures(emptyServingUsage()), days: [], hosted: [], recommendations: [] };
  const segments = settingsSegments(ctx.state, current, null, ctx.telemetry);
  const byDay = podServingByDay(ctx, segments, pod, gpu, current);
  // Each day split by the rule; the window's figures split once, as the summary's pod row is.
  const sum = emptyServingUsage();
  const days = [...byDay.entries()].map(([dayMs, u]) => {
    addServingUsage(sum, u);
    return { date: iso(dayMs).slice(0, 10), figures: inferenceFigures(u) };
  });
  const total = servingUsage(sum.totals, sum.spendCents, sum.gpuSeconds);
  // The recommendations about this pod, judged on every visible pod of its model (its replicas, the same model on other GPUs).
  const review = new ServingReviewCollector(current, ctx.now());
  await servingOf(ctx, podsServing(ctx, new Set([model.id]), () => false), current, review);
  return {
    ...base,
    serving: true,
    model: { id: model.id, name: model.name, sizeClass: model.sizeClass },
    figures: inferenceFigures(total),
    days,
    hosted: hostedView(model.sizeClass, total),
    recommendations: recommendationsOf(ctx, review).filter((r) => r.podIds.includes(pod.id)),
  };
}

export const inferenceRoutes: Route[] = [
  { method: 'GET', path: '/v1/inference/summary', handler: async (ctx, { query }) => ok(await inferenceSummary(ctx, query)) },
  { method: 'GET', path: '/v1/inference/over-time', handler: async (ctx, { query }) => ok(await inferenceOverTime(ctx, query)) },
  { method: 'GET', path: '/v1/pods/:podId/inference', handler: async (ctx, { params, query }) => ok(await podInference(ctx, params.podId ?? '', query)) },
];
