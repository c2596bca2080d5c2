/**
 * Northlight's MCP server: the tools, the prompt and the guide an agent uses to answer "where
 * do we waste GPU money and what should we change first?", over the HTTP API as the caller's
 * token (mcp/api.ts). Both transports build it: stdio (mcp/stdio.ts) and Streamable HTTP at
 * /api/mcp (mcp/http.ts). Read tools are marked readOnlyHint; the three that change things
 * (stop a pod, apply a recommendation, launch a pod) destructiveHint, and each sends an
 * Idempotency-Key. A read-only token is refused those by the API itself (403), and every
 * change is in the organization's audit log as made by the token.
 */
import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { components } from '../src/api/schema';
import { egressCost, egressProjection, monthlyVolumes, BYTES_PER_UNIT, type VolumeUnit } from '../src/domain/egress';
import { flowCharge, hybridFlow, jurisdictionCheck, INTERNET, type Destination, type FlowCharge } from '../src/domain/egress-flow';
import { co2eKg, energyKWh } from '../src/domain/energy';
import { podCostEstimate, podRates } from '../src/domain/pricing';
import { HOURS_PER_MONTH, MS_PER_HOUR } from '../src/domain/units';
import { unwrap, type NorthlightApi } from './api';
import { answer, guarded, hourly, money, percent, refusal, signed } from './format';

type Schemas = components['schemas'];
type Figures = Schemas['UtilizationFigures'];
type Recommendation = Schemas['Recommendation'];
type Pod = Schemas['Pod'];

export const SERVER_NAME = 'northlight';
export const SERVER_VERSION = '0.1.0';

export const READ_TOOLS = ['list_pods', 'get_pod', 'waste_summary', 'waste_breakdown', 'idle_pods_now', 'top_savings', 'spend_forecast', 'egress_estimate', 'egress_this_month', 'launch_cost_estimate'] as const;
export const WRITE_TOOLS = ['stop_pod', 'apply_recommendation', 'launch_pod'] as const;

const INSTRUCTIONS = `Northlight is a GPU cloud's console. These tools read and act on one organization as the API token they run with (its role, projects and read-only flag apply).
Money is exact: every amount is integer cents with a formatted string. To find where GPU money is wasted, start with waste_summary, then waste_breakdown (by pod or project), idle_pods_now and top_savings; the prompt "waste_review" walks through it.
stop_pod, apply_recommendation and launch_pod change things and cost or save money: confirm with the user first. A read-only token is refused them.`;

// ---------------------------------------------------------------------------------------------
// Input bounds shared by the tools (the contract's own bounds, or tighter).

const id = (what: string) => z.string().min(1).max(128).describe(what);
const range = z.enum(['24h', '7d', '30d']).default('7d').describe('The window ending now: 24h, 7d (the Utilization page\'s default) or 30d');
const scope = z.enum(['organization', 'project', 'user', 'gpuType', 'region']).default('organization').describe('Whose figures: the organization (default), or one project, user, GPU type or region named by scopeId');
const scopeId = z.string().min(1).max(128).optional().describe('The project, user, GPU type or region id; required unless scope is organization');
const idempotencyKey = z
  .string()
  .min(8)
  .max(100)
  .regex(/^[A-Za-z0-9._:-]+$/)
  .optional()
  .describe('Reuse the same key when retrying the same intent (letters, digits, . _ : -); one is generated when absent and returned');

const POD_STATUSES = ['queued', 'provisioning', 'running', 'stopping', 'stopped', 'terminating', 'terminated', 'failed'] as const;

// ---------------------------------------------------------------------------------------------
// Shapes of the structured answers.

function figures(f: Figures) {
  return {
    spend: money(f.spendCents),
    waste: money(f.wasteCents),
    wasteShare: f.spendCents > 0 ? f.wasteCents / f.spendCents : 0,
    idle: money(f.waste.idle.cents),
    underUsed: money(f.waste.underUsed.cents),
    oversized: money(f.waste.oversized.cents),
    productive: money(f.productive.cents),
    efficiency: f.efficiency,
    allocatedGpuHours: Math.round(f.allocatedGpuSeconds / 36) / 100,
    activeGpuHours: Math.round(f.activeGpuSeconds / 36) / 100,
  };
}

const figuresText = (f: Figures) =>
  `${money(f.wasteCents).formatted} wasted of ${money(f.spendCents).formatted} GPU spend (${percent(f.spendCents > 0 ? f.wasteCents / f.spendCents : 0)}): idle ${money(f.waste.idle.cents).formatted}, under-used ${money(f.waste.underUsed.cents).formatted}, oversized ${money(f.waste.oversized.cents).formatted}; the GPUs were busy ${percent(f.efficiency)} of the paid time`;

function pod(p: Pod) {
  return {
    id: p.id,
    name: p.name,
    status: p.status,
    projectId: p.projectId,
    ownerId: p.ownerId,
    gpuTypeId: p.gpuTypeId,
    gpuCount: p.gpuCount,
    regionId: p.regionId,
    imageId: p.imageId,
    diskGb: p.diskGb,
    autoStopIdleMinutes: p.autoStopIdleMinutes,
    gpuUtilPercent: p.gpuUtilPercent,
    createdAt: p.createdAt,
    statusChangedAt: p.statusChangedAt,
    gpuRate: hourly(p.gpuRateMicroUsdPerHour),
    diskRate: hourly(p.diskRateMicroUsdPerHour),
    costToDate: money(p.costToDateCents),
  };
}

const podLine = (p: Pod) =>
  `- ${p.name} (${p.id}): ${p.status}, ${p.gpuCount}× ${p.gpuTypeId} in ${p.regionId}, ${hourly(p.gpuRateMicroUsdPerHour).formatted} GPU, ${money(p.costToDateCents).formatted} to date` +
  (p.gpuUtilPercent === null ? '' : `, GPU util ${Math.round(p.gpuUtilPercent)}%`) +
  (p.autoStopIdleMinutes === null ? ', no auto-stop' : `, auto-stop ${p.autoStopIdleMinutes} min`);

