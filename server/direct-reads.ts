/**
 * Reads answered by SQL, without loading the organization's state: each entry selects the rows
 * its answer needs (the signed-in user, the projects, one page of pods …) and answers exactly
 * what the cloud service would answer over the whole state at the same time. Where it can, an
 * entry builds a small CloudState of just those rows and lets the cloud's own route answer
 * (session, users, projects, one pod); the pod list is paged, filtered and sorted in SQL with the
 * cloud's podView for each row of the page. An entry that cannot answer exactly (a telemetry
 * source, a parameter the cloud refuses, state it would first set up) answers null: the request
 * then takes the full path (server/api.ts inOrganization), as does every other operation.
 *
 * One round trip. An entry's select adds its expressions to the statement that reads the
 * organization's row (clock, signed-in and acting users, projects and members), so a read is one
 * statement: one snapshot, no transaction. Its now is a parameter (the planner then knows it),
 * computed from the last clock seen for the organization; the row that comes back says whether
 * that clock still holds, and if not the statement runs again with the clock it read. Entries
 * that need statements of their own (the cost sort, the utilization reads) handle the read in a
 * REPEATABLE READ transaction instead.
 *
 * The reconcilers. On the full path every request first runs reconcile() (cloud/reconcile.ts),
 * which acts at most once per RECONCILE_EVERY_MS of simulated time and otherwise changes nothing.
 * A direct read answers only while the organization's sim_clock.reconciled_at_ms is within that
 * step of now, when the full path would not reconcile either, so both answer alike. Otherwise it
 * first catches the organization up (catchUp: its row locked, its state loaded, reconciled and the
 * changed rows written; once per organization at a time in this process, re-checked under the
 * lock so concurrent instances do it once), then reads. So at most one request per simulated
 * minute and organization pays for a whole-state load; a clock that keeps running stale after
 * that (it cannot: reconciling sets reconciled_at_ms to now) would fall back to the full path.
 * The same step fills in pod read columns that rows written before migration 003 lack.
 *
 * More entries (the utilization reads, server/usage-reads.ts; recommendations, server/recommendation-reads.ts) append to DIRECT_READS or pass
 * their own list in ApiOptions.directReads.
 */
import { reconcile, RECONCILE_EVERY_MS } from '../src/cloud/reconcile';
import { dispatch, ok, type CloudRequest, type CloudResponse } from '../src/cloud/http';
import { routesFor } from '../src/cloud/routes';
import { POD_STATUSES, type CloudState, type Pod, type PodStatus, type User } from '../src/cloud/model';
import { decodePodCursor, encodePodCursor, podCostToDateCents, podView, type PodCursor } from '../src/cloud/ops/pods';
import { telemetryOf } from '../src/cloud/telemetry';
import type { Schemas } from '../src/cloud/api-types';
import { requestContext, simulatedNow } from './cloud-context';
import type { Database, Row, Tx } from './db';
import type { Logger } from './log';
import type { TelemetrySource } from './prometheus-telemetry';
import type { Session } from './sessions';
import { itemColumns, itemFromRow, loadState, sameSnapshot, snapshot, writeChanges, writePodReadColumns } from './state-store';
import { dressFor } from './tenants';
import { USAGE_READS } from './usage-reads';
import { RECOMMENDATION_READS } from './recommendation-reads';
import { AUDIT_READ } from './audit-reads';
import { WEBHOOK_DELIVERIES_READ } from './webhook-reads';

/** What a direct read knows before it selects anything: who asks, in which organization, when. */
export interface ReadScope {
  session: Session;
  /** The user the request acts as (the demo's "act as", else the signed-in one). */
  user: User;
  /** The signed-in user. */
  signedIn: User;
  /** The organization's state without its parts (identity, clock): add the parts a read selects. */
  base: CloudState;
  /** The organization's projects with their members (every read through the reader has them: they are few). */
  projects?: CloudState['projects'];
  /** The optional parts of the state that exist (organizations.present_parts). */
  presentParts: ReadonlySet<string>;
  /** The server's telemetry source (PROMETHEUS_URL), if any: the simulator's telemetry otherwise. */
  telemetry: TelemetrySource | null;
  realNow: () => number;
}

/**
 * What a read adds to the statement that selects the organization's row: expressions of its
 * select list (SQL over the CTE "o", the organization with its now_ms, and "v", the ids of the
 * projects the acting user sees), then its answer from the one row that comes back.
 */
export interface Selection {
  columns: string[];
  answer(row: Row, scope: ReadScope, nowMs: number): Promise<CloudResponse | null> | CloudResponse | null;
}

/** Where a read's select list gets its parameters and the request's now and visibility. */
export interface SelectionBuilder {
  /** A parameter's placeholder ($n). */
  param(value: unknown): string;
  /** The simulated now (ms, double precision), as SQL (a parameter). */
  now: string;
  /** The ids of the projects the acting user sees, as a SQL text array. */
  visible: string;
  orgId: string;
}

