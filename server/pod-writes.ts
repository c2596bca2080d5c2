/**
 * Pod writes that load only their own rows (issue 14: "a write touches its own rows"). Stop,
 * start, terminate, keep-running and PATCH of one pod, and a launch, run the cloud's own
 * operation (src/cloud/ops/pods.ts) over a partial state (state-store.ts loadPartialState): the
 * organization's row, clock and extras, the signed-in and acting users, every project with its
 * members, and only
 * - for one pod: that pod, the pod it replaces (a stop before the replacement runs gives it back
 *   its future), their auto-stop watches and replacement records;
 * - for a launch: the pods of the project with the asked name (a live one refuses the name), the
 *   pod it replaces, the ids the launch may take (launchPodIdAttempt: the first free one is the
 *   pod's), their watches, every Idempotency-Key record (the launch prunes and appends them) and
 *   the budgets (a "block new launches" budget of the project or the organization needs the
 *   month's spend over its pods: such a launch takes the full path), and the saved SSH key it
 *   names (sshKeyId), if it is the acting user's.
 * What the capacity and quota checks count over every pod (GPUs held now per GPU type and region,
 * and per project) is summed in SQL (CloudContext.fleet) from the pods that hold GPUs now: those
 * settled in a holding status (an index range) and those not settled yet (migration 003's
 * columns), bounded by the fleet's capacity, not by the organization's history.
 *
 * The answers are the full path's (server/api.ts): the operation reads nothing else, and the
 * reconcilers, which read every pod, have nothing to do. A partial write runs only while the
 * organization is reconciled (sim_clock.reconciled_at_ms within RECONCILE_EVERY_MS of now, as the
 * full path would not reconcile either; server/state-reconciler.ts keeps it so in the background)
 * and every pod has its read columns; otherwise, and whenever the operation asks for something the
 * partial state does not have (PartialStateShort) or would add a row that exists
 * (PartialWriteConflict), the request runs again on the full path. The request's real time is
 * fixed once, so its now is the one the SQL figures were taken at.
 */
import { RECONCILE_EVERY_MS } from '../src/cloud/reconcile';
import type { CloudRequest } from '../src/cloud/http';
import type { CloudState } from '../src/cloud/model';
import type { FleetFigures } from '../src/cloud/context';
import { GPU_HOLDING } from '../src/cloud/ops/catalog';
import { MIG_COMPUTE_SLICES } from '../src/domain/mig';
import { launchPodIdAttempt, launchPodIdSalt } from '../src/cloud/pods-launch';
import { simulatedNow } from './cloud-context';
import type { Tx } from './db';
import type { Session } from './sessions';
import { loadPartialState, PartialWriteConflict, STATE_TABLES } from './state-store';

/** The operation asked the partial state for something it does not hold: the request runs again on the full path. */
export class PartialStateShort extends Error {}

/** Whether an error means "run this request again on the full path". */
export const needsFullPath = (e: unknown): boolean => e instanceof PartialStateShort || e instanceof PartialWriteConflict;

type PodWrite = { kind: 'pod'; podId: string; counts: boolean } | { kind: 'launch' };

const POD_ACTION = /^\/v1\/pods\/([^/]+)\/(stop|start|terminate|keep-running)$/;
const POD = /^\/v1\/pods\/([^/]+)$/;
/** Ids a launch's partial state holds of those it may take (one is taken by chance only once in billions). */
const LAUNCH_ID_ATTEMPTS = 8;

/** The pod write a request is, or null (the full path). */
export function podWriteOf(call: CloudRequest): PodWrite | null {
  const id = (m: RegExpExecArray | null): string | null => {
    if (!m) return null;
    try {
      return decodeURIComponent(m[1] ?? '');
    } catch {
      return null;
    }
  };
  if (call.method === 'POST' && call.path === '/v1/pods') return { kind: 'launch' };
  if (call.method === 'POST') {
    const m = POD_ACTION.exec(call.path);
    const podId = id(m);
    // A start counts GPUs held (quota, capacity); the others do not.
    return podId === null ? null : { kind: 'pod', podId, counts: m?.[2] === 'start' };
  }
  if (call.method === 'PATCH') {
    const podId = id(POD.exec(call.path));
    // A GPU count changed in place counts GPUs held.
    const body = call.body;
    const counts = typeof body === 'object' && body !== null && 'gpuCount' in body;
    return podId === null ? null : { kind: 'pod', podId, counts };
  }
  return null;
}