export function recommendationTitle(r: Recommendation): string {
  const pods = r.podNames.length === 1 ? r.podNames[0] : `${r.podNames.length} pods`;
  switch (r.kind) {
    case 'gpu-tier':
      return `Move ${pods} from ${r.from.gpuTypeId} to ${r.to.gpuTypeId}`;
    case 'mig-slice':
      return `Move ${pods} from a whole ${r.from.gpuTypeId} to a ${r.to.migProfile ?? 'MIG'} slice of it`;
    case 'fewer-gpus':
      return `Run ${pods} on ${r.to.gpuCount} GPU${r.to.gpuCount === 1 ? '' : 's'} instead of ${r.from.gpuCount}`;
    case 'auto-stop':
      return `Turn on auto-stop after ${r.to.autoStopIdleMinutes ?? '?'} idle minutes for ${pods}`;
    case 'region':
      return `Move ${pods} from ${r.from.regionId} to ${r.to.regionId}`;
    case 'commitment':
      return `Commit to ${r.to.gpuCount} ${r.to.gpuTypeId} GPU${r.to.gpuCount === 1 ? '' : 's'} in ${r.to.regionId}`;
  }
}

export function evidenceText(r: Recommendation): string {
  const e = r.evidence;
  switch (e.kind) {
    case 'gpu-tier':
      return `peak memory ${(e.peakMemMiB / 1024).toFixed(1)} GiB of ${e.currentVramGiB} GiB; ${e.newGpuTypeId} has ${e.newVramGiB} GiB (${e.headroom}× the peak, ${e.memoryHeadroomRequired}× required); p95 SM active ${percent(e.p95SmActive)}; the same work takes ${e.runtimeFactor}× as long`;
    case 'mig-slice':
      return `peak memory ${(e.peakMemMiB / 1024).toFixed(1)} GiB; the ${e.migProfile} slice has ${e.sliceMemoryGiB} GiB (${e.headroom}× the peak, ${e.memoryHeadroomRequired}× required); p95 SM active ${percent(e.p95SmActive)} × ${e.gpuTflops} TFLOPS = ${e.demandTflops} TFLOPS, the slice's ${e.computeSlices}/7 has ${e.sliceTflops}; ${hourly(e.fromRateMicroUsdPerHour).formatted} → ${hourly(e.toRateMicroUsdPerHour).formatted}${e.wholeGpuAlternative ? `; cheaper than ${e.wholeGpuAlternative.gpuTypeId} at ${money(e.wholeGpuAlternative.monthlyCostCents).formatted} a month` : ''}`;
    case 'fewer-gpus':
      return `${e.workingGpus} of ${e.gpuCount} GPUs do work; GPU${e.idleGpuIndexes.length === 1 ? '' : 's'} ${e.idleGpuIndexes.join(', ')} idle`;
    case 'auto-stop':
      return `idle ${e.idleHoursPerWeek.toFixed(1)} h in a typical week, of which auto-stop after ${e.autoStopIdleMinutes} minutes would stop ${e.stoppableHoursPerWeek.toFixed(1)} h`;
    case 'region':
      return `${e.fromRegionId} → ${e.toRegionId}, both in ${e.jurisdiction}: ${hourly(e.fromRateMicroUsdPerGpuHour).formatted} → ${hourly(e.toRateMicroUsdPerGpuHour).formatted} per GPU; up to ${Math.round(e.co2eKgPerMonthAvoided)} kg CO2e a month less`;
    case 'commitment':
      return `${e.baselineGpus} GPUs in use in ${percent(e.coveredHoursShare)} of ${e.hoursObserved} hours; ${hourly(e.onDemandRateMicroUsdPerGpuHour).formatted} on demand → ${hourly(e.committedRateMicroUsdPerGpuHour).formatted} committed for ${e.termDays} days`;
  }
}

function recommendation(r: Recommendation) {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    title: recommendationTitle(r),
    podIds: r.podIds,
    podNames: r.podNames,
    projectId: r.projectId,
    monthlySavings: money(r.monthlySavingsCents),
    currentMonthlyCost: money(r.currentMonthlyCostCents),
    projectedMonthlyCost: money(r.projectedMonthlyCostCents),
    countedAfter: r.countedAfter,
    confidence: r.confidence,
    evidenceSummary: evidenceText(r),
    evidence: r.evidence,
    from: r.from,
    to: r.to,
    action: r.action,
    applicable: r.status === 'open' && r.action.type !== 'manual',
  };
}

// ---------------------------------------------------------------------------------------------

export interface ServerOptions {
  /** Generates Idempotency-Keys when the caller gives none (tests pin it). */
  newKey?: () => string;
}