export interface DirectRead {
  method: 'GET';
  /** Matched against the request's path (/v1/…, no trailing slash). */
  path: RegExp;
  /**
   * The read as part of one statement with the organization's row (one round trip, one snapshot,
   * no transaction); null: not this way (then handle, if any).
   */
  select?(call: CloudRequest, sql: SelectionBuilder, telemetry: TelemetrySource | null): Selection | null;
  /**
   * The answer from statements of its own (when select gives none), or null to leave the request
   * to the full path. Runs in a REPEATABLE READ transaction.
   */
  handle(tx: Tx, scope: ReadScope, call: CloudRequest, nowMs: number): Promise<CloudResponse | null>;
  /**
   * The read applies an API token's scope (its role and projects, server/api-tokens.ts). Reads
   * without it answer only for a session or a token with its owner's own access: a narrowed token's
   * request then takes the full path, where the cloud applies the scope.
   */
  honoursTokenScope?: true;
}

// ---------------------------------------------------------------------------------------------
// Selecting parts of the state

const cols = (table: string, alias = ''): string => itemColumns(table).map((c) => `${alias}${c}`).join(', ');
/** json_build_object's arguments for a table's item columns ('id', t.id, …). */
const jsonColumns = (table: string, alias: string): string => itemColumns(table).map((c) => `'${c}', ${alias}.${c}`).join(', ');
const USER_COLUMNS = cols('users');
const PROJECT_COLUMNS = cols('projects', 'p.');
const POD_COLUMNS = cols('pods');
/** The read columns (migration 003) a settled pod's cost-to-date is computed from. */
const COST_COLUMNS = 'p.settled_at_ms, p.cost_fixed_cents, p.hour_running_ms, p.gpu_count_after, p.runs_after, p.day_existing_ms, p.exists_after';
/**
 * From how many GPU-hours since its creation a listed pod's cost is asked of SQL rather than walked
 * in podView: the demo organization's two-month-old pods (11,000 GPU-hours at 8 GPUs) cost the
 * server 3 s of every 9 in gpuHourCents; the large preset's newest pods are a few GPU-hours each.
 */
const SQL_COST_FROM_GPU_HOURS = 500;
/** A page's pod columns from its subquery "y". */
const PAGE_COLUMNS = cols('pods', 'y.');

/**
 * The statement and its parameters, renumbered to those it uses: a read builds its statements
 * from fragments over one list of parameters, and a driver refuses parameters a statement lacks.
 */
function statement(text: string, params: readonly unknown[]): [string, unknown[]] {
  const used: unknown[] = [];
  const renumbered = new Map<number, number>();
  const out = text.replace(/\$(\d+)/g, (_m, n: string) => {
    const i = Number(n);
    let j = renumbered.get(i);
    if (j === undefined) {
      used.push(params[i - 1]);
      j = used.length;
      renumbered.set(i, j);
    }
    return `$${j}`;
  });
  return [out, used];
}

/** A list parameter as SQL: a text array built from JSON (drivers differ in how they send arrays). */
function textArray(param: (v: unknown) => string, values: readonly string[]): string {
  return `ARRAY(SELECT jsonb_array_elements_text(${param(JSON.stringify(values))}::text::jsonb))`;
}

export async function selectUsers(tx: Tx, orgId: string): Promise<User[]> {
  const rows = await tx.query(`SELECT ${USER_COLUMNS} FROM users WHERE org_id = $1 ORDER BY position`, [orgId]);
  return rows.map((r) => itemFromRow('users', r) as unknown as User);
}

/** The organization's projects with their members, in the state's order. */
export async function selectProjects(tx: Tx, orgId: string): Promise<CloudState['projects']> {
  const rows = await tx.query(
    `SELECT ${PROJECT_COLUMNS},
       (SELECT coalesce(json_agg(m.user_id ORDER BY m.position), '[]') FROM project_members m WHERE m.org_id = p.org_id AND m.project_id = p.id) AS member_ids
     FROM projects p WHERE p.org_id = $1 ORDER BY p.position`,
    [orgId],
  );
  return rows.map((r) => ({ ...(itemFromRow('projects', r) as { id: string; name: string }), memberIds: (r.member_ids as string[]).map(String) }));
}

/** cloud/context.ts visibleProjectIds: every project for admins and finance, their own for engineers. */
export function visibleProjectIdsOf(user: User, projects: CloudState['projects']): string[] {
  return (user.role === 'engineer' ? projects.filter((p) => p.memberIds.includes(user.id)) : projects).map((p) => p.id);
}