export interface PodWriteState {
  state: CloudState;
  /** The real time the request runs at (its now is fixed: the SQL figures were taken then). */
  realNowMs: number;
  fleet: FleetFigures;
}

/** cloud/reconcile.ts's own test: the full path would run no reconciler now. */
function reconciled(state: CloudState, nowMs: number): boolean {
  const last = state.reconciledAtMs ?? state.anchorMs;
  return nowMs >= last && nowMs - last < RECONCILE_EVERY_MS;
}

const stringField = (body: unknown, name: string): string | null => {
  const v = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>)[name] : undefined;
  return typeof v === 'string' ? v : null;
};

/**
 * The partial state for a pod write, its row lock taken; null: the full path (not a pod write,
 * the reconcilers are due, pods lack read columns, a blocking budget, no such organization).
 */
export async function loadPodWrite(tx: Tx, session: Session, call: CloudRequest, realNowMs: number): Promise<PodWriteState | null> {
  const write = podWriteOf(call);
  if (!write) return null;
  const orgId = session.orgId;
  const acting = session.actingUserId ?? session.userId;
  const launch = write.kind === 'launch';
  const params: unknown[] = [];
  const param = (v: unknown): string => {
    params.push(v);
    return `$${params.length + 1}`; // $1 is the organization
  };
  const textArray = (values: readonly string[]): string => `ARRAY(SELECT jsonb_array_elements_text(${param(JSON.stringify(values))}::text::jsonb))`;
  // The ids of the pods it holds, as one SQL array (one index lookup per id: an OR of conditions would scan the pods).
  let podIds: string;
  if (!launch) {
    const ids = textArray([write.podId]);
    podIds = `ARRAY(SELECT unnest(${ids}) UNION SELECT r.replaces_pod_id FROM pod_replacements r WHERE r.org_id = $1 AND r.pod_id = ANY(${ids}))`;
  } else {
    // The ids launchPod tries depend on its now and the organization's seed: read them first, under the row lock.
    if ((await tx.query('SELECT id FROM organizations WHERE id = $1 FOR UPDATE', [orgId])).length === 0) return null;
    const [org] = await tx.query('SELECT o.seed, o.anchor_ms, c.real_start_ms, c.offset_ms FROM organizations o JOIN sim_clock c ON c.org_id = o.id WHERE o.id = $1', [orgId]);
    if (!org) return null;
    const clock = { anchorMs: Number(org.anchor_ms), clock: { realStartMs: Number(org.real_start_ms), offsetMs: Number(org.offset_ms) } } as CloudState;
    const salt = launchPodIdSalt(call.headers.get('Idempotency-Key') ?? '', acting, simulatedNow(clock, realNowMs));
    const ids = Array.from({ length: LAUNCH_ID_ATTEMPTS }, (_, i) => launchPodIdAttempt(Number(org.seed), salt, i));
    const replaces = stringField(call.body, 'replacesPodId');
    if (replaces !== null) ids.push(replaces);
    const projectId = stringField(call.body, 'projectId');
    const name = stringField(call.body, 'name');
    const sameName = projectId !== null && name !== null ? ` UNION SELECT p.id FROM pods p WHERE p.org_id = $1 AND p.project_id = ${param(projectId)}::text AND p.name = ${param(name)}::text` : '';
    podIds = `ARRAY(SELECT unnest(${textArray(ids)})${sameName})`;
  }
  const where: Record<string, string> = {
    users: `x.id IN (${param(session.userId)}::text, ${param(acting)}::text)`,
    projects: 'all',
    project_members: 'all',
    pods: `x.id = ANY(${podIds})`,
    pod_autostop_watches: `x.pod_id = ANY(${podIds})`,
    pod_replacements: `x.pod_id = ANY(${podIds})`,
    ...(launch ? { idempotency_keys: 'all', budgets: 'all' } : {}),
  };
  // A launch with a saved key (pods-launch.ts, sshKeyId) reads that key, the acting user's own, and marks it used.
  const sshKeyId = launch ? stringField(call.body, 'sshKeyId') : null;
  if (sshKeyId !== null) where.ssh_keys = `x.id = ${param(sshKeyId)}::text AND x.owner_id = ${param(acting)}::text`;
  for (const table of Object.keys(where)) if (!STATE_TABLES.includes(table)) throw new Error(`no table ${table}`);
  const loaded = await loadPartialState(tx, orgId, { where, params });
  if (!loaded) return null;
  const { state, unfilled } = loaded;
  const nowMs = simulatedNow(state, realNowMs);
  if (unfilled || !reconciled(state, nowMs)) return null;
  if (launch) {
    // budget-guard.ts: a "block new launches" budget over the project or the organization judges the month's spend of its pods.
    const projectId = stringField(call.body, 'projectId');
    const blocking = (state.budgets ?? []).some((b) => b.policy === 'block-launches' && (b.projectId === null || b.projectId === projectId));
    if (projectId !== null && projectId !== '' && blocking) return null;
  }
  const held = launch || (write.kind === 'pod' && write.counts) ? await gpusHeldAt(tx, orgId, nowMs) : null;
  return {
    state,
    realNowMs,
    fleet: {
      gpusHeld: (atMs) => {
        if (!held || atMs !== nowMs) throw new PartialStateShort(`GPUs held at ${atMs} (the write counted ${held ? nowMs : 'none'})`);
        return held;
      },
    },
  };
}