/** The MCP server over one API client (one token). */
export function createNorthlightMcpServer(api: NorthlightApi, options: ServerOptions = {}): McpServer {
  const newKey = options.newKey ?? (() => randomUUID());
  const server = new McpServer({ name: SERVER_NAME, version: SERVER_VERSION }, { instructions: INSTRUCTIONS });
  const read = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;
  const write = (idempotent: boolean) => ({ readOnlyHint: false, destructiveHint: true, idempotentHint: idempotent, openWorldHint: false }) as const;

  server.registerTool(
    'list_pods',
    {
      title: 'List pods',
      description: 'Dev pods the token can see, newest first by default, with their GPUs, status, hourly GPU rate, cost to date and current GPU utilization. Filter by status, project, owner, GPU type, region or a search in name and id; page with nextCursor.',
      inputSchema: {
        status: z.array(z.enum(POD_STATUSES)).max(8).optional().describe('Only pods in these statuses, e.g. ["running"]'),
        projectId: id('Only this project\'s pods').optional(),
        ownerId: id('Only this user\'s pods').optional(),
        gpuTypeId: id('Only pods of this GPU type, e.g. h100-sxm').optional(),
        regionId: id('Only pods in this region').optional(),
        q: z.string().min(1).max(200).optional().describe('Case-insensitive search in the pod\'s name and id'),
        sort: z.enum(['createdAt', 'name', 'status', 'costToDate', 'gpuCount']).default('createdAt'),
        order: z.enum(['asc', 'desc']).default('desc'),
        limit: z.number().int().min(1).max(100).default(25),
        cursor: z.string().min(1).max(512).optional().describe('nextCursor of the previous page, with the same filters'),
      },
      annotations: { title: 'List pods', ...read },
    },
    guarded(async (a) => {
      const page = unwrap(await api.GET('/v1/pods', { params: { query: a } }));
      const text = [`${page.total} pod${page.total === 1 ? '' : 's'} match; ${page.items.length} listed${page.nextCursor ? ' (more with nextCursor)' : ''}.`, ...page.items.map(podLine)].join('\n');
      return answer(text, { total: page.total, asOf: page.asOf, nextCursor: page.nextCursor, pods: page.items.map(pod) });
    }),
  );

  server.registerTool(
    'get_pod',
    {
      title: 'Inspect a pod',
      description: 'One pod: its setup, rates, cost to date, lifecycle events, idle auto-stop and connect details, and its waste ledger over a window (idle, under-used and oversized GPU time in dollars, per GPU, with the cheapest GPU its workload would fit).',
      inputSchema: { podId: id('The pod\'s id (pod-…)'), range },
      annotations: { title: 'Inspect a pod', ...read },
    },
    guarded(async ({ podId, range: r }) => {
      const [detail, waste] = await Promise.all([
        api.GET('/v1/pods/{podId}', { params: { path: { podId } } }).then(unwrap),
        api.GET('/v1/pods/{podId}/waste', { params: { path: { podId }, query: { range: r } } }).then(unwrap, () => null),
      ]);
      const autoStop = detail.autoStop ? { ...detail.autoStop, savesPerDay: money(detail.autoStop.savesCentsPerDay) } : null;
      const data = {
        pod: pod(detail),
        events: detail.events.slice(-20),
        autoStop,
        connect: detail.connect,
        waste: waste
          ? {
              range: r,
              window: waste.window,
              ...figures(waste.figures),
              gpus: waste.gpus.map((g) => ({
                gpuIndex: g.gpuIndex,
                waste: money(g.figures.wasteCents),
                idleShare: g.idleShare,
                meanSmActive: g.meanSmActive,
                peakMemMiB: g.peakMemMiB,
                cheaperFit: g.cheaperFit ? { ...g.cheaperFit, rate: hourly(g.cheaperFit.rateMicroUsdPerGpuHour) } : null,
              })),
            }
          : null,
      };
      const lines = [podLine(detail).slice(2)];
      if (waste) lines.push(`Last ${r}: ${figuresText(waste.figures)}.`);
      if (autoStop?.stopsAt) lines.push(`Idle since ${autoStop.idleSince}; auto-stop stops it at ${autoStop.stopsAt} (saves ${autoStop.savesPerDay.formatted} a day stopped).`);
      return answer(lines.join('\n'), data);
    }),
  );

  server.registerTool(
    'waste_summary',
    {
      title: 'GPU waste summary',
      description:
        'GPU spend and waste in dollars for a window, as on the Utilization page (the same API): idle time (engine below the idle threshold), under-used time (busy but SM activity below target) and oversized GPUs (a cheaper GPU would fit), with efficiency and the change against the previous window of the same length.',
      inputSchema: { range, scope, scopeId },
      annotations: { title: 'GPU waste summary', ...read },
    },
    guarded(async (q) => {
      const s = unwrap(await api.GET('/v1/utilization/summary', { params: { query: q } }));
      const text =
        `${s.scope.name}, ${s.window.from} to ${s.window.to} (${s.podCount} pods ran): ${figuresText(s.current)}.\n` +
        `Against the previous window: waste ${signed(s.change.wasteCents)}, spend ${signed(s.change.spendCents)}, busy time ${s.change.efficiencyPoints >= 0 ? '+' : '−'}${Math.abs(s.change.efficiencyPoints).toFixed(1)} points.`;
      return answer(text, {
        scope: s.scope,
        window: s.window,
        settings: s.settings,
        podCount: s.podCount,
        current: figures(s.current),
        previous: figures(s.previous),
        change: { waste: money(s.change.wasteCents), spend: money(s.change.spendCents), efficiencyPoints: s.change.efficiencyPoints },
      });
    }),
  );

  server.registerTool(
    'waste_breakdown',
    {
      title: 'GPU waste by project, user, GPU type or pod',
      description: 'The waste ledger of a window split by project, user, GPU type or pod, biggest waste first by default; the rows and the "others" line add up to the totals to the cent. Use by=pod to find the pods that waste most.',
      inputSchema: {
        by: z.enum(['project', 'user', 'gpuType', 'pod']).describe('How to split the waste'),
        range,
        scope,
        scopeId,
        sort: z.enum(['waste', 'idle', 'underUsed', 'oversized', 'spend', 'efficiency', 'allocated', 'name']).default('waste'),
        order: z.enum(['asc', 'desc']).default('desc'),
        limit: z.number().int().min(1).max(50).default(10).describe('Rows to list; the rest are summed in others'),
      },
      annotations: { title: 'GPU waste breakdown', ...read },
    },
    guarded(async (q) => {
      const b = unwrap(await api.GET('/v1/utilization/breakdown', { params: { query: q } }));
      const rows = b.rows.map((row) => ({ id: row.id, name: row.name, podCount: row.podCount, pod: row.pod, ...figures(row.figures) }));
      const text = [
        `${b.scope.name}, last ${q.range}, by ${q.by} (${b.rowCount} rows, sorted by ${b.sort} ${b.order}). Total: ${figuresText(b.totals)}.`,
        ...b.rows.map((row) => `- ${row.name} (${row.id}): ${money(row.figures.wasteCents).formatted} wasted of ${money(row.figures.spendCents).formatted} (idle ${money(row.figures.waste.idle.cents).formatted}, under-used ${money(row.figures.waste.underUsed.cents).formatted}, oversized ${money(row.figures.waste.oversized.cents).formatted})`),
        ...(b.others ? [`- ${b.others.rowCount} others: ${money(b.others.figures.wasteCents).formatted} wasted`] : []),
      ].join('\n');
      return answer(text, { scope: b.scope, window: b.window, by: b.by, sort: b.sort, order: b.order, rowCount: b.rowCount, rows, others: b.others ? { rowCount: b.others.rowCount, ...figures(b.others.figures) } : null, totals: figures(b.totals) });
    }),
  );

  server.registerTool(
    'idle_pods_now',
    {
      title: 'Pods idle right now',
      description: 'Running pods whose GPUs are idle now, idle longest first, with what the idle GPUs cost per hour and what stopping the pod saves per hour: the quickest savings.',
      inputSchema: { scope, scopeId, limit: z.number().int().min(1).max(50).default(10) },
      annotations: { title: 'Pods idle now', ...read },
    },
    guarded(async (q) => {
      const idle = unwrap(await api.GET('/v1/utilization/idle-now', { params: { query: q } }));
      const items = idle.items.map((p) => ({ ...p, idlePerHour: money(p.idleCentsPerHour), podPerHour: money(p.podCentsPerHour) }));
      const text = [
        `${idle.total} running pod${idle.total === 1 ? ' is' : 's are'} idle now (as of ${idle.asOf}).`,
        ...idle.items.map((p) => `- ${p.podName} (${p.podId}, ${p.projectName}, ${p.ownerName}): ${p.idleGpuCount} of ${p.gpuCount} ${p.gpuTypeId} idle since ${p.idleSince}, ${money(p.idleCentsPerHour).formatted}/h idle; stopping saves ${money(p.podCentsPerHour).formatted}/h${p.canStop ? '' : ' (this token may not stop it)'}`),
      ].join('\n');
      return answer(text, { asOf: idle.asOf, total: idle.total, minIdleMs: idle.minIdleMs, items });
    }),
  );

  server.registerTool(
    'top_savings',
    {
      title: 'Top savings with evidence',
      description:
        'Recommendations to save money, biggest monthly saving first, each with its evidence (measured GPU memory, SM activity, idle hours…), confidence and the action that applies it: a cheaper GPU tier, fewer GPUs, auto-stop, another region, or a commitment. A pod\'s savings are counted once: each saves on top of those in countedAfter, so the total is real.',
      inputSchema: {
        kind: z.enum(['gpu-tier', 'mig-slice', 'fewer-gpus', 'auto-stop', 'commitment', 'region']).optional(),
        status: z.enum(['open', 'dismissed', 'snoozed']).default('open'),
        projectId: id('Only this project').optional(),
        ownerId: id('Only this user\'s pods').optional(),
        podId: id('Only this pod').optional(),
        limit: z.number().int().min(1).max(50).default(10),
      },
      annotations: { title: 'Top savings', ...read },
    },
    guarded(async (q) => {
      const list = unwrap(await api.GET('/v1/recommendations', { params: { query: q } }));
      const items = list.items.map(recommendation);
      const text = [
        `${list.total} ${q.status} recommendation${list.total === 1 ? '' : 's'} save ${money(list.totalMonthlySavingsCents).formatted} a month together (telemetry to ${list.asOf}, ${list.windowDays}-day window; ${list.podsAwaitingData} running pod${list.podsAwaitingData === 1 ? '' : 's'} await${list.podsAwaitingData === 1 ? 's' : ''} enough data).`,
        ...items.map((r, i) => `${i + 1}. ${r.title}: saves ${r.monthlySavings.formatted}/month (${r.currentMonthlyCost.formatted} → ${r.projectedMonthlyCost.formatted}), ${r.confidence.level} confidence over ${r.confidence.daysObserved} days. Evidence: ${r.evidenceSummary}. [${r.id}${r.applicable ? ', apply_recommendation can apply it' : ''}]`),
      ].join('\n');
      return answer(text, { total: list.total, totalMonthlySavings: money(list.totalMonthlySavingsCents), counts: list.counts, asOf: list.asOf, windowDays: list.windowDays, podsAwaitingData: list.podsAwaitingData, items });
    }),
  );

  server.registerTool(
    'spend_forecast',
    {
      title: 'Spend forecast and budgets',
      description: 'This month\'s spend so far (GPU, disk, egress), last month\'s, the month-end forecast with its range and method, and the budgets with their spend, forecast, health, run-out date and whether a policy blocks launches or stops idle pods.',
      inputSchema: { projectId: id('One project (else every project the token can see)').optional() },
      annotations: { title: 'Spend forecast and budgets', ...read },
    },
    guarded(async ({ projectId }) => {
      const [summary, budgets, acting] = await Promise.all([
        api.GET('/v1/billing/summary', { params: { query: { projectId } } }).then(unwrap),
        api.GET('/v1/budgets').then(unwrap),
        api.GET('/v1/budgets/acting').then(unwrap),
      ]);
      const f = summary.forecast;
      const shown = budgets.items.filter((b) => !projectId || b.projectId === projectId || b.projectId === null);
      const data = {
        scopeName: summary.scopeName,
        asOf: summary.asOf,
        monthStart: summary.monthStart,
        monthEnd: summary.monthEnd,
        monthToDate: { gpu: money(summary.monthToDate.gpuCents), disk: money(summary.monthToDate.diskCents), egress: money(summary.monthToDate.egressCents), total: money(summary.monthToDate.totalCents) },
        lastMonth: { month: summary.lastMonth.month, total: money(summary.lastMonth.totalCents), sameDays: money(summary.lastMonth.sameDaysCents) },
        forecast: { monthEnd: money(f.monthEndCents), low: money(f.lowCents), high: money(f.highCents), runRatePerDay: money(f.runRateCentsPerDay), recentAveragePerDay: money(f.recentAverageCentsPerDay), daysObserved: f.daysObserved, method: f.method },
        budgets: shown.map((b) => ({
          id: b.id,
          projectId: b.projectId,
          scopeName: b.scopeName,
          amount: money(b.amountCents),
          policy: b.policy,
          spent: money(b.month.spentCents),
          percentUsed: b.month.percentUsed,
          forecast: money(b.month.forecastCents),
          health: b.month.health,
          runOutAt: b.month.runOutAt,
          launchesBlocked: b.month.launchesBlocked,
        })),
        acting: acting.items,
      };
      const text = [
        `${summary.scopeName}, ${summary.monthStart} to ${summary.monthEnd}: ${data.monthToDate.total.formatted} so far (GPU ${data.monthToDate.gpu.formatted}, disk ${data.monthToDate.disk.formatted}, egress ${data.monthToDate.egress.formatted}); last month ${data.lastMonth.total.formatted} (${data.lastMonth.sameDays.formatted} by this day).`,
        `Forecast for the month: ${data.forecast.monthEnd.formatted} (${data.forecast.low.formatted} to ${data.forecast.high.formatted}), at ${data.forecast.runRatePerDay.formatted} a day now.`,
        ...(data.budgets.length === 0 ? ['No budget is set (or visible to this token).'] : data.budgets.map((b) => `- Budget ${b.scopeName}: ${b.spent.formatted} of ${b.amount.formatted} (${Math.round(b.percentUsed)}%), forecast ${b.forecast.formatted}, ${b.health}${b.runOutAt ? `, runs out ${b.runOutAt}` : ''}; policy ${b.policy}${b.launchesBlocked ? ' (blocking launches now)' : ''}`)),
        ...acting.items.map((a) => `- Acting now: ${a.scopeName}'s budget (${a.policy}) until ${a.until}`),
      ].join('\n');
      return answer(text, data);
    }),
  );

  server.registerTool(
    'egress_estimate',
    {
      title: 'Egress cost estimate',
      description:
        'What moving data will cost before it happens: a volume from one place (this cloud\'s region, another provider\'s region, or premises) to another or to the internet, priced with the providers\' published schedules over the coming months, with every provider\'s price for the same path and the alternative of keeping the data next to this cloud\'s GPUs. Place ids look like "northlight:ca-mtl-1", "aws:us-east-1", "on-premises:CA".',
      inputSchema: {
        from: z.string().min(1).max(128).describe('Where the data is: a place id'),
        to: z.string().min(1).max(128).describe('Where it goes: a place id, or "internet"'),
        volume: z.number().positive().max(1_000_000_000).describe('How much, in unit'),
        unit: z.enum(['GB', 'TB', 'GiB', 'TiB']).default('GB'),
        cadence: z.enum(['one-time', 'monthly']).default('monthly'),
        growthPercentPerMonth: z.number().min(-50).max(100).default(0).describe('Monthly growth of a monthly volume, in percent'),
        months: z.number().int().min(1).max(12).default(12),
      },
      annotations: { title: 'Egress estimate', ...read },
    },
    guarded(async (a) => {
      const book = unwrap(await api.GET('/v1/egress/schedules'));
      const from = book.places.find((p) => p.id === a.from);
      const to: Destination | undefined = a.to === INTERNET ? INTERNET : book.places.find((p) => p.id === a.to);
      if (!from || !to) {
        const own = book.places.filter((p) => p.providerId === 'northlight').map((p) => p.id);
        return refusal(`Unknown place ${!from ? a.from : a.to}. This cloud's regions: ${own.join(', ')}; others are "<provider>:<region code>" (aws, gcp, azure, oci) or "on-premises:<country code>"; the destination may also be "internet".`, { places: own });
      }
      const bytes = (BigInt(Math.round(a.volume * 1_000_000)) * BYTES_PER_UNIT[a.unit as VolumeUnit]) / 1_000_000n;
      const volumes = monthlyVolumes(bytes, a.cadence, Math.round(a.growthPercentPerMonth * 100), a.months);
      const priced = (charge: FlowCharge) => {
        const schedule = charge.kind === 'schedule' ? book.schedules.find((s) => s.id === charge.scheduleId) : undefined;
        const projection = schedule ? egressProjection(schedule, volumes) : null;
        return {
          charge: charge.kind === 'schedule' ? { kind: charge.kind, relation: charge.relation, scheduleId: charge.scheduleId } : charge,
          schedule: schedule ? { id: schedule.id, provider: schedule.provider, path: schedule.path, unit: schedule.unit, freeUnitsPerMonth: schedule.freeUnitsPerMonth, source: schedule.source, asOf: schedule.asOf } : null,
          firstMonth: money(projection?.months[0]?.costCents ?? 0),
          total: money(projection?.totalCents ?? 0),
          monthly: (projection?.months ?? []).map((m) => money(m.costCents)),
          unpricedBytes: schedule ? String(egressCost(schedule, volumes[0] ?? 0n).unpricedBytes) : '0',
        };
      };
      const charge = flowCharge(from, to, book.schedules);
      const path = priced(charge);
      const kind = charge.relation === 'same-provider' ? 'inter-region' : ['internet', 'other-provider', 'on-premises'].includes(charge.relation) ? 'internet' : null;
      const comparison = kind
        ? book.schedules
            .filter((s) => s.pathKind === kind)
            .map((s) => ({ scheduleId: s.id, provider: s.provider, path: s.path, total: money(egressProjection(s, volumes).totalCents) }))
            .sort((x, y) => x.total.cents - y.total.cents)
            .slice(0, 8)
        : [];
      const flow = hybridFlow(from, to, book.places);
      const hybrid = flow && flow.gpuPlace.id !== from.id ? { keepDataIn: flow.gpuPlace.id, ...priced(flowCharge(flow.from, flow.to, book.schedules)) } : null;
      const jurisdiction = jurisdictionCheck(from, to);
      const data = { from: from.id, to: to === INTERNET ? INTERNET : to.id, volume: a.volume, unit: a.unit, cadence: a.cadence, months: a.months, path, comparison, hybrid, jurisdiction, pricesAsOf: book.asOf };
      const billedBy = path.schedule ? `${path.schedule.provider} (${path.schedule.path})` : charge.kind === 'free' ? `nobody (${charge.why})` : 'a price this book does not carry';
      const text = [
        `${a.volume} ${a.unit} ${a.cadence === 'monthly' ? 'a month' : 'once'} from ${from.name} to ${to === INTERNET ? 'the internet' : to.name}: billed by ${billedBy}; ${path.firstMonth.formatted} the first month, ${path.total.formatted} over ${a.months} month${a.months === 1 ? '' : 's'}.`,
        ...(hybrid ? [`Keeping the data in ${hybrid.keepDataIn} instead: ${hybrid.total.formatted} over the same months (moving the data there first is not counted).`] : []),
        jurisdiction.kind === 'leaves' ? `The data leaves ${jurisdiction.from} for ${jurisdiction.to}${jurisdiction.within ? ` (it stays in ${jurisdiction.within})` : ''}.` : jurisdiction.kind === 'anywhere' ? `On the internet the data may leave ${jurisdiction.from}.` : `The data stays in ${jurisdiction.jurisdiction}.`,
      ].join('\n');
      return answer(text, data);
    }),
  );

  server.registerTool(
    'egress_this_month',
    {
      title: 'Egress this month',
      description: 'Each visible project\'s egress this month so far: bytes, free allowance left, cost so far, projection to month end at the recent rate, when the allowance runs out, and its warning level.',
      inputSchema: {},
      annotations: { title: 'Egress this month', ...read },
    },
    guarded(async () => {
      const m = unwrap(await api.GET('/v1/egress/meter'));
      const gb = (b: number) => `${(b / 1e9).toLocaleString('en-US', { maximumFractionDigits: 1 })} GB`;
      const projects = m.projects.map((p) => ({ ...p, cost: money(p.costCents), projectedCost: money(p.projectedCostCents) }));
      const text = [
        `Egress from ${m.monthStart} to ${m.asOf} (allowance ${gb(m.allowanceBytesPerProject)} a project):`,
        ...m.projects.map((p) => `- ${p.projectName}: ${gb(p.internetBytes)} billed so far (${money(p.costCents).formatted}), ${gb(p.projectedInternetBytes)} by month end (${money(p.projectedCostCents).formatted}); warning ${p.warning}${p.allowanceRunsOutAt ? `, allowance runs out ${p.allowanceRunsOutAt}` : ''}`),
      ].join('\n');
      return answer(text, { asOf: m.asOf, monthStart: m.monthStart, monthEnd: m.monthEnd, allowanceBytesPerProject: m.allowanceBytesPerProject, projects });
    }),
  );

  server.registerTool(
    'launch_cost_estimate',
    {
      title: 'Launch cost estimate',
      description: 'What a pod would cost before launching it (the same price function as the bill and the launch form): per hour, per 8-hour working day and per 30-day month, the disk while stopped, GPUs free now, energy and CO2e at full power, and cheaper regions offering the same GPU.',
      inputSchema: {
        gpuTypeId: id('GPU type, e.g. h100-sxm, a100-80-sxm, l4 (an unknown one answers the list)'),
        regionId: id('Region, e.g. ca-mtl-1'),
        gpuCount: z.number().int().min(1).max(64).default(1),
        diskGb: z.number().int().min(1).max(1_000_000).default(100),
      },
      annotations: { title: 'Launch cost estimate', ...read },
    },
    guarded(async (a) => {
      const catalog = unwrap(await api.GET('/v1/catalog'));
      const gpu = catalog.gpuTypes.find((g) => g.id === a.gpuTypeId);
      const region = catalog.regions.find((r) => r.id === a.regionId);
      if (!gpu) return refusal(`Unknown GPU type ${a.gpuTypeId}. GPU types: ${catalog.gpuTypes.map((g) => g.id).join(', ')}.`);
      if (!region) return refusal(`Unknown region ${a.regionId}. Regions: ${catalog.regions.map((r) => r.id).join(', ')}.`);
      const offer = gpu.offers.find((o) => o.regionId === a.regionId);
      if (!offer) return refusal(`${gpu.name} is not offered in ${region.name}. It is offered in: ${gpu.offers.map((o) => o.regionId).join(', ')}.`);
      if (!gpu.allowedCounts.includes(a.gpuCount)) return refusal(`A ${gpu.name} pod holds ${gpu.allowedCounts.join(', ')} GPUs, not ${a.gpuCount}.`);
      if (a.diskGb < catalog.disk.minGb || a.diskGb > catalog.disk.maxGb) return refusal(`Disks are ${catalog.disk.minGb} to ${catalog.disk.maxGb} GB.`);
      const rates = podRates(offer, catalog.disk, { gpuCount: a.gpuCount, diskGb: a.diskGb });
      const cost = podCostEstimate(rates);
      const line = (l: { gpuCents: number; diskCents: number; totalCents: number }) => ({ gpu: money(l.gpuCents), disk: money(l.diskCents), total: money(l.totalCents) });
      const kWh = energyKWh(gpu.tdpW * a.gpuCount, HOURS_PER_MONTH * MS_PER_HOUR, region.pue);
      const cheaper = gpu.offers
        .filter((o) => o.regionId !== a.regionId && o.rateMicroUsdPerGpuHour < offer.rateMicroUsdPerGpuHour)
        .sort((x, y) => x.rateMicroUsdPerGpuHour - y.rateMicroUsdPerGpuHour)
        .map((o) => ({ regionId: o.regionId, jurisdiction: catalog.regions.find((r) => r.id === o.regionId)?.jurisdiction ?? null, gpuRate: hourly(o.rateMicroUsdPerGpuHour * a.gpuCount), availableGpus: o.availableGpus }));
      const data = {
        gpuTypeId: gpu.id,
        gpuName: gpu.name,
        regionId: region.id,
        jurisdiction: region.jurisdiction,
        gpuCount: a.gpuCount,
        diskGb: a.diskGb,
        perHour: line(cost.perHour),
        perWorkingDay: line(cost.perWorkingDay),
        perMonth: line(cost.perMonth),
        stoppedPerMonth: money(cost.stoppedPerMonthCents),
        gpuRate: hourly(rates.gpuMicroUsdPerHour),
        committedGpuRate: hourly(offer.committedRateMicroUsdPerGpuHour * a.gpuCount),
        availableGpus: offer.availableGpus,
        canLaunchNow: offer.availableGpus >= a.gpuCount,
        energyKWhPerMonth: Math.round(kWh),
        co2eKgPerMonth: Math.round(co2eKg(kWh, region.gridGCo2ePerKWh)),
        cheaperRegions: cheaper,
        pricesAsOf: catalog.pricesAsOf,
      };
      const text =
        `${a.gpuCount}× ${gpu.name} in ${region.name} with ${a.diskGb} GB disk: ${data.perHour.total.formatted}/h, ${data.perWorkingDay.total.formatted} per 8-hour day, ${data.perMonth.total.formatted} per 30-day month running; ${data.stoppedPerMonth.formatted} a month stopped (disk). ` +
        `${offer.availableGpus} GPUs free now${data.canLaunchNow ? '' : ' (not enough to launch now)'}.` +
        (cheaper[0] ? ` Cheaper: ${cheaper[0].regionId} at ${cheaper[0].gpuRate.formatted} GPU.` : '');
      return answer(text, data);
    }),
  );

  // ---------------------------------------------------------------------------------------------
  // Writes: destructive, each with an Idempotency-Key, refused to a read-only token by the API.

  server.registerTool(
    'stop_pod',
    {
      title: 'Stop a pod',
      description: 'Stops a pod: its GPUs are released and no longer billed; the disk is kept (and billed) so it can be started again. Whatever runs on it is interrupted: confirm with the user first. Refused to a read-only token. Recorded in the audit log as made by this token.',
      inputSchema: { podId: id('The pod to stop'), idempotencyKey },
      annotations: { title: 'Stop a pod', ...write(true) },
    },
    guarded(async ({ podId, idempotencyKey: key }) => {
      const used = key ?? newKey();
      const p = unwrap(await api.POST('/v1/pods/{podId}/stop', { params: { path: { podId } }, headers: { 'Idempotency-Key': `mcp-stop:${used}` } }));
      return answer(`${p.name} (${p.id}) is ${p.status}: its ${p.gpuCount} GPU${p.gpuCount === 1 ? ' is' : 's are'} released (${hourly(p.gpuRateMicroUsdPerHour).formatted} no longer billed); the ${p.diskGb} GB disk is kept.`, { pod: pod(p), idempotencyKey: used });
    }),
  );

  server.registerTool(
    'apply_recommendation',
    {
      title: 'Apply a recommendation',
      description:
        'Applies an open recommendation (from top_savings) the way the console does: auto-stop or fewer GPUs change the pod in place (fewer GPUs restarts it, about 20 seconds); a cheaper GPU tier or region launches a replacement pod that stops the old one once it runs. A commitment cannot be applied here. Changes running work and the bill: confirm with the user first. Refused to a read-only token; recorded in the audit log as made by this token.',
      inputSchema: { recommendationId: id('The recommendation\'s id, from top_savings'), idempotencyKey },
      annotations: { title: 'Apply a recommendation', ...write(false) },
    },
    guarded(async ({ recommendationId, idempotencyKey: key }) => {
      const r = unwrap(await api.GET('/v1/recommendations/{recommendationId}', { params: { path: { recommendationId } } }));
      const title = recommendationTitle(r);
      if (r.status !== 'open') return refusal(`“${title}” is ${r.status}, not open: restore it on the console's Recommendations page before applying it.`, { recommendation: recommendation(r) });
      const used = key ?? newKey();
      const a = r.action;
      if (a.type === 'manual') return refusal(`“${title}” is not something the API applies: a commitment is agreed with the provider. Evidence: ${evidenceText(r)}.`, { recommendation: recommendation(r) });
      if (a.type === 'patch') {
        const p = unwrap(await api.PATCH('/v1/pods/{podId}', { params: { path: { podId: a.podId } }, body: a.patch, headers: { 'Idempotency-Key': `mcp-apply:${r.id}:${used}` } }));
        const restarts = a.patch.gpuCount !== undefined;
        return answer(`Applied “${title}”: ${p.name} (${p.id}) ${restarts ? `restarts with ${p.gpuCount} GPU${p.gpuCount === 1 ? '' : 's'} (its disk is kept)` : `now stops after ${p.autoStopIdleMinutes} idle minutes`}. Expected saving: ${money(r.monthlySavingsCents).formatted} a month.`, {
          applied: 'patch',
          recommendation: recommendation(r),
          pod: pod(p),
          idempotencyKey: used,
        });
      }
      const launch = a.launch;
      const res = await api.POST('/v1/pods', {
        params: { header: { 'Idempotency-Key': `mcp-apply:${r.id}:${used}` } },
        body: { ...launch, name: launch.name.slice(0, 63) },
      });
      const p = unwrap(res);
      return answer(`Applied “${title}”: launched ${p.name} (${p.id}, ${p.gpuCount}× ${p.gpuTypeId} in ${p.regionId}, ${p.status}); it stops ${launch.replacesPodId} once it runs. Expected saving: ${money(r.monthlySavingsCents).formatted} a month.`, {
        applied: 'launch',
        recommendation: recommendation(r),
        pod: pod(p),
        replacesPodId: launch.replacesPodId,
        idempotencyKey: used,
        replayed: res.response.headers.get('idempotency-replayed') === 'true',
      });
    }),
  );

  server.registerTool(
    'launch_pod',
    {
      title: 'Launch a pod',
      description:
        'Launches a dev pod, billed from the moment it runs (check launch_cost_estimate first and confirm with the user). Exactly once per idempotencyKey: a retry with the same key and the same fields answers the same pod (replayed: true) instead of launching a second one; the key used is returned. Auto-stop after 60 idle minutes unless set otherwise. Refused to a read-only token; recorded in the audit log as made by this token.',
      inputSchema: {
        name: z.string().min(1).max(63).regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/).describe('DNS-1123 label: a-z, 0-9 and "-", unique among the project\'s pods'),
        projectId: id('The project to bill'),
        gpuTypeId: id('GPU type, e.g. l4'),
        gpuCount: z.number().int().min(1).max(64).default(1),
        regionId: id('Region, e.g. ca-mtl-1'),
        imageId: id('Image, e.g. pytorch-2.9-cuda12.8'),
        diskGb: z.number().int().min(1).max(1_000_000).default(100),
        autoStopIdleMinutes: z.number().int().min(5).max(1440).nullable().default(60).describe('Stop once the GPUs have been idle this long; null: never'),
        sshPublicKey: z.string().min(1).max(16_384).optional().describe('One OpenSSH public key (or sshKeyId)'),
        sshKeyId: id('A saved SSH key\'s id (or sshPublicKey)').optional(),
        replacesPodId: id('Stop this pod once the new one runs').optional(),
        idempotencyKey,
      },
      annotations: { title: 'Launch a pod', ...write(false) },
    },
    guarded(async ({ idempotencyKey: key, ...body }): Promise<CallToolResult> => {
      if (!body.sshPublicKey === !body.sshKeyId) return refusal('Give exactly one of sshPublicKey (a public key) and sshKeyId (a saved key).');
      const used = key ?? newKey();
      const res = await api.POST('/v1/pods', { params: { header: { 'Idempotency-Key': `mcp-launch:${used}` } }, body });
      const p = unwrap(res);
      const replayed = res.response.headers.get('idempotency-replayed') === 'true';
      return answer(`${replayed ? 'Already launched with this key' : 'Launched'}: ${p.name} (${p.id}), ${p.gpuCount}× ${p.gpuTypeId} in ${p.regionId}, ${p.status}, ${hourly(p.gpuRateMicroUsdPerHour + p.diskRateMicroUsdPerHour).formatted} while running. Retry with idempotencyKey "${used}" if unsure it went through.`, {
        pod: pod(p),
        idempotencyKey: used,
        replayed,
      });
    }),
  );

  // ---------------------------------------------------------------------------------------------
  // Helping an agent answer "where do we waste GPU money and what should we change first?"

  server.registerPrompt(
    'waste_review',
    {
      title: 'Where do we waste GPU money, and what should we change first?',
      description: 'A step-by-step review of GPU waste in dollars and the changes worth most, with their evidence, ending in a short ranked list of actions.',
      argsSchema: {
        range: z.enum(['24h', '7d', '30d']).optional().describe('Window to review (default 7d)'),
        projectId: z.string().max(128).optional().describe('Limit the review to one project'),
      },
    },
    ({ range: r, projectId }) => {
      const window = r ?? '7d';
      const scoped = projectId ? ` with scope "project" and scopeId "${projectId}"` : '';
      return {
        description: 'GPU waste review',
        messages: [{ role: 'user', content: { type: 'text', text: wasteReviewText(window, scoped, projectId) } }],
      };
    },
  );

  server.registerResource(
    'waste-guide',
    'northlight://guide/waste',
    { title: 'How Northlight counts GPU waste and savings', description: 'The waste ledger\'s categories, how savings are de-duplicated, and what to change first.', mimeType: 'text/markdown' },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/markdown', text: WASTE_GUIDE }] }),
  );

  return server;
}