/** The cloud's own route over a state of just the selected parts (the acting user is current). */
async function cloudAnswer(scope: ReadScope, parts: Partial<CloudState>, call: CloudRequest): Promise<CloudResponse> {
  const state: CloudState = { ...scope.base, users: [scope.user], projects: [], pods: [], ...parts, currentUserId: scope.user.id };
  const run = requestContext(state, scope.realNow, (world) => world);
  return dispatch(run.ctx, await routesFor(call.path), call);
}

// ---------------------------------------------------------------------------------------------
// GET /v1/pods

type SortKey = 'createdAt' | 'name' | 'status' | 'costToDate' | 'gpuCount';
const SORT_KEYS: SortKey[] = ['createdAt', 'name', 'status', 'costToDate', 'gpuCount'];
const FILTERS: Array<[string, string]> = [
  ['projectId', 'project_id'],
  ['ownerId', 'owner_id'],
  ['gpuTypeId', 'gpu_type_id'],
  ['regionId', 'region_id'],
];

/** cloud/query-params.ts intParam, but null where it would answer 400 (the full path then does). */
function intOr(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number | null {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  return Number.isInteger(n) && n >= min && n <= max ? n : null;
}

/** A pod's sort value as listPods (cloud/ops/pods.ts) compares it: what a cursor carries. */
function sortValueOf(sort: SortKey, pod: Pod, view: Schemas['Pod']): string | number {
  switch (sort) {
    case 'createdAt':
      return pod.createdAtMs;
    case 'name':
      return pod.name;
    case 'status':
      return POD_STATUSES.indexOf(view.status as PodStatus);
    case 'costToDate':
      return view.costToDateCents;
    case 'gpuCount':
      return pod.gpuCount;
  }
}

interface ListQuery {
  sort: SortKey;
  desc: boolean;
  statuses: string[];
  offset: number;
  limit: number;
  cursor: PodCursor | null;
}

/** The list's parameters as listPods reads them; null where it answers 400 (the full path then does). */
function listQuery(query: URLSearchParams): ListQuery | null {
  const statuses = [...new Set(query.getAll('status'))];
  if (statuses.some((s) => !POD_STATUSES.includes(s as PodStatus))) return null;
  const sort = (query.get('sort') ?? 'createdAt') as SortKey;
  if (!SORT_KEYS.includes(sort)) return null;
  const offset = intOr(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
  const limit = intOr(query, 'limit', 100, 1, 500);
  if (offset === null || limit === null) return null;
  // The cursor as the cloud reads it (its encoding, cloud/ops/pods.ts); one it refuses, or one with
  // an offset, or a sort value SQL would compare otherwise (a fraction), is the full path's.
  const cursorText = query.get('cursor') ?? '';
  let cursor: PodCursor | null = null;
  if (cursorText !== '') {
    if ((query.get('offset') ?? '') !== '') return null;
    try {
      cursor = decodePodCursor(cursorText, sort);
    } catch {
      return null;
    }
    if (sort !== 'name' && !Number.isSafeInteger(cursor[0])) return null;
  }
  return { sort, desc: query.get('order') !== 'asc', statuses, offset, limit, cursor };
}

/**
 * listPods (cloud/ops/pods.ts) in SQL: the filters and the visibility in the WHERE clause, the
 * order (ties by id, ascending) in ORDER BY, the page by OFFSET or by a keyset cursor, the total
 * by count(*); the page's rows only are read and made Pod objects for podView.
 *
 * Status and cost at now come from the read columns of migration 003: a pod settled by now (all
 * of them but launches in progress and scheduled stops) has its settled_status and the
 * pod_cost_cents_at of its columns; the others have SQL's pod_status_at of their transitions and
 * the cloud's own podCostToDateCents, computed here for them alone when the cost sorts
 * (unsettledCosts: a JSON object of cents by pod id).
 *
 * Creation time and name, the orders a list opens with, are read from an index: about offset +
 * limit rows (with a status filter, one index range per status plus the pods not settled, merged).
 * Sorting by status, cost or GPU count computes the key in SQL over the filtered pods and sorts
 * there: only the page leaves the database, but the database reads every filtered row. The total
 * is a sum over the organization's pod counts (migration 015: by project, owner, GPU type, region
 * and settled status; with a status filter, corrected by the few pods not settled by now) unless
 * the list searches; then a count(*) in the database over the filtered pods. A cursor's page
 * counts the pods up to the cursor for its offset: as many rows as the pages before it.
 */
function listColumns(list: ListQuery, query: URLSearchParams, sql: SelectionBuilder, unsettledCosts: string | null): string[] {
  const { param, now } = sql;
  const where = ['p.org_id = $1', `p.project_id = ANY(${sql.visible})`];
  // The same filters over pod_counts (migration 015), whose columns have the pods' names.
  const counted = ['c.org_id = $1', `c.project_id = ANY(${sql.visible})`];
  for (const [name, column] of FILTERS) {
    const want = query.get(name);
    if (want === null || want === '') continue;
    const wantParam = `${param(want)}::text`;
    where.push(`p.${column} = ${wantParam}`);
    counted.push(`c.${column} = ${wantParam}`);
  }
  const q = (query.get('q') ?? '').trim().toLowerCase();
  if (q !== '') {
    const qp = `${param(q)}::text`;
    where.push(`(strpos(lower(p.name), ${qp}) > 0 OR strpos(lower(p.id), ${qp}) > 0)`);
  }
  const settled = `p.settled_at_ms <= ${now}`;
  /** A settled pod's cost-to-date at now from its read columns (migration 003), as podCostToDateCents computes it. */
  const settledCost = (a: string) =>
    `pod_cost_cents_at(${a}.settled_at_ms, ${a}.cost_fixed_cents, ${a}.hour_running_ms, ${a}.gpu_count_after, ${a}.runs_after, ${a}.day_existing_ms, ${a}.exists_after, ${a}.rate_micro_usd_per_gpu_hour, ${a}.disk_micro_usd_per_hour, ${now})`;
  const statusNow = `(CASE WHEN ${settled} THEN p.settled_status ELSE pod_status_at(p.transitions, ${now}) END)`;
  const sortKey = {
    createdAt: () => 'p.created_at_ms',
    name: () => 'p.name COLLATE "C"',
    gpuCount: () => 'p.gpu_count',
    status: () => `(array_position(${textArray(param, POD_STATUSES)}, ${statusNow}) - 1)`,
    costToDate: () => `(CASE WHEN ${settled} THEN ${settledCost('p')} ELSE ${unsettledCosts ?? 'NULL'} END)`,
  }[list.sort]();
  const dir = list.desc ? 'DESC' : 'ASC';
  const orderBy = (k: string, id: string) => `ORDER BY ${k} ${dir}, ${id} COLLATE "C" ASC`;

  let after: string | null = null;
  let upTo: string | null = null;
  if (list.cursor) {
    const [v, id] = list.cursor;
    const vp = `${param(v)}::${list.sort === 'name' ? 'text' : 'bigint'}`;
    const ip = `${param(id)}::text`;
    const cmp = list.desc ? '<' : '>';
    // The first comparison bounds an index range; the second drops the ties up to the cursor's id.
    after = `(${sortKey} ${cmp}= ${vp} AND (${sortKey} ${cmp} ${vp} OR p.id COLLATE "C" > ${ip}))`;
    // The rest of the filtered pods (the cursor's and those before it), an index range from the
    // list's start: the page's offset, counted over the pages before it instead of all after it.
    const back = list.desc ? '>' : '<';
    upTo = `(${sortKey} ${back}= ${vp} AND (${sortKey} ${back} ${vp} OR p.id COLLATE "C" <= ${ip}))`;
  }
  const statusList = list.statuses.length > 0 ? textArray(param, list.statuses) : null;
  const filtered = [...where, ...(statusList ? [`${statusNow} = ANY(${statusList})`] : [])].join(' AND ');
  const skip = list.cursor ? 0 : list.offset;
  const pageWhere = [...where, ...(after ? [after] : [])];
  const selected = `${POD_COLUMNS}, ${sortKey} AS sort_key, ${COST_COLUMNS}`;
  // The page's rows, with their cost now from the read columns where settled and old enough that
  // podView would walk a long ledger (computed for the page's rows only: the select list of a
  // query with ORDER BY and LIMIT). A young pod's ledger is quicker to walk than to ask for.
  const longLedger = `(${now} - y.created_at_ms) * y.gpu_count >= ${SQL_COST_FROM_GPU_HOURS * 3_600_000}`;
  const pageOf = (from: string) => `SELECT ${PAGE_COLUMNS}, y.sort_key, (CASE WHEN y.settled_at_ms <= ${now} AND ${longLedger} THEN ${settledCost('y')} END) AS cost_now FROM (${from}) y`;
  let page: string;
  if (statusList && (list.sort === 'createdAt' || list.sort === 'name')) {
    // One index range per status among the settled pods, and the few not settled by now, each
    // cut at the page's end, merged in order: no range reads more than offset + limit rows.
    const k = param(skip + list.limit);
    const branch = (condition: string) => `(SELECT ${selected} FROM pods p WHERE ${[...pageWhere, condition].join(' AND ')} ${orderBy(sortKey, 'p.id')} LIMIT ${k})`;
    const branches = list.statuses.map((s) => branch(`p.settled_status = ${param(s)}::text AND ${settled}`));
    branches.push(branch(`p.settled_at_ms > ${now} AND pod_status_at(p.transitions, ${now}) = ANY(${statusList})`));
    page = pageOf(branches.join(' UNION ALL '));
  } else {
    page = pageOf(`SELECT ${selected} FROM pods p WHERE ${[...pageWhere, ...(statusList ? [`${statusNow} = ANY(${statusList})`] : [])].join(' AND ')}`);
  }
  const outerKey = list.sort === 'name' ? 'x.sort_key COLLATE "C"' : 'x.sort_key';
  // Without a search, the total is a sum of the counter rows that match; with a status filter,
  // corrected by the pods not settled by now (their status now is not yet their settled one).
  let total = `(SELECT count(*)::int FROM pods p WHERE ${filtered})`;
  if (q === '' && !statusList) total = `(SELECT coalesce(sum(c.n), 0)::int FROM pod_counts c WHERE ${counted.join(' AND ')})`;
  if (q === '' && statusList) {
    const counters = `(SELECT coalesce(sum(c.n), 0)::int FROM pod_counts c WHERE ${counted.join(' AND ')} AND c.settled_status = ANY(${statusList}))`;
    const unsettled = `(SELECT count(*) FILTER (WHERE pod_status_at(p.transitions, ${now}) = ANY(${statusList}))::int - count(*) FILTER (WHERE p.settled_status = ANY(${statusList}))::int
      FROM pods p WHERE ${where.join(' AND ')} AND (p.settled_at_ms > ${now} OR p.settled_at_ms IS NULL))`;
    total = `(${counters} + ${unsettled})`;
  }
  return [
    `${total} AS total`,
    `(SELECT count(*)::int FROM pods p WHERE ${filtered}${upTo ? ` AND ${upTo}` : ' AND false'}) AS up_to`,
    `(SELECT coalesce(json_agg(x ${orderBy(outerKey, 'x.id')}), '[]') FROM (${page} ${orderBy(list.sort === 'name' ? 'y.sort_key COLLATE "C"' : 'y.sort_key', 'y.id')} LIMIT ${param(list.limit)} OFFSET ${param(skip)}) x) AS page`,
  ];
}

/** The answer from the statement's row: podView of each pod of the page. */
function listAnswer(list: ListQuery, row: Row, nowMs: number): CloudResponse {
  const total = Number(row.total ?? 0);
  const offset = list.cursor ? Number(row.up_to ?? 0) : list.offset;
  const sample = telemetryOf({});
  const rows = decodeJson(row.page) as Row[];
  const pods = rows.map((r) => itemFromRow('pods', r) as unknown as Pod);
  const items = pods.map((pod, i) => {
    const cost = rows[i]?.cost_now;
    return podView(pod, nowMs, sample, cost === null || cost === undefined ? undefined : Number(cost));
  });
  const last = pods[pods.length - 1];
  const lastView = items[items.length - 1];
  const body: Schemas['PodList'] = {
    asOf: new Date(nowMs).toISOString(),
    items,
    total,
    offset,
    limit: list.limit,
    nextCursor: last && lastView && offset + items.length < total ? encodePodCursor([sortValueOf(list.sort, last, lastView), last.id]) : null,
  };
  return ok(body);
}

const listPods: DirectRead = {
  method: 'GET',
  path: /^\/v1\/pods$/,
  select: (call, sql, telemetry) => {
    const list = telemetry ? null : listQuery(call.query); // GPU use from Prometheus: the full path's rounds
    // The cost sort needs the cloud's ledger for the pods not settled by now first: handle.
    if (!list || list.sort === 'costToDate') return null;
    return { columns: listColumns(list, call.query, sql, null), answer: (row, _scope, nowMs) => listAnswer(list, row, nowMs) };
  },
  handle: async (tx, scope, call, nowMs) => {
    const list = scope.telemetry ? null : listQuery(call.query);
    if (!list) return null;
    const params: unknown[] = [scope.session.orgId];
    const param = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    const sql: SelectionBuilder = {
      param,
      now: `${param(nowMs)}::double precision`,
      visible: textArray(param, visibleProjectIdsOf(scope.user, scope.projects ?? (await selectProjects(tx, scope.session.orgId)))),
      orgId: scope.session.orgId,
    };
    const costs: Record<string, number> = {};
    const unsettled = await tx.query(
      ...statement(`SELECT ${POD_COLUMNS} FROM pods p WHERE p.org_id = $1 AND p.project_id = ANY(${sql.visible}) AND NOT coalesce(p.settled_at_ms <= ${sql.now}, false)`, params),
    );
    for (const r of unsettled) {
      const pod = itemFromRow('pods', r) as unknown as Pod;
      costs[pod.id] = podCostToDateCents(pod, nowMs);
    }
    const columns = listColumns(list, call.query, sql, `(${param(JSON.stringify(costs))}::text::jsonb ->> p.id)::bigint`);
    const [row] = await tx.query(...statement(`SELECT ${columns.join(', ')}`, params));
    return row ? listAnswer(list, row, nowMs) : null;
  },
};

/** For entries that answer only by select: anything else is the full path's. */
const fullPath = (): Promise<null> => Promise.resolve(null);

const decodeJson = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

// ---------------------------------------------------------------------------------------------
// The entries

const podPath = /^\/v1\/pods\/([^/]+)$/;

export const DIRECT_READS: DirectRead[] = [
  {
    method: 'GET',
    path: /^\/v1\/(session|projects)$/,
    select: (call) => ({ columns: [], answer: (_row, scope) => cloudAnswer(scope, { projects: scope.projects ?? [] }, call) }),
    handle: fullPath,
  },
  {
    method: 'GET',
    path: /^\/v1\/users$/,
    select: (call) => ({
      columns: [`(SELECT coalesce(json_agg(json_build_object(${jsonColumns('users', 'u')}) ORDER BY u.position), '[]') FROM users u WHERE u.org_id = $1) AS all_users`],
      answer: (row, scope) => cloudAnswer(scope, { users: (decodeJson(row.all_users) as Row[]).map((r) => itemFromRow('users', r) as unknown as User), projects: scope.projects ?? [] }, call),
    }),
    handle: fullPath,
  },
  listPods,
  {
    method: 'GET',
    path: podPath,
    select: (call, sql, telemetry) => {
      if (telemetry) return null;
      let podId: string;
      try {
        podId = decodeURIComponent(podPath.exec(call.path)?.[1] ?? '');
      } catch {
        return null;
      }
      const id = `${sql.param(podId)}::text`;
      return {
        columns: [
          `(SELECT json_build_object(${jsonColumns('pods', 'p')}) FROM pods p WHERE p.org_id = $1 AND p.id = ${id}) AS pod`,
          `(SELECT json_build_object(${jsonColumns('pod_autostop_watches', 'w')}) FROM pod_autostop_watches w WHERE w.org_id = $1 AND w.pod_id = ${id}) AS watch`,
        ],
        answer: (row, scope) => {
          // The pod page's first visit sets up the auto-stop watches (a write): the full path's.
          if (!scope.presentParts.has('autoStopWatches')) return null;
          const pod = decodeJson(row.pod) as Row | null;
          const watch = decodeJson(row.watch) as Row | null;
          const autoStopWatches: NonNullable<CloudState['autoStopWatches']> = {};
          if (watch) {
            const { podId: watched, ...rest } = itemFromRow('pod_autostop_watches', watch);
            autoStopWatches[String(watched)] = rest as unknown as NonNullable<CloudState['autoStopWatches']>[string];
          }
          return cloudAnswer(scope, { pods: pod ? [itemFromRow('pods', pod) as unknown as Pod] : [], projects: scope.projects ?? [], autoStopWatches }, call);
        },
      };
    },
    handle: fullPath,
  },
  // The utilization reads (server/usage-reads.ts).
  ...USAGE_READS,
  // Recommendations, their evidence summed from the same rows (server/recommendation-reads.ts).
  ...RECOMMENDATION_READS,
  // The audit log, a page at a time (server/audit-reads.ts).
  AUDIT_READ,
  WEBHOOK_DELIVERIES_READ,
];

// ---------------------------------------------------------------------------------------------
// Running them

export interface DirectReaderOptions {
  db: Database;
  entries: readonly DirectRead[];
  realNow: () => number;
  telemetry: TelemetrySource | null;
  log: Logger;
}

/**
 * The organization's row for a read (CTE "o"): identity, clock and now (as simulatedNow computes
 * it, in doubles), the signed-in and acting users, the projects with their members, whether pods
 * lack their read columns; and "v", the projects the acting user sees (visibleProjectIds).
 * Parameters: $1 organization, $2 signed-in user, $3 acting user, $4 real now (ms).
 */
const ORG_CTE = `WITH o AS (
    SELECT o.name, o.seed, o.preset, o.anchor_ms, o.state_version, o.present_parts, c.real_start_ms, c.offset_ms, c.reconciled_at_ms,
      (o.anchor_ms::double precision + c.offset_ms::double precision) + greatest(0, $4::double precision - c.real_start_ms::double precision) AS now_ms,
      (SELECT coalesce(json_agg(json_build_object(${jsonColumns('users', 'u')})), '[]') FROM users u WHERE u.org_id = o.id AND u.id IN ($2::text, $3::text)) AS users,
      (SELECT u.role FROM users u WHERE u.org_id = o.id AND u.id = $3::text) AS acting_role,
      (SELECT coalesce(json_agg(json_build_object(${jsonColumns('projects', 'p')},
          'member_ids', (SELECT coalesce(json_agg(m.user_id ORDER BY m.position), '[]') FROM project_members m WHERE m.org_id = p.org_id AND m.project_id = p.id)) ORDER BY p.position), '[]')
        FROM projects p WHERE p.org_id = o.id) AS projects,
      EXISTS (SELECT 1 FROM pods p WHERE p.org_id = o.id AND p.settled_at_ms IS NULL) AS unfilled
    FROM organizations o JOIN sim_clock c ON c.org_id = o.id WHERE o.id = $1::text
  ),
  v AS (
    SELECT p.id FROM projects p, o WHERE p.org_id = $1::text
      AND (o.acting_role IS DISTINCT FROM 'engineer' OR EXISTS (SELECT 1 FROM project_members m WHERE m.org_id = p.org_id AND m.project_id = p.id AND m.user_id = $3::text))
  )`;

function baseState(orgId: string, row: Row): CloudState {
  const state = {
    version: Number(row.state_version),
    seed: Number(row.seed),
    preset: String(row.preset),
    anchorMs: Number(row.anchor_ms),
    organization: { id: orgId, name: String(row.name) },
    users: [],
    projects: [],
    pods: [],
    currentUserId: '',
    clock: { realStartMs: Number(row.real_start_ms), offsetMs: Number(row.offset_ms) },
  } as unknown as CloudState;
  if (row.reconciled_at_ms !== null && row.reconciled_at_ms !== undefined) state.reconciledAtMs = Number(row.reconciled_at_ms);
  return state;
}

/** The scope of a read from the organization's row (ORG_CTE), null when its users are not there. */
function scopeFromRow(session: Session, row: Row, real: number, telemetry: TelemetrySource | null): { scope: ReadScope; nowMs: number } | null {
  const base = baseState(session.orgId, row);
  const nowMs = simulatedNow(base, real);
  const acting = session.actingUserId ?? session.userId;
  const users = (decodeJson(row.users) as Row[]).map((r) => itemFromRow('users', r) as unknown as User);
  const user = users.find((u) => u.id === acting);
  const signedIn = users.find((u) => u.id === session.userId);
  if (!user || !signedIn) return null;
  const projects = (decodeJson(row.projects) as Row[]).map((r) => ({ ...(itemFromRow('projects', r) as { id: string; name: string }), memberIds: (decodeJson(r.member_ids) as unknown[]).map(String) }));
  const presentParts = new Set(decodeJson(row.present_parts) as string[]);
  return { scope: { session, user, signedIn, base, projects, presentParts, telemetry, realNow: () => real }, nowMs };
}

/**
 * A read's scope for a job of the server's own, acting as one user (server/figure-watch.ts: an
 * admin, who sees every project), without a session of theirs; null: no such organization or user.
 */
export async function scopeAs(tx: Tx, orgId: string, userId: string, real: number, telemetry: TelemetrySource | null): Promise<{ scope: ReadScope; nowMs: number } | null> {
  const [row] = await tx.query(`${ORG_CTE} SELECT o.* FROM o`, [orgId, userId, userId, real]);
  if (!row) return null;
  return scopeFromRow({ tokenHash: '', orgId, userId, actingUserId: null, csrfHash: '' }, row, real, telemetry);
}

/** Whether the full path would run no reconciler now (cloud/reconcile.ts's own test). */
function reconciled(state: CloudState, nowMs: number): boolean {
  const last = state.reconciledAtMs ?? state.anchorMs;
  return nowMs >= last && nowMs - last < RECONCILE_EVERY_MS;
}

/**
 * A read's statements are texts the code fixes, their data in parameters (statement, Params in
 * usage-reads.ts): kept prepared on the connection (db.ts QueryOptions), parsed and planned once
 * instead of on every request. Planning the page of pods took 2.7 ms of the database's 11 ms.
 */
const PREPARED = { prepare: true } as const;

/** The transaction a handle reads in: its SELECTs prepared; anything else (a SET, a write) as given. */
function preparingReads(tx: Tx): Tx {
  return {
    query: (text, params, options) => tx.query(text, params, options ?? (/^\s*(SELECT|WITH)\b/i.test(text) ? PREPARED : undefined)),
    exec: (sql) => tx.exec(sql),
  };
}

const asBool = (v: unknown): boolean => v === true || v === 't' || v === 'true';

export interface DirectReader {
  /** The answer, or null: the request takes the full path. */
  answer(session: Session, call: CloudRequest): Promise<CloudResponse | null>;
  /** Brings an organization's reconcilers (and pod read columns) up to now; what a stale read does first. */
  catchUp(session: Session): Promise<void>;
}

export function directReader(options: DirectReaderOptions): DirectReader {
  const { db, entries, realNow, log } = options;
  const catchingUp = new Map<string, Promise<void>>();

  /** The scope from the organization's row; 'stale' when the reconcilers are due (or read columns missing), null: the full path (401). */
  function scopeOf(session: Session, row: Row | undefined, real: number): { scope: ReadScope; nowMs: number } | 'stale' | null {
    if (!row) return null;
    const base = baseState(session.orgId, row);
    if (!reconciled(base, simulatedNow(base, real)) || asBool(row.unfilled)) return 'stale';
    return scopeFromRow(session, row, real, options.telemetry);
  }

  /**
   * The last clock seen per organization: a guess of now for the one statement of a select (the
   * planner then knows now, to pick the index of the pods not settled by it). The statement
   * returns the organization's row too, so a guess that is no longer right is seen and the
   * statement runs again with the clock it read.
   */
  const clocks = new Map<string, CloudState>();

  async function attempt(entry: DirectRead, session: Session, call: CloudRequest): Promise<{ res: CloudResponse | null } | 'stale'> {
    const real = realNow();
    const head: unknown[] = [session.orgId, session.userId, session.actingUserId ?? session.userId, real];
    if (entry.select) {
      // $5 is now, guessed from the last clock seen (set below, once the read wants a statement).
      const params: unknown[] = [...head, null];
      const param = (v: unknown): string => {
        params.push(v);
        return `$${params.length}`;
      };
      const selection = entry.select(call, { param, now: '$5::double precision', visible: 'ARRAY(SELECT v.id FROM v)', orgId: session.orgId }, options.telemetry);
      for (let tries = 0; selection && tries < 3; tries++) {
        let known = clocks.get(session.orgId);
        if (!known) {
          const [row] = await db.query(`${ORG_CTE} SELECT o.* FROM o`, head, PREPARED);
          if (!row) return { res: null };
          known = baseState(session.orgId, row);
          clocks.set(session.orgId, known);
        }
        const guess = simulatedNow(known, real);
        params[4] = guess;
        // One statement: one snapshot of the organization's row and what the read selects.
        const [row] = await db.query(...statement(`${ORG_CTE} SELECT o.*${selection.columns.map((c) => `, ${c}`).join('')} FROM o`, params), PREPARED);
        if (!row) return { res: null };
        const base = baseState(session.orgId, row);
        clocks.set(session.orgId, base);
        if (simulatedNow(base, real) !== guess) continue; // the clock moved (time travel, a reset): again
        const scoped = scopeOf(session, row, real);
        if (scoped === 'stale' || scoped === null) return scoped === 'stale' ? 'stale' : { res: null };
        return { res: await selection.answer(row, scoped.scope, scoped.nowMs) };
      }
    }
    const handle = entry.handle;
    if (handle === fullPath) return { res: null };
    return db.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      const [row] = await tx.query(`${ORG_CTE} SELECT o.* FROM o`, head, PREPARED);
      const scoped = scopeOf(session, row, real);
      if (scoped === 'stale' || scoped === null) return scoped === 'stale' ? 'stale' : { res: null };
      return { res: await handle(preparingReads(tx), scoped.scope, call, scoped.nowMs) };
    });
  }

  async function catchUpNow(session: Session): Promise<void> {
    await db.transaction(async (tx) => {
      // The organization's row lock queues this behind any write, and other instances' catch-ups.
      if ((await tx.query('SELECT id FROM organizations WHERE id = $1 FOR UPDATE', [session.orgId])).length === 0) return;
      const state = await loadState(tx, session.orgId, { lock: false });
      if (!state) return;
      const unfilled = new Set((await tx.query<{ id: string }>('SELECT id FROM pods WHERE org_id = $1 AND settled_at_ms IS NULL', [session.orgId])).map((r) => String(r.id)));
      const nowMs = simulatedNow(state, realNow());
      if (reconciled(state, nowMs) && unfilled.size === 0) return;
      const before = snapshot(state);
      // As the full path: the reconcilers run with the request's acting user current.
      state.currentUserId = session.actingUserId ?? session.userId;
      const run = requestContext(state, realNow, dressFor(state.organization.id, state.organization.name));
      await reconcile(run.ctx);
      const after = snapshot(run.ctx.state);
      const written = sameSnapshot(before, after) ? null : await writeChanges(tx, session.orgId, before, after);
      const filled = unfilled.size > 0 ? await writePodReadColumns(tx, session.orgId, run.ctx.state.pods.filter((p) => unfilled.has(p.id))) : 0;
      log.debug('organization caught up for direct reads', { org: session.orgId, ...written, filled });
    });
  }

  function catchUp(session: Session): Promise<void> {
    let running = catchingUp.get(session.orgId);
    if (!running) {
      running = catchUpNow(session).finally(() => catchingUp.delete(session.orgId));
      catchingUp.set(session.orgId, running);
    }
    return running;
  }

  return {
    catchUp,
    async answer(session, call) {
      if (call.method !== 'GET') return null;
      const entry = entries.find((e) => e.method === call.method && e.path.test(call.path));
      if (!entry) return null;
      if ((session as { token?: { scope: unknown } }).token?.scope && !entry.honoursTokenScope) return null;
      let result = await attempt(entry, session, call);
      if (result === 'stale') {
        await catchUp(session);
        result = await attempt(entry, session, call);
      }
      return result === 'stale' ? null : result.res;
    },
  };
}
