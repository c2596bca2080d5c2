/**
 * The audit log (issue 15): every change the cloud makes, recorded where it is made, the same for
 * the simulator and the server.
 *
 * - A state-changing call (POST, PUT, PATCH, DELETE) that succeeds is recorded by `audited`, which
 *   http.ts dispatch wraps around its handler: it looks at the target before and after (a pod's
 *   status, GPUs and rates; a budget's amount and policy; a token's scope, never its secret) and
 *   says what changed, in words, and what that does to the monthly bill at current use: the hourly
 *   rate the target heads for after the change less the one before, for a 720-hour month (as the
 *   recommendations count). A call that changes nothing (stopping a stopped pod, a launch replayed
 *   under its Idempotency-Key) records nothing.
 * - The policies record their own actions: a budget that stops idle pods (budget-reconcile.ts) and
 *   an auto-stop that happened (`reconcileAudit`, between two reconciler runs).
 * - Who: the acting user (ctx.state.currentUserId); the server adds the API token and the client
 *   address to the entries its request made (server/api.ts), and records sign-ins itself.
 *
 * Entries go to state.auditLog. The simulator keeps the latest MAX_KEPT; a server's state holds
 * only the entries its request adds, and server/state-store.ts appends them to a table that
 * refuses updates and deletes.
 */
import { HOURS_PER_MONTH, MS_PER_HOUR } from '../domain/units';
import { costCentsForDuration } from '../domain/money';
import { gpuTypes } from './catalog-data';
import { currentUser, type CloudContext } from './context';
import type { CloudResponse, Route, RouteInput } from './http';
import { statusAt } from './lifecycle';
import type { AuditAction, AuditRecord, CloudState, Pod, PodStatus } from './model';
import { notifyAutoStopped } from './notifications';

/** The simulator keeps this many entries, the newest (its state lives in localStorage); a server keeps every one. */
export const MAX_KEPT = 1_000;
const MONTH_MS = HOURS_PER_MONTH * MS_PER_HOUR;

type Facts = Record<string, unknown>;
type Entry = Omit<AuditRecord, 'id' | 'atMs' | 'actorKind' | 'actorId' | 'actorName' | 'tokenId' | 'tokenName' | 'address'>;

let made = 0;

/**
 * Readers order entries by (atMs, id): the id's middle counts the entries this process made, so
 * entries of one moment keep the order they were made in; the random end keeps the ids of
 * several server instances apart.
 */