function wasteReviewText(window: string, scoped: string, projectId: string | undefined): string {
  return `Where do we waste GPU money${projectId ? ` in project ${projectId}` : ''}, and what should we change first? Use the Northlight tools; quote money exactly as they give it.

1. Call waste_summary with range "${window}"${scoped}: the GPU spend, the waste and its three parts (idle, under-used, oversized), efficiency, and the change from the window before.
2. Call waste_breakdown with by "pod" (and then by "project" or "user" if helpful), range "${window}"${scoped}: who wastes most, and in which category.
3. Call idle_pods_now${scoped}: pods idle right now and what each costs per hour (stopping them is the quickest saving).
4. Call top_savings${projectId ? ` with projectId "${projectId}"` : ''}: the recommendations, biggest monthly saving first, with their evidence and confidence. Their savings are already de-duplicated per pod (countedAfter), so they can be added up.
5. Answer in this order: the waste in dollars and its biggest category; the three to five changes worth most, each with its monthly saving, its evidence in one line, its confidence, and whether apply_recommendation or stop_pod can do it; then what needs a person (a commitment, a workload owner's decision).

Do not call stop_pod, apply_recommendation or launch_pod without the user's explicit go-ahead for that specific change. The resource northlight://guide/waste explains the categories.`;
}

const WASTE_GUIDE = `# How Northlight counts GPU waste

Every GPU-second a running pod holds is paid for, and the ledger puts each one in exactly one place, so the parts add up to the GPU spend to the cent:

- **productive**: the GPU's engine was busy (DCGM_FI_PROF_GR_ENGINE_ACTIVE at or above the idle threshold, 5% by default) and its SMs were used at or above the target (DCGM_FI_PROF_SM_ACTIVE, 50% by default);
- **idle**: the engine was below the idle threshold: the pod was paid for and did nothing. Fix: auto-stop, or stop the pod (idle_pods_now);
- **under-used**: busy, but the SMs were below target; the shortfall of that time is waste. Fix: bigger batches, or fewer or smaller GPUs;
- **oversized**: the work would fit a cheaper GPU (its peak memory with 1.2× headroom, its compute): the price difference is waste. Fix: a cheaper GPU tier.

Efficiency is active GPU time ÷ allocated GPU time. The thresholds are the organization's (an admin sets them on the Utilization page).

# Savings

Recommendations (top_savings) rest on at least minDaysObserved days of running telemetry (a week by default; top_savings says) and say how steady it was (confidence: high from 28 days and steadiness 0.9). One pod's recommendations are counted once: each saves on top of the ones listed in countedAfter (auto-stop first, then fewer GPUs, then a cheaper tier or region), so their savings add up. A commitment is agreed with the provider; the others apply from the console or with apply_recommendation.

# What to change first

1. Idle pods running now: stopping them saves their hourly price at once.
2. Auto-stop on pods that sit idle for hours each week: no change to the work.
3. Fewer GPUs where some never work, then cheaper tiers where memory and compute fit with headroom.
4. Commitments for the GPUs in use nearly every hour.
`;