/**
 * GPUs held at nowMs per "gpuTypeId/regionId" and per project (cloud/ops/catalog.ts gpusInUse,
 * pods-capacity.ts projectGpusHeld) in SQL: the pods settled by now in a holding status, and those
 * not settled yet whose transitions say they hold GPUs now (pod_status_at, migration 003).
 */
async function gpusHeldAt(tx: Tx, orgId: string, nowMs: number): Promise<ReturnType<FleetFigures['gpusHeld']>> {
  // The statuses as literals (constants of the cloud), so that the planner reads them from the status index.
  const statuses = [...GPU_HOLDING].map((s) => {
    if (!/^[a-z]+$/.test(s)) throw new Error(`status ${s}`);
    return `'${s}'`;
  });
  // A MIG slice pod (its migProfile kept in the extra column) holds its compute slices in sevenths (domain/mig.ts gpuSevenths).
  const sevenths = `p.gpu_count * CASE WHEN p.extra->>'migProfile' IS NULL THEN ${MIG_COMPUTE_SLICES} ELSE coalesce(substring(p.extra->>'migProfile' from '^([1-7])g\\.')::int, ${MIG_COMPUTE_SLICES}) END`;
  const rows = await tx.query<{ gpu_type_id: string; region_id: string; project_id: string; sevenths: number | string }>(
    `SELECT h.gpu_type_id, h.region_id, h.project_id, sum(h.sevenths)::bigint AS sevenths FROM (
       SELECT p.gpu_type_id, p.region_id, p.project_id, ${sevenths} AS sevenths FROM pods p
         WHERE p.org_id = $1 AND p.settled_status IN (${statuses.join(', ')}) AND p.settled_at_ms <= $2::double precision
       UNION ALL
       SELECT p.gpu_type_id, p.region_id, p.project_id, ${sevenths} AS sevenths FROM pods p
         WHERE p.org_id = $1 AND p.settled_at_ms > $2::double precision AND pod_status_at(p.transitions, $2::double precision) IN (${statuses.join(', ')})
     ) h GROUP BY h.gpu_type_id, h.region_id, h.project_id`,
    [orgId, nowMs],
  );
  const byOffer = new Map<string, number>();
  const byProject = new Map<string, number>();
  for (const r of rows) {
    const gpus = Number(r.sevenths) / MIG_COMPUTE_SLICES;
    const offer = `${r.gpu_type_id}/${r.region_id}`;
    byOffer.set(offer, (byOffer.get(offer) ?? 0) + gpus);
    byProject.set(r.project_id, (byProject.get(r.project_id) ?? 0) + gpus);
  }
  return { byOffer, byProject };
}