export function newAuditId(atMs: number): string {
  const bytes = new Uint8Array(4);
  globalThis.crypto.getRandomValues(bytes);
  made = (made + 1) % 36 ** 6;
  return `aud-${Math.max(0, atMs).toString(36).padStart(9, '0')}-${made.toString(36).padStart(6, '0')}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Appends an entry (the acting user's, unless actor says otherwise). */
export function appendAudit(
  ctx: CloudContext,
  entry: Entry,
  actor: { kind: 'user' | 'policy'; id: string | null; name: string } | null = null,
  atMs: number = ctx.now(),
): AuditRecord {
  const user = actor ? null : currentUser(ctx);
  const record: AuditRecord = {
    id: newAuditId(atMs),
    atMs,
    actorKind: actor?.kind ?? 'user',
    actorId: actor ? actor.id : user!.id,
    actorName: actor ? actor.name : user!.name,
    tokenId: null,
    tokenName: null,
    address: null,
    ...entry,
  };
  const log = (ctx.state.auditLog ??= []);
  log.push(record);
  if (log.length > MAX_KEPT) log.splice(0, log.length - MAX_KEPT);
  return record;
}

// --- pods ---

const GPU_RUNS: ReadonlySet<PodStatus> = new Set(['queued', 'provisioning', 'running']);
const DISK_KEPT: ReadonlySet<PodStatus> = new Set(['stopping', 'stopped']);

/** What the pod costs an hour in the status it is heading for (its last planned step). */
function headingRateMicroUsdPerHour(pod: Pod): number {
  const heading = statusAt(pod, Number.POSITIVE_INFINITY);
  if (GPU_RUNS.has(heading)) return pod.gpuCount * pod.rateMicroUsdPerGpuHour + pod.diskMicroUsdPerHour;
  return DISK_KEPT.has(heading) ? pod.diskMicroUsdPerHour : 0;
}

const gpuName = (id: string): string => gpuTypes.find((g) => g.id === id)?.name ?? id;

export function podFacts(pod: Pod, nowMs: number): Facts {
  return {
    status: statusAt(pod, nowMs),
    headingFor: statusAt(pod, Number.POSITIVE_INFINITY),
    gpus: `${pod.gpuCount} × ${gpuName(pod.gpuTypeId)}`,
    region: pod.regionId,
    autoStop: pod.autoStopIdleMinutes === null ? 'off' : `${pod.autoStopIdleMinutes} min idle`,
    rateMicroUsdPerHour: headingRateMicroUsdPerHour(pod),
  };
}

const monthlyCents = (microUsdPerHour: number): number =>
  microUsdPerHour >= 0 ? costCentsForDuration(microUsdPerHour, MONTH_MS) : -costCentsForDuration(-microUsdPerHour, MONTH_MS);

function podEntry(action: AuditAction, pod: Pod, summary: string, before: Facts | null, after: Facts): Entry {
  const delta = Number(after.rateMicroUsdPerHour) - Number(before?.rateMicroUsdPerHour ?? 0);
  return {
    action,
    summary,
    targetType: 'pod',
    targetId: pod.id,
    targetName: pod.name,
    projectId: pod.projectId,
    targetOwnerId: pod.ownerId,
    before,
    after,
    monthlyCostDeltaCents: delta === 0 ? null : monthlyCents(delta),
  };
}

/** The keys whose values differ, as "key: before → after" words. */
function changes(before: Facts, after: Facts, keys: string[]): string[] {
  return keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).map((k) => `${k} ${String(before[k])} → ${String(after[k])}`);
}

// --- what each operation records ---

interface Observation {
  before: unknown;
  nowMs: number;
}

interface Recorder {
  /** What the target is before the call (read before the handler runs). */
  before(ctx: CloudContext, input: RouteInput): unknown;
  /** The entry, once the call succeeded; null: nothing changed. */
  entry(ctx: CloudContext, input: RouteInput, res: CloudResponse, seen: Observation): Entry | null;
}

const findPod = (ctx: CloudContext, id: string | undefined): Pod | undefined => ctx.state.pods.find((p) => p.id === id);
const projectName = (state: CloudState, id: string | null): string => (id === null ? state.organization.name : (state.projects.find((p) => p.id === id)?.name ?? id));

const podAction = (action: AuditAction, verb: string): Recorder => ({
  before: (ctx, { params }) => {
    const pod = findPod(ctx, params.podId);
    return pod ? podFacts(pod, ctx.now()) : null;
  },
  entry: (ctx, { params }, _res, seen) => {
    const pod = findPod(ctx, params.podId);
    const before = seen.before as Facts | null;
    if (!pod || !before) return null;
    const after = podFacts(pod, ctx.now());
    const changed = changes(before, after, ['headingFor', 'gpus', 'autoStop']);
    if (changed.length === 0 && action !== 'pod.keep-running') return null;
    const detail = action === 'pod.change' ? `: ${changed.join('; ')}` : '';
    return podEntry(action, pod, `${verb} pod ${pod.name}${detail}`, before, after);
  },
});

interface Named {
  id: string;
  name?: string;
}

const RECORDERS: Record<string, Recorder> = {
  'POST /v1/pods': {
    before: () => null,
    entry: (ctx, _input, res, seen) => {
      if (res.headers?.['Idempotency-Replayed']) return null;
      const pod = findPod(ctx, (res.body as Named | undefined)?.id);
      if (!pod || pod.createdAtMs < seen.nowMs) return null;
      const replaced = findPod(ctx, ctx.state.podReplacements?.[pod.id]);
      const after = podFacts(pod, ctx.now());
      const entry = podEntry('pod.launch', pod, `Launched pod ${pod.name}: ${String(after.gpus)} in ${pod.regionId}${replaced ? `, to replace ${replaced.name} once it runs` : ''}`, null, after);
      // The pod it replaces stops once this one runs: the bill changes by the difference.
      const delta = Number(after.rateMicroUsdPerHour) - (replaced ? replaced.gpuCount * replaced.rateMicroUsdPerGpuHour : 0);
      return { ...entry, monthlyCostDeltaCents: delta === 0 ? null : monthlyCents(delta) };
    },
  },
  'PATCH /v1/pods/:podId': podAction('pod.change', 'Changed'),
  'POST /v1/pods/:podId/stop': podAction('pod.stop', 'Stopped'),
  'POST /v1/pods/:podId/start': podAction('pod.start', 'Started'),
  'POST /v1/pods/:podId/terminate': podAction('pod.terminate', 'Terminated'),
  'POST /v1/pods/:podId/keep-running': podAction('pod.keep-running', 'Kept running (auto-stop countdown paused):'),
  ...budgetRecorders(),
  ...decisionRecorders(),
  'PUT /v1/egress/thresholds/:projectId': {
    before: (ctx, { params }) => ctx.state.egressWarningThresholds?.[params.projectId ?? ''] ?? null,
    entry: (ctx, { params }, _res, seen) => {
      const id = params.projectId ?? '';
      const after = ctx.state.egressWarningThresholds?.[id] ?? null;
      if (after === seen.before) return null;
      return {
        action: 'egress.threshold',
        summary: `Egress warning for ${projectName(ctx.state, id)} set to ${String(after)} % of the free allowance`,
        targetType: 'project',
        targetId: id,
        targetName: projectName(ctx.state, id),
        projectId: id,
        targetOwnerId: null,
        before: seen.before === null ? null : { warningThresholdPercent: seen.before },
        after: { warningThresholdPercent: after },
        monthlyCostDeltaCents: null,
      };
    },
  },
  'PUT /v1/utilization/settings': {
    before: (ctx) => JSON.stringify(ctx.state.wasteSettingsVersions?.at(-1) ?? null),
    entry: (ctx, _input, _res, seen) => {
      const after = ctx.state.wasteSettingsVersions?.at(-1) ?? null;
      if (JSON.stringify(after) === seen.before) return null;
      const facts = (v: unknown): Facts | null => (v && typeof v === 'object' ? Object.fromEntries(Object.entries(v as Facts).filter(([k]) => !/At|By|Ms$/.test(k))) : null);
      return {
        action: 'utilization.settings',
        summary: 'Changed the organization’s waste thresholds',
        targetType: 'organization',
        targetId: ctx.state.organization.id,
        targetName: ctx.state.organization.name,
        projectId: null,
        targetOwnerId: null,
        before: facts(JSON.parse(String(seen.before)) as unknown),
        after: facts(after),
        monthlyCostDeltaCents: null,
      };
    },
  },
  'POST /v1/api-tokens': {
    before: () => null,
    entry: (ctx, _input, res) => {
      const token = (res.body as { token?: { id: string; name: string; role: string; readOnly: boolean; projectIds: string[] | null; expiresAt: string; kind: string } }).token;
      if (!token) return null;
      return {
        action: 'api-token.create',
        summary: `Created ${token.kind} API token “${token.name}” (${token.role}, ${token.readOnly ? 'read-only' : 'read and change'})`,
        targetType: 'api-token',
        targetId: token.id,
        targetName: token.name,
        projectId: token.projectIds?.length === 1 ? (token.projectIds[0] ?? null) : null,
        targetOwnerId: currentUser(ctx).id,
        before: null,
        after: { role: token.role, readOnly: token.readOnly, projects: token.projectIds === null ? 'all' : token.projectIds.join(', '), expiresAt: token.expiresAt },
        monthlyCostDeltaCents: null,
      };
    },
  },
  'DELETE /v1/api-tokens/:id': {
    before: (ctx, { params }) => {
      const token = ctx.state.apiTokens?.find((t) => t.id === params.id);
      return token ? token.revokedAtMs : 'missing';
    },
    entry: (ctx, { params }, _res, seen) => {
      const token = ctx.state.apiTokens?.find((t) => t.id === params.id);
      if (!token || seen.before !== null) return null;
      return {
        action: 'api-token.revoke',
        summary: `Revoked API token “${token.name}”`,
        targetType: 'api-token',
        targetId: token.id,
        targetName: token.name,
        projectId: null,
        targetOwnerId: token.ownerId,
        before: { status: 'active' },
        after: { status: 'revoked' },
        monthlyCostDeltaCents: null,
      };
    },
  },
  'POST /v1/ssh-keys': {
    before: () => null,
    entry: (ctx, _input, res) => {
      const key = res.body as { id: string; name: string; fingerprint: string; type: string } | undefined;
      if (!key) return null;
      return {
        action: 'ssh-key.create',
        summary: `Saved SSH key “${key.name}” (${key.type} ${key.fingerprint})`,
        targetType: 'ssh-key',
        targetId: key.id,
        targetName: key.name,
        projectId: null,
        targetOwnerId: currentUser(ctx).id,
        before: null,
        after: { fingerprint: key.fingerprint },
        monthlyCostDeltaCents: null,
      };
    },
  },
  'DELETE /v1/ssh-keys/:keyId': {
    before: (ctx, { params }) => ctx.state.sshKeys?.find((k) => k.id === params.keyId) ?? null,
    entry: (ctx, _input, _res, seen) => {
      const key = seen.before as { id: string; name: string; fingerprint: string; ownerId: string } | null;
      if (!key) return null;
      return {
        action: 'ssh-key.delete',
        summary: `Removed SSH key “${key.name}” (${key.fingerprint})`,
        targetType: 'ssh-key',
        targetId: key.id,
        targetName: key.name,
        projectId: null,
        targetOwnerId: key.ownerId,
        before: { fingerprint: key.fingerprint },
        after: null,
        monthlyCostDeltaCents: null,
      };
    },
  },
  'POST /v1/simulation/reset': simulation((_input, ctx) => `Reset the simulated world (${ctx.state.scenario ?? 'default'} scenario)`),
  'POST /v1/simulation/advance': simulation((input) => `Moved the simulated clock forward ${Math.round(Number((input.body as { durationMs?: number } | undefined)?.durationMs ?? 0) / 60_000)} minutes`),
  'POST /v1/simulation/act-as': simulation((input, ctx) => `Now acting as ${ctx.state.users.find((u) => u.id === (input.body as { userId?: string } | undefined)?.userId)?.name ?? 'another user'}`),
};

function simulation(summary: (input: RouteInput, ctx: CloudContext) => string): Recorder {
  return {
    before: (ctx) => currentUser(ctx),
    entry: (ctx, input) => ({
      action: 'simulation.change',
      summary: summary(input, ctx),
      targetType: 'organization',
      targetId: ctx.state.organization.id,
      targetName: ctx.state.organization.name,
      projectId: null,
      targetOwnerId: null,
      before: null,
      after: null,
      monthlyCostDeltaCents: null,
    }),
  };
}

interface BudgetLike {
  id: string;
  projectId: string | null;
  amountCents: number;
  thresholdsPercent: number[];
  policy: string;
}

function budgetFacts(b: BudgetLike): Facts {
  return { amountCents: b.amountCents, thresholdsPercent: b.thresholdsPercent.join(', '), policy: b.policy };
}

function budgetRecorders(): Record<string, Recorder> {
  const find = (ctx: CloudContext, id: string | undefined): BudgetLike | undefined => ctx.state.budgets?.find((b) => b.id === id);
  const entry = (ctx: CloudContext, action: AuditAction, b: BudgetLike, verb: string, before: Facts | null, after: Facts | null): Entry => ({
    action,
    summary: `${verb} the ${projectName(ctx.state, b.projectId)} budget`,
    targetType: 'budget',
    targetId: b.id,
    targetName: projectName(ctx.state, b.projectId),
    projectId: b.projectId,
    targetOwnerId: null,
    before,
    after,
    monthlyCostDeltaCents: null,
  });
  return {
    'POST /v1/budgets': {
      before: () => null,
      entry: (ctx, _input, res) => {
        const b = find(ctx, (res.body as Named | undefined)?.id);
        return b ? entry(ctx, 'budget.create', b, 'Set', null, budgetFacts(b)) : null;
      },
    },
    'PUT /v1/budgets/:budgetId': {
      before: (ctx, { params }) => {
        const b = find(ctx, params.budgetId);
        return b ? budgetFacts(b) : null;
      },
      entry: (ctx, { params }, _res, seen) => {
        const b = find(ctx, params.budgetId);
        const after = b ? budgetFacts(b) : null;
        if (!b || !after || JSON.stringify(after) === JSON.stringify(seen.before)) return null;
        return entry(ctx, 'budget.change', b, 'Changed', seen.before as Facts, after);
      },
    },
    'DELETE /v1/budgets/:budgetId': {
      before: (ctx, { params }) => find(ctx, params.budgetId) ?? null,
      entry: (ctx, _input, _res, seen) => {
        const b = seen.before as BudgetLike | null;
        return b ? entry(ctx, 'budget.delete', b, 'Removed', budgetFacts(b), null) : null;
      },
    },
  };
}

function decisionRecorders(): Record<string, Recorder> {
  const make = (action: AuditAction, verb: string): Recorder => ({
    before: (ctx, { params }) => ctx.state.recommendationDecisions?.[params.recommendationId ?? '']?.status ?? 'open',
    entry: (ctx, { params, body }, res, seen) => {
      const id = params.recommendationId ?? '';
      const after = ctx.state.recommendationDecisions?.[id]?.status ?? 'open';
      const rec = res.body as { kind?: string; podNames?: string[]; projectId?: string | null; ownerIds?: string[] } | undefined;
      const reason = (body as { reason?: string } | undefined)?.reason;
      const title = rec?.kind ? `${rec.kind.replace(/-/g, ' ')}${rec.podNames?.length ? ` for ${rec.podNames.join(', ')}` : ''}` : id;
      return {
        action,
        summary: `${verb} recommendation: ${title}${reason ? ` (${reason.replace(/-/g, ' ')})` : ''}`,
        targetType: 'recommendation',
        targetId: id,
        targetName: title.slice(0, 200),
        projectId: rec?.projectId ?? null,
        targetOwnerId: rec?.ownerIds?.length === 1 ? (rec.ownerIds[0] ?? null) : null,
        before: { status: seen.before },
        after: { status: after },
        monthlyCostDeltaCents: null,
      };
    },
  });
  return {
    'POST /v1/recommendations/:recommendationId/dismiss': make('recommendation.dismiss', 'Dismissed'),
    'POST /v1/recommendations/:recommendationId/snooze': make('recommendation.snooze', 'Snoozed'),
    'POST /v1/recommendations/:recommendationId/restore': make('recommendation.restore', 'Restored'),
  };
}

/** Runs a state-changing route and records what it did (http.ts dispatch). */
export async function audited(ctx: CloudContext, route: Route, input: RouteInput): Promise<CloudResponse> {
  const recorder = RECORDERS[`${route.method} ${route.path}`];
  if (!recorder) return route.handler(ctx, input);
  const seen: Observation = { before: recorder.before(ctx, input), nowMs: ctx.now() };
  // Who made the call (acting as someone else changes the acting user).
  const by = currentUser(ctx);
  const res = await route.handler(ctx, input);
  if (res.status >= 400) return res;
  const entry = recorder.entry(ctx, input, res, seen);
  if (entry) {
    appendAudit(ctx, entry, { kind: 'user', id: by.id, name: by.name });
    ctx.save();
  }
  return res;
}

/** A budget policy stopped a pod (budget-reconcile.ts). */
export function auditPolicyStop(ctx: CloudContext, pod: Pod, before: Facts, scopeName: string, nowMs: number): void {
  appendAudit(
    ctx,
    podEntry('budget.policy-stop', pod, `The ${scopeName} budget is spent: its policy stopped idle pod ${pod.name}`, before, podFacts(pod, nowMs)),
    { kind: 'policy', id: null, name: `${scopeName} budget policy` },
    nowMs,
  );
}

/**
 * The auto-stops that happened since the reconcilers last ran (each scheduled as a stop at the
 * moment the GPUs had been idle long enough), one entry each, at that moment: pods-autostop.ts's
 * reconciler calls it first.
 */
export function reconcileAudit(ctx: CloudContext, nowMs: number, autoStopPrefix: string): void {
  const sinceMs = ctx.state.reconciledAtMs ?? ctx.state.anchorMs;
  // Only a watched pod is auto-stopped, and its watch outlives the stop until this runs.
  const watched = new Set(Object.keys(ctx.state.autoStopWatches ?? {}));
  if (nowMs <= sinceMs || watched.size === 0) return;
  for (const pod of ctx.state.pods) {
    if (!watched.has(pod.id)) continue;
    for (const t of pod.transitions) {
      if (t.status !== 'stopping' || t.atMs <= sinceMs || t.atMs > nowMs || !t.reason.startsWith(autoStopPrefix)) continue;
      const disk = pod.diskMicroUsdPerHour;
      const running = pod.gpuCount * pod.rateMicroUsdPerGpuHour + disk;
      appendAudit(
        ctx,
        {
          action: 'pod.auto-stop',
          summary: `Auto-stop stopped pod ${pod.name}: ${t.reason}`,
          targetType: 'pod',
          targetId: pod.id,
          targetName: pod.name,
          projectId: pod.projectId,
          targetOwnerId: pod.ownerId,
          before: { status: 'running', rateMicroUsdPerHour: running },
          after: { status: 'stopped', rateMicroUsdPerHour: disk },
          monthlyCostDeltaCents: monthlyCents(disk - running),
        },
        { kind: 'policy', id: null, name: 'Auto-stop' },
        t.atMs,
      );
      notifyAutoStopped(ctx, pod, t.atMs, t.reason);
    }
  }
}
