/**
 * An organization's CloudState in tables: loaded whole for a request, and written back as the
 * rows that changed. Each part of the state maps to a table (one row per user, project, pod,
 * budget, ...); a snapshot of rows taken before the cloud runs and one taken after give the
 * inserts, updates and deletes. Fields this version does not know land in an "extra" column
 * (or state_extras for whole parts), so a newer service's data survives an older schema.
 */
import { gpuCountSegments } from '../src/cloud/billing';
import { podCostToDateCents } from '../src/cloud/ops/pods';
import { existenceInterval, runningIntervals, statusAt } from '../src/cloud/lifecycle';
import type { CloudState, Pod } from '../src/cloud/model';
import { costCentsForDuration } from '../src/domain/money';
import { MS_PER_HOUR, startOfUtcDay } from '../src/domain/units';
import type { Row, Tx } from './db';
import { insertAuditRecords } from './audit-store';
import type { AuditRecord, OutboxRecord } from '../src/cloud/model';
import { insertOutboxRecords } from './notify-outbox';

type Kind = 'text' | 'int' | 'bool' | 'json';

interface Field {
  field: string;
  column: string;
  kind: Kind;
  /** NULL in the table means the field is absent from the object (optional fields). */
  absentWhenNull?: boolean;
}

type Item = Record<string, unknown>;

interface Part {
  table: string;
  /** Primary key columns besides org_id. */
  key: string[];
  fields: Field[];
  /** Rows keep the state's order: "append" for lists that grow at the end, "prepend" for the pods (newest first). */
  order: 'append' | 'prepend';
  /** The table has an "extra" jsonb column for fields this version does not know. */
  extra: boolean;
  /** Columns computed from the item on every write, for reads answered in SQL (never read back into the state). */
  derived?: { fields: Field[]; values(item: Item): unknown[] };
  /** The top-level state key this part reads and writes (for optional parts: present or not). */
  stateKey: keyof CloudState;
  items(state: CloudState): Item[];
  assemble(state: CloudState, items: Item[]): void;
}

const f = (field: string, column: string, kind: Kind, absentWhenNull = false): Field => ({ field, column, kind, absentWhenNull });

const recordItems = (record: Record<string, unknown> | undefined, keyField: string, valueField?: string): Item[] =>
  Object.entries(record ?? {}).map(([k, v]) => (valueField ? { [keyField]: k, [valueField]: v } : { [keyField]: k, ...(v as Item) }));

function recordOf(items: Item[], keyField: string, valueField?: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of items) {
    const { [keyField]: key, ...rest } = item;
    out[String(key)] = valueField ? rest[valueField] : rest;
  }
  return out;
}


type StateBinding = Pick<Part, 'stateKey' | 'items' | 'assemble'>;
type Bag = Record<string, unknown>;

/** A part stored from a list in the state (users, pods, budgets …), in the list's order. */
const listOf = (stateKey: keyof CloudState): StateBinding => ({
  stateKey,
  items: (s) => ((s as unknown as Bag)[stateKey] ?? []) as Item[],
  assemble: (s, items) => {
    (s as unknown as Bag)[stateKey] = items;
  },
});

/** A part stored from a record in the state, keyed by keyField (one value column with valueField). */
const recordAt = (stateKey: keyof CloudState, keyField: string, valueField?: string): StateBinding => ({
  stateKey,
  items: (s) => recordItems((s as unknown as Bag)[stateKey] as Record<string, unknown> | undefined, keyField, valueField),
  assemble: (s, items) => {
    (s as unknown as Bag)[stateKey] = recordOf(items, keyField, valueField);
  },
});

/**
 * The pods' columns for reads in SQL (migrations/003-pod-read-columns.sql): the time after which
 * nothing about the pod changes (its last transition, GPU-count change or creation), its status
 * from then on, and its cost-to-date's parts from then on, so that SQL's pod_cost_cents_at gives
 * podCostToDateCents (cloud/ops/pods.ts) at any now from that time on.
 */
const POD_READ_FIELDS: Field[] = [
  f('settledAtMs', 'settled_at_ms', 'int'),
  f('settledStatus', 'settled_status', 'text'),
  f('costFixedCents', 'cost_fixed_cents', 'int'),
  f('hourRunningMs', 'hour_running_ms', 'json'),
  f('gpuCountAfter', 'gpu_count_after', 'int'),
  f('runsAfter', 'runs_after', 'bool'),
  f('dayExistingMs', 'day_existing_ms', 'int'),
  f('existsAfter', 'exists_after', 'bool'),
];

export interface PodReadColumns {
  settledAtMs: number;
  settledStatus: string;
  costFixedCents: number;
  hourRunningMs: number[];
  gpuCountAfter: number;
  runsAfter: boolean;
  dayExistingMs: number;
  existsAfter: boolean;
}

export function podReadColumns(pod: Pod): PodReadColumns {
  let settledAtMs = pod.createdAtMs;
  for (const t of pod.transitions) settledAtMs = Math.max(settledAtMs, t.atMs);
  for (const h of pod.gpuCountHistory ?? []) settledAtMs = Math.max(settledAtMs, h.fromMs);
  const settledStatus = statusAt(pod, Number.POSITIVE_INFINITY);
  const runsAfter = settledStatus === 'running';
  const existsAfter = !pod.transitions.some((t) => t.status === 'terminated' || t.status === 'failed');
  const segments = gpuCountSegments(pod, settledAtMs, settledAtMs + 1);
  const gpuCountAfter = segments[segments.length - 1]?.gpuCount ?? pod.gpuCount;
  // Each GPU's running ms so far in the clock hour of settledAtMs (those that run on after it).
  const hour = Math.floor(settledAtMs / MS_PER_HOUR) * MS_PER_HOUR;
  const hourRunningMs: number[] = [];
  if (runsAfter) {
    for (let g = 0; g < gpuCountAfter; g++) hourRunningMs.push(0);
    const runs = runningIntervals(pod, Math.max(hour, pod.createdAtMs), settledAtMs);
    for (const segment of gpuCountSegments(pod, hour, settledAtMs)) {
      for (const r of runs) {
        const ms = Math.min(r.endMs, segment.endMs) - Math.max(r.startMs, segment.startMs);
        if (ms > 0) for (let g = 0; g < Math.min(segment.gpuCount, gpuCountAfter); g++) hourRunningMs[g] = (hourRunningMs[g] ?? 0) + ms;
      }
    }
  }
  const day = startOfUtcDay(settledAtMs);
  const exists = existenceInterval(pod, Math.max(day, pod.createdAtMs), settledAtMs);
  const dayExistingMs = exists ? exists.endMs - exists.startMs : 0;
  // What changes no more: the cost at settledAtMs less the hour and the day that go on.
  let open = costCentsForDuration(pod.diskMicroUsdPerHour, dayExistingMs);
  for (const ms of hourRunningMs) open += costCentsForDuration(pod.rateMicroUsdPerGpuHour, ms);
  const costFixedCents = podCostToDateCents(pod, settledAtMs) - open;
  return { settledAtMs, settledStatus, costFixedCents, hourRunningMs, gpuCountAfter, runsAfter, dayExistingMs, existsAfter };
}

function podReadValues(pod: Pod): unknown[] {
  const c = podReadColumns(pod) as unknown as Record<string, unknown>;
  return POD_READ_FIELDS.map((x) => encode(x.kind, c[x.field]));
}

const PARTS: Part[] = [
  {
    table: 'users',
    key: ['id'],
    fields: [f('id', 'id', 'text'), f('name', 'name', 'text'), f('email', 'email', 'text'), f('role', 'role', 'text')],
    order: 'append',
    extra: true,
    ...listOf('users'),
  },
  {
    table: 'projects',
    key: ['id'],
    fields: [f('id', 'id', 'text'), f('name', 'name', 'text')],
    order: 'append',
    extra: true,
    stateKey: 'projects',
    items: (s) => s.projects.map(({ memberIds: _members, ...rest }) => rest),
    assemble: (s, items) => {
      s.projects = items.map((p) => ({ ...(p as { id: string; name: string }), memberIds: [] }));
    },
  },
  {
    table: 'project_members',
    key: ['project_id', 'user_id'],
    fields: [f('projectId', 'project_id', 'text'), f('userId', 'user_id', 'text')],
    order: 'append',
    extra: false,
    stateKey: 'projects',
    items: (s) => s.projects.flatMap((p) => p.memberIds.map((userId) => ({ projectId: p.id, userId }))),
    assemble: (s, items) => {
      for (const m of items) s.projects.find((p) => p.id === m.projectId)?.memberIds.push(String(m.userId));
    },
  },
  {
    table: 'pods',
    key: ['id'],
    fields: [
      f('id', 'id', 'text'),
      f('name', 'name', 'text'),
      f('projectId', 'project_id', 'text'),
      f('ownerId', 'owner_id', 'text'),
      f('gpuTypeId', 'gpu_type_id', 'text'),
      f('gpuCount', 'gpu_count', 'int'),
      f('gpuCountHistory', 'gpu_count_history', 'json', true),
      f('regionId', 'region_id', 'text'),
      f('imageId', 'image_id', 'text'),
      f('diskGb', 'disk_gb', 'int'),
      f('autoStopIdleMinutes', 'auto_stop_idle_minutes', 'int'),
      f('sshPublicKey', 'ssh_public_key', 'text'),
      f('createdAtMs', 'created_at_ms', 'int'),
      f('archetype', 'archetype', 'text'),
      f('seed', 'seed', 'int'),
      f('rateMicroUsdPerGpuHour', 'rate_micro_usd_per_gpu_hour', 'int'),
      f('diskMicroUsdPerHour', 'disk_micro_usd_per_hour', 'int'),
      f('transitions', 'transitions', 'json'),
    ],
    order: 'prepend',
    extra: true,
    derived: { fields: POD_READ_FIELDS, values: (item) => podReadValues(item as unknown as Pod) },
    ...listOf('pods'),
  },
  {
    table: 'pod_autostop_watches',
    key: ['pod_id'],
    fields: [f('podId', 'pod_id', 'text'), f('countFromMs', 'count_from_ms', 'int'), f('snoozed', 'snoozed', 'bool'), f('searchedUntilMs', 'searched_until_ms', 'int')],
    order: 'append',
    extra: true,
    ...recordAt('autoStopWatches', 'podId'),
  },
  {
    table: 'pod_replacements',
    key: ['pod_id'],
    fields: [f('podId', 'pod_id', 'text'), f('replacesPodId', 'replaces_pod_id', 'text')],
    order: 'append',
    extra: false,
    ...recordAt('podReplacements', 'podId', 'replacesPodId'),
  },
  {
    table: 'idempotency_keys',
    key: ['scope', 'key'],
    fields: [f('key', 'key', 'text'), f('scope', 'scope', 'text'), f('fingerprint', 'fingerprint', 'text'), f('createdAtMs', 'created_at_ms', 'int'), f('response', 'response', 'json')],
    order: 'append',
    extra: false,
    ...listOf('idempotency'),
  },
  {
    table: 'budgets',
    key: ['id'],
    fields: [
      f('id', 'id', 'text'),
      f('projectId', 'project_id', 'text'),
      f('amountCents', 'amount_cents', 'int'),
      f('thresholdsPercent', 'thresholds_percent', 'json'),
      f('policy', 'policy', 'text'),
      f('createdAtMs', 'created_at_ms', 'int'),
      f('createdById', 'created_by_id', 'text'),
      f('updatedAtMs', 'updated_at_ms', 'int'),
      f('updatedById', 'updated_by_id', 'text'),
    ],
    order: 'append',
    extra: true,
    ...listOf('budgets'),
  },
  {
    table: 'budget_alerts',
    key: ['id'],
    fields: [
      f('id', 'id', 'text'),
      f('budgetId', 'budget_id', 'text'),
      f('projectId', 'project_id', 'text'),
      f('monthStartMs', 'month_start_ms', 'int'),
      f('thresholdPercent', 'threshold_percent', 'int'),
      f('budgetCents', 'budget_cents', 'int'),
      f('thresholdCents', 'threshold_cents', 'int'),
      f('spentCents', 'spent_cents', 'int'),
      f('crossedAtMs', 'crossed_at_ms', 'int'),
      f('firedAtMs', 'fired_at_ms', 'int'),
      f('action', 'action', 'json'),
    ],
    order: 'append',
    extra: true,
    ...listOf('budgetAlerts'),
  },
  {
    table: 'recommendation_decisions',
    key: ['recommendation_id'],
    fields: [
      f('recommendationId', 'recommendation_id', 'text'),
      f('status', 'status', 'text'),
      f('reason', 'reason', 'text', true),
      f('note', 'note', 'text', true),
      f('untilMs', 'until_ms', 'int', true),
      f('atMs', 'at_ms', 'int'),
      f('byUserId', 'by_user_id', 'text'),
    ],
    order: 'append',
    extra: true,
    ...recordAt('recommendationDecisions', 'recommendationId'),
  },
  {
    table: 'api_tokens',
    key: ['id'],
    fields: [
      f('id', 'id', 'text'),
      f('name', 'name', 'text'),
      f('kind', 'kind', 'text'),
      f('ownerId', 'owner_id', 'text'),
      f('role', 'role', 'text'),
      f('projectIds', 'project_ids', 'json'),
      f('readOnly', 'read_only', 'bool'),
      f('prefix', 'prefix', 'text'),
      f('secretHash', 'secret_hash', 'text'),
      f('createdAtMs', 'created_at_ms', 'int'),
      f('expiresAtMs', 'expires_at_ms', 'int'),
      f('revokedAtMs', 'revoked_at_ms', 'int'),
      f('lastUsedAtMs', 'last_used_at_ms', 'int'),
      f('lastUsedAddress', 'last_used_address', 'text'),
    ],
    order: 'append',
    extra: true,
    ...listOf('apiTokens'),
  },
  {
    table: 'ssh_keys',
    key: ['id'],
    fields: [
      f('id', 'id', 'text'),
      f('ownerId', 'owner_id', 'text'),
      f('name', 'name', 'text'),
      f('type', 'type', 'text'),
      f('fingerprint', 'fingerprint', 'text'),
      f('publicKey', 'public_key', 'text'),
      f('createdAtMs', 'created_at_ms', 'int'),
      f('lastUsedAtMs', 'last_used_at_ms', 'int'),
    ],
    order: 'append',
    extra: true,
    ...listOf('sshKeys'),
  },
  {
    table: 'invitations',
    key: ['id'],
    fields: [
      f('id', 'id', 'text'),
      f('email', 'email', 'text'),
      f('role', 'role', 'text'),
      f('projectIds', 'project_ids', 'json'),
      f('invitedById', 'invited_by_id', 'text'),
      f('secretHash', 'secret_hash', 'text'),
      f('createdAtMs', 'created_at_ms', 'int'),
      f('expiresAtMs', 'expires_at_ms', 'int'),
      f('acceptedAtMs', 'accepted_at_ms', 'int'),
      f('acceptedUserId', 'accepted_user_id', 'text'),
      f('revokedAtMs', 'revoked_at_ms', 'int'),
    ],
    order: 'append',
    extra: true,
    ...listOf('invitations'),
  },
  // Notifications (issue 16): the notification centre and each person's choices (migrations/010-notifications.sql).
  {
    table: 'notifications',
    key: ['id'],
    fields: [
      f('id', 'id', 'text'),
      f('eventId', 'event_id', 'text'),
      f('kind', 'kind', 'text'),
      f('userId', 'user_id', 'text'),
      f('atMs', 'at_ms', 'int'),
      f('title', 'title', 'text'),
      f('body', 'body', 'text'),
      f('link', 'link', 'text'),
      f('projectId', 'project_id', 'text'),
      f('readAtMs', 'read_at_ms', 'int'),
    ],
    order: 'append',
    extra: true,
    ...listOf('notifications'),
  },
  {
    table: 'notification_preferences',
    key: ['user_id'],
    fields: [f('userId', 'user_id', 'text'), f('preferences', 'preferences', 'json')],
    order: 'append',
    extra: false,
    ...recordAt('notificationPreferences', 'userId', 'preferences'),
  },
  {
    table: 'webhooks',
    key: ['id'],
    fields: [
      f('id', 'id', 'text'),
      f('url', 'url', 'text'),
      f('kinds', 'kinds', 'json'),
      f('format', 'format', 'text'),
      f('secret', 'secret', 'text'),
      f('createdAtMs', 'created_at_ms', 'int'),
      f('createdById', 'created_by_id', 'text'),
      f('disabledAtMs', 'disabled_at_ms', 'int'),
      f('disabledReason', 'disabled_reason', 'text'),
    ],
    order: 'append',
    extra: true,
    ...listOf('webhooks'),
  },
  {
    table: 'egress_thresholds',
    key: ['project_id'],
    fields: [f('projectId', 'project_id', 'text'), f('warningThresholdPercent', 'warning_threshold_percent', 'int')],
    order: 'append',
    extra: false,
    ...recordAt('egressWarningThresholds', 'projectId', 'warningThresholdPercent'),
  },
];

/** Top-level keys with a home of their own; any other key is kept in state_extras. */
const KNOWN_KEYS = new Set<string>(['version', 'seed', 'preset', 'anchorMs', 'organization', 'currentUserId', 'clock', 'reconciledAtMs', 'auditLog', 'notificationOutbox', ...PARTS.map((p) => p.stateKey)]);
/** Parts that may be absent from a state (the rest always exist). */
const OPTIONAL_KEYS: string[] = [...new Set(PARTS.map((p) => p.stateKey as string))].filter((k) => !['users', 'projects', 'pods'].includes(k));

function columnsOf(part: Part): string[] {
  return [...part.fields.map((x) => x.column), 'position', ...(part.extra ? ['extra'] : [])];
}

/** JSON goes to the database as text, cast there (drivers differ in how they send a jsonb parameter). */
function encode(kind: Kind, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return kind === 'json' ? JSON.stringify(value) : value;
}

function decode(kind: Kind, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'int':
      return Number(value);
    case 'bool':
      return value === true || value === 't' || value === 'true';
    case 'json':
      return value; // both drivers parse json and jsonb columns

    case 'text':
      return String(value);
  }
}

interface SnapshotRow {
  key: string;
  values: unknown[];
  signature: string;
  /** The state's object (derived columns are computed from it when the row is written). */
  item: Item;
}

/**
 * What a partial state (loadPartialState) holds of a table it loaded in part: the rows it loaded,
 * by key, with their stored positions, and the position after the table's last row. Its rows keep
 * their positions; a row the state adds takes the next ones (in the state's order).
 */
interface PartialTable {
  positions: ReadonlyMap<string, number>;
  next: number;
}
type PartialTables = ReadonlyMap<string, PartialTable>;

/** The states loadPartialState made, with the tables each holds only some rows of. */
const PARTIAL_STATES = new WeakMap<CloudState, PartialTables>();

/** Whether a state holds only part of its organization (loadPartialState): never run the reconcilers over it. */
export function isPartialState(state: CloudState): boolean {
  return PARTIAL_STATES.has(state);
}

/** The state as rows: what the tables hold (or would hold) for it. */
export interface Snapshot {
  organization: unknown[];
  clock: unknown[];
  tables: Map<string, Map<string, SnapshotRow>>;
  extras: Map<string, string>;
  /**
   * Of a partial state: the tables it holds only some rows of. A row missing from such a table is
   * one that was not loaded, never one to delete (writeChanges).
   */
  partial: PartialTables | null;
  /**
   * The state's audit entries (cloud/audit.ts). A loaded state has none (the table is read a page
   * at a time, server/audit-store.ts): those a request's state holds are the ones it made, appended
   * by writeChanges and never changed.
   */
  audit: readonly AuditRecord[];
  /** The state's outbox records (cloud/notifications.ts): like audit, a loaded state has none; those a request made are appended to notification_outbox. */
  outbox: readonly OutboxRecord[];
}

/** A row's key as the snapshot has it: its key columns' values, encoded. */
function keyOf(part: Part, values: readonly unknown[]): string {
  return JSON.stringify(part.key.map((column) => values[part.fields.findIndex((x) => x.column === column)]));
}

export function snapshot(state: CloudState): Snapshot {
  const steps = snapshotSteps(state, Infinity);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * snapshot(), handing the thread back every `every` rows (the background reconcilers: a whole
 * organization's snapshot is 0.4-1.5 s of one thread for 10,000 pods, which requests would wait behind).
 */
export async function snapshotYielding(state: CloudState, every = 100): Promise<Snapshot> {
  const steps = snapshotSteps(state, every);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** snapshot()'s work, pausing (a yield) after every `every` rows. */
function* snapshotSteps(state: CloudState, every: number): Generator<void, Snapshot> {
  let sinceYield = 0;
  const tables = new Map<string, Map<string, SnapshotRow>>();
  const partial = PARTIAL_STATES.get(state) ?? null;
  for (const part of PARTS) {
    const items = part.items(state);
    const rows = new Map<string, SnapshotRow>();
    const known = new Set(part.fields.map((x) => x.field));
    const loaded = partial?.get(part.table);
    // A partial table's rows keep their stored positions; those it adds follow its last row, in the
    // state's order (for the pods, newest first, the first item is the last position).
    const added = loaded ? items.map((item) => keyOf(part, part.fields.map((x) => encode(x.kind, item[x.field])))).filter((k) => !loaded.positions.has(k)) : [];
    const addedPosition = new Map((part.order === 'append' ? added : [...added].reverse()).map((k, i) => [k, (loaded?.next ?? 0) + i]));
    for (const [i, item] of items.entries()) {
      if (++sinceYield >= every) {
        sinceYield = 0;
        yield;
      }
      const values: unknown[] = part.fields.map((x) => encode(x.kind, item[x.field]));
      const key = keyOf(part, values);
      values.push(loaded ? (loaded.positions.get(key) ?? addedPosition.get(key)) : part.order === 'append' ? i : items.length - 1 - i);
      if (part.extra) {
        const unknown = Object.entries(item).filter(([k, v]) => !known.has(k) && v !== undefined);
        values.push(unknown.length === 0 ? null : JSON.stringify(Object.fromEntries(unknown)));
      }
      rows.set(key, { key, values, signature: JSON.stringify(values), item });
    }
    tables.set(part.table, rows);
  }
  const extras = new Map<string, string>();
  for (const [k, v] of Object.entries(state)) {
    if (!KNOWN_KEYS.has(k) && v !== undefined) extras.set(k, JSON.stringify(v));
  }
  const present = OPTIONAL_KEYS.filter((k) => state[k as keyof CloudState] !== undefined);
  return {
    organization: [state.organization.name, state.seed, state.preset, state.anchorMs, state.version, JSON.stringify(present)],
    clock: [state.clock.realStartMs, state.clock.offsetMs, state.reconciledAtMs ?? null],
    tables,
    extras,
    partial,
    audit: [...(state.auditLog ?? [])],
    outbox: [...(state.notificationOutbox ?? [])],
  };
}

/**
 * The statement that reads a whole organization in one round trip: its row and clock, and each
 * part's rows as a JSON array in the state's order (a statement per table took twice as long).
 */
function loadStatement(without = -1): string {
  const parts = PARTS.map((part, i) =>
    i === without
      ? `'[]'::json AS part_${i}`
      : `(SELECT coalesce(json_agg(json_build_object(${columnsOf(part).map((c) => `'${c}', x.${c}`).join(', ')}) ORDER BY x.position ${part.order === 'append' ? 'ASC' : 'DESC'}), '[]') FROM ${part.table} x WHERE x.org_id = o.id) AS part_${i}`,
  );
  return `SELECT o.id, o.name, o.seed, o.preset, o.anchor_ms, o.state_version, o.present_parts, c.real_start_ms, c.offset_ms, c.reconciled_at_ms,
    ${parts.join(',\n    ')},
    (SELECT coalesce(json_agg(json_build_object('key', x.key, 'value', x.value) ORDER BY x.key), '[]') FROM state_extras x WHERE x.org_id = o.id) AS extras
  FROM organizations o JOIN sim_clock c ON c.org_id = o.id WHERE o.id = $1`;
}
const LOAD = loadStatement();
const PODS_PART = PARTS.findIndex((p) => p.table === 'pods');
/** LOAD with an empty pods part (loadStateYielding reads them in pages). */
const LOAD_WITHOUT_PODS = loadStatement(PODS_PART);

/** The organization's own columns as an empty state, its tables filled in by the caller. */
function stateShell(org: Row): CloudState {
  const state = {
    version: Number(org.state_version),
    seed: Number(org.seed),
    preset: String(org.preset),
    anchorMs: Number(org.anchor_ms),
    organization: { id: String(org.id), name: String(org.name) },
    users: [],
    projects: [],
    pods: [],
    currentUserId: '',
    clock: { realStartMs: Number(org.real_start_ms), offsetMs: Number(org.offset_ms) },
  } as unknown as CloudState;
  if (org.reconciled_at_ms !== null) state.reconciledAtMs = Number(org.reconciled_at_ms);
  return state;
}

/**
 * Loads an organization's state; with lock, first takes its row's lock, held until the
 * transaction ends (writers queue). The lock is its own statement: under READ COMMITTED the
 * load that follows then sees what the writer before committed (a statement that waited for a
 * lock keeps the snapshot it started with for everything but the locked row).
 */
export async function loadState(tx: Tx, orgId: string, options: { lock: boolean }): Promise<CloudState | null> {
  if (options.lock && (await tx.query('SELECT id FROM organizations WHERE id = $1 FOR UPDATE', [orgId])).length === 0) return null;
  const [org] = await tx.query(LOAD, [orgId]);
  if (!org) return null;
  const state = stateShell(org);
  const present = new Set(decode('json', org.present_parts) as string[]);
  PARTS.forEach((part, i) => {
    const rows = decode('json', org[`part_${i}`]) as Row[];
    if (rows.length === 0 && OPTIONAL_KEYS.includes(part.stateKey) && !present.has(part.stateKey)) return;
    part.assemble(state, rows.map((row) => itemOf(part, row)));
  });
  for (const row of decode('json', org.extras) as Row[]) {
    (state as unknown as Record<string, unknown>)[String(row.key)] = row.value;
  }
  return state;
}

/** Pods per statement in loadStateYielding. */
export const YIELDING_LOAD_PAGE = 250;

/**
 * loadState without the lock, its pods read a page at a time (pageSize rows per statement, newest
 * first, as loadState orders them), so that no single reply of megabytes is parsed and turned into
 * items on the thread at once: the background reconcilers load a whole organization this way and
 * requests go on between the pages. Run it in one snapshot (REPEATABLE READ) or under the
 * organization's lock, so that the pages agree.
 */
export async function loadStateYielding(tx: Tx, orgId: string, pageSize = YIELDING_LOAD_PAGE): Promise<CloudState | null> {
  const [org] = await tx.query(LOAD_WITHOUT_PODS, [orgId]);
  if (!org) return null;
  const state = stateShell(org);
  const present = new Set(decode('json', org.present_parts) as string[]);
  const pods: Item[] = [];
  const podsPart = PARTS[PODS_PART]!;
  for (let below: number | null = null; ; ) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    const page: Row[] = await tx.query(
      `SELECT ${columnsOf(podsPart).join(', ')} FROM pods WHERE org_id = $1${below === null ? '' : ' AND position < $3'} ORDER BY position DESC LIMIT $2`,
      below === null ? [orgId, pageSize] : [orgId, pageSize, below],
    );
    for (const row of page) pods.push(itemOf(podsPart, row));
    if (page.length < pageSize) break;
    below = Number(page[page.length - 1]!.position);
  }
  PARTS.forEach((part, i) => {
    const rows = i === PODS_PART ? null : (decode('json', org[`part_${i}`]) as Row[]);
    if (rows === null) return part.assemble(state, pods);
    if (rows.length === 0 && OPTIONAL_KEYS.includes(part.stateKey) && !present.has(part.stateKey)) return;
    part.assemble(state, rows.map((row) => itemOf(part, row)));
  });
  for (const row of decode('json', org.extras) as Row[]) {
    (state as unknown as Record<string, unknown>)[String(row.key)] = row.value;
  }
  return state;
}

/**
 * Which rows a partial state holds, per table: a condition on the table's rows (SQL over the
 * alias x, its parameters from $2 on: `params`), or 'all' (the whole part, as loadState has it).
 * A table not named holds none of its rows (its part is there, empty, if the organization has it).
 * Projects and their members are always whole (who sees what).
 */
export interface PartialSelection {
  where: Readonly<Partial<Record<string, string>>>;
  params: readonly unknown[];
}

/** The table names of the state's parts (for a PartialSelection). */
export const STATE_TABLES: readonly string[] = PARTS.map((p) => p.table);

/**
 * The organization's state with only the rows a write needs (server/pod-writes.ts): its row and
 * clock, its extras, and per table the rows `selection` names, in one statement; and whether some
 * pods lack the read columns of migration 003. The state is marked partial: snapshot() keeps the
 * stored positions of its rows, and writeChanges never deletes or overwrites a row it did not
 * load. Takes the organization's row lock first (as loadState with lock). Never run the
 * reconcilers over it: they read every pod.
 */
export async function loadPartialState(tx: Tx, orgId: string, selection: PartialSelection): Promise<{ state: CloudState; unfilled: boolean } | null> {
  for (const table of ['projects', 'project_members']) {
    if (selection.where[table] !== 'all') throw new Error(`a partial state holds every row of ${table}`);
  }
  if ((await tx.query('SELECT id FROM organizations WHERE id = $1 FOR UPDATE', [orgId])).length === 0) return null;
  const whereOf = (part: Part): string | null => {
    const w = selection.where[part.table];
    return w === 'all' ? null : (w ?? 'false');
  };
  const parts = PARTS.map((part, i) => {
    const where = whereOf(part);
    const rows = `(SELECT coalesce(json_agg(json_build_object(${columnsOf(part).map((c) => `'${c}', x.${c}`).join(', ')}) ORDER BY x.position ${part.order === 'append' ? 'ASC' : 'DESC'}), '[]') FROM ${part.table} x WHERE x.org_id = o.id${where === null ? '' : ` AND (${where})`}) AS part_${i}`;
    return where === null ? rows : `${rows}, (SELECT coalesce(max(x.position), -1) FROM ${part.table} x WHERE x.org_id = o.id) AS last_${i}`;
  });
  const [org] = await tx.query(
    `SELECT o.id, o.name, o.seed, o.preset, o.anchor_ms, o.state_version, o.present_parts, c.real_start_ms, c.offset_ms, c.reconciled_at_ms,
      ${parts.join(',\n      ')},
      (SELECT coalesce(json_agg(json_build_object('key', x.key, 'value', x.value) ORDER BY x.key), '[]') FROM state_extras x WHERE x.org_id = o.id) AS extras,
      EXISTS (SELECT 1 FROM pods p WHERE p.org_id = o.id AND p.settled_at_ms IS NULL) AS unfilled
    FROM organizations o JOIN sim_clock c ON c.org_id = o.id WHERE o.id = $1`,
    [orgId, ...selection.params],
  );
  if (!org) return null;
  const state = stateShell(org);
  const present = new Set(decode('json', org.present_parts) as string[]);
  const partial = new Map<string, PartialTable>();
  PARTS.forEach((part, i) => {
    const rows = decode('json', org[`part_${i}`]) as Row[];
    if (whereOf(part) !== null) {
      const positions = new Map<string, number>();
      for (const row of rows) positions.set(keyOf(part, part.fields.map((x) => encode(x.kind, decode(x.kind, row[x.column])))), Number(row.position));
      partial.set(part.table, { positions, next: Number(org[`last_${i}`]) + 1 });
    }
    if (rows.length === 0 && OPTIONAL_KEYS.includes(part.stateKey) && !present.has(part.stateKey)) return;
    part.assemble(state, rows.map((row) => itemOf(part, row)));
  });
  for (const row of decode('json', org.extras) as Row[]) {
    (state as unknown as Record<string, unknown>)[String(row.key)] = row.value;
  }
  PARTIAL_STATES.set(state, partial);
  return { state, unfilled: decode('bool', org.unfilled) === true };
}

function itemOf(part: Part, row: Row): Item {
  const extra = part.extra ? (decode('json', row.extra) as Item | null) : null;
  const item: Item = {};
  for (const x of part.fields) {
    const value = decode(x.kind, row[x.column]);
    if (value === null && x.absentWhenNull) continue;
    item[x.field] = value;
  }
  return extra ? { ...item, ...extra } : item;
}

/** Rows written by writeChanges, for logs and tests. */
export interface WriteCount {
  upserted: number;
  deleted: number;
}

/** A partial state's write met a row it had not loaded (a key taken meanwhile): the transaction rolls back. */
export class PartialWriteConflict extends Error {}

/**
 * Brings the tables from `before` (null: nothing stored yet) to `after`, touching only rows that differ.
 * Snapshots of a partial state (loadPartialState) are written only against each other: a row of a
 * partial table is deleted only if it was loaded, and a row it adds is inserted, never written
 * over one it did not load (PartialWriteConflict).
 */
export async function writeChanges(tx: Tx, orgId: string, before: Snapshot | null, after: Snapshot): Promise<WriteCount> {
  if ((before?.partial ?? null) !== after.partial) throw new Error('a partial state is written only against a snapshot of that same state');
  const count: WriteCount = { upserted: 0, deleted: 0 };
  const same = (a: unknown[], b: unknown[]) => JSON.stringify(a) === JSON.stringify(b);
  if (!before || !same(before.organization, after.organization)) {
    const [name, seed, preset, anchorMs, version, present] = after.organization;
    await tx.query(
      `INSERT INTO organizations (id, name, seed, preset, anchor_ms, state_version, present_parts) VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, seed = EXCLUDED.seed, preset = EXCLUDED.preset, anchor_ms = EXCLUDED.anchor_ms,
         state_version = EXCLUDED.state_version, present_parts = EXCLUDED.present_parts`,
      [orgId, name, seed, preset, anchorMs, version, present],
    );
    count.upserted++;
  }
  if (!before || !same(before.clock, after.clock)) {
    await tx.query(
      `INSERT INTO sim_clock (org_id, real_start_ms, offset_ms, reconciled_at_ms) VALUES ($1, $2, $3, $4)
       ON CONFLICT (org_id) DO UPDATE SET real_start_ms = EXCLUDED.real_start_ms, offset_ms = EXCLUDED.offset_ms, reconciled_at_ms = EXCLUDED.reconciled_at_ms`,
      [orgId, ...after.clock],
    );
    count.upserted++;
  }
  const logged = new Set(before?.audit.map((e) => e.id) ?? []);
  await insertAuditRecords(
    tx,
    orgId,
    after.audit.filter((e) => !logged.has(e.id)),
  );
  const outboxKey = (r: OutboxRecord): string => `${r.eventId}|${r.channel}|${r.to}`;
  const queued = new Set((before?.outbox ?? []).map(outboxKey));
  await insertOutboxRecords(
    tx,
    orgId,
    after.outbox.filter((r) => !queued.has(outboxKey(r))),
  );
  for (const part of PARTS) {
    const old = before?.tables.get(part.table) ?? new Map<string, SnapshotRow>();
    const now = after.tables.get(part.table) ?? new Map<string, SnapshotRow>();
    const changed = [...now.values()].filter((r) => old.get(r.key)?.signature !== r.signature);
    const removed = [...old.values()].filter((r) => !now.has(r.key));
    const loaded = after.partial?.get(part.table);
    if (loaded && removed.some((r) => !loaded.positions.has(r.key))) throw new Error(`${part.table}: a partial state deletes only rows it loaded`);
    await deleteRows(tx, orgId, part, removed);
    if (loaded) {
      await upsertRows(tx, orgId, part, changed.filter((r) => loaded.positions.has(r.key)));
      await insertRows(tx, orgId, part, changed.filter((r) => !loaded.positions.has(r.key)));
    } else {
      await upsertRows(tx, orgId, part, changed);
    }
    count.upserted += changed.length;
    count.deleted += removed.length;
  }
  const oldExtras = before?.extras ?? new Map<string, string>();
  for (const [key, value] of after.extras) {
    if (oldExtras.get(key) === value) continue;
    await tx.query('INSERT INTO state_extras (org_id, key, value) VALUES ($1, $2, $3::text::jsonb) ON CONFLICT (org_id, key) DO UPDATE SET value = EXCLUDED.value', [orgId, key, value]);
    count.upserted++;
  }
  for (const key of oldExtras.keys()) {
    if (after.extras.has(key)) continue;
    await tx.query('DELETE FROM state_extras WHERE org_id = $1 AND key = $2', [orgId, key]);
    count.deleted++;
  }
  return count;
}

/** PostgreSQL allows 65,535 parameters a statement; stay well below. */
const MAX_PARAMS = 30_000;

/** A partial state's new rows: inserted, or PartialWriteConflict if one exists already (a row the state did not load). */
async function insertRows(tx: Tx, orgId: string, part: Part, rows: SnapshotRow[]): Promise<void> {
  const inserted = await upsertRows(tx, orgId, part, rows, true);
  if (inserted < rows.length) throw new PartialWriteConflict(`${part.table}: a row the write adds exists already`);
}

async function upsertRows(tx: Tx, orgId: string, part: Part, rows: SnapshotRow[], insertOnly = false): Promise<number> {
  if (rows.length === 0) return 0;
  let inserted = 0;
  const derived = part.derived;
  const columns = [...columnsOf(part), ...(derived?.fields.map((x) => x.column) ?? [])];
  const kinds: Kind[] = [...part.fields.map((x) => x.kind), 'int', ...(part.extra ? (['json'] as Kind[]) : []), ...(derived?.fields.map((x) => x.kind) ?? [])];
  const perChunk = Math.max(1, Math.floor(MAX_PARAMS / (columns.length + 1)));
  const updates = columns.filter((c) => !part.key.includes(c)).map((c) => `${c} = EXCLUDED.${c}`);
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk);
    const params: unknown[] = [orgId];
    const tuples = chunk.map((row) => {
      const values = derived ? [...row.values, ...derived.values(row.item)] : row.values;
      const placeholders = values.map((v, i) => {
        params.push(v);
        return kinds[i] === 'json' ? `$${params.length}::text::jsonb` : `$${params.length}`;
      });
      return `($1, ${placeholders.join(', ')})`;
    });
    const written = await tx.query(
      `INSERT INTO ${part.table} (org_id, ${columns.join(', ')}) VALUES ${tuples.join(', ')}
       ON CONFLICT (org_id, ${part.key.join(', ')}) DO ${updates.length > 0 && !insertOnly ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}${insertOnly ? ' RETURNING 1 AS inserted' : ''}`,
      params,
    );
    inserted += written.length;
  }
  return inserted;
}

async function deleteRows(tx: Tx, orgId: string, part: Part, rows: SnapshotRow[]): Promise<void> {
  if (rows.length === 0) return;
  const perChunk = Math.max(1, Math.floor(MAX_PARAMS / part.key.length));
  for (let start = 0; start < rows.length; start += perChunk) {
    const params: unknown[] = [orgId];
    const tuples = rows.slice(start, start + perChunk).map((row) => {
      const keyValues = JSON.parse(row.key) as unknown[];
      return `(${keyValues.map((v) => {
        params.push(v);
        return `$${params.length}`;
      }).join(', ')})`;
    });
    await tx.query(`DELETE FROM ${part.table} WHERE org_id = $1 AND (${part.key.join(', ')}) IN (${tuples.join(', ')})`, params);
  }
}

/** Whether two snapshots store the same rows (nothing to write). */
export function sameSnapshot(a: Snapshot, b: Snapshot): boolean {
  if (JSON.stringify(a.organization) !== JSON.stringify(b.organization) || JSON.stringify(a.clock) !== JSON.stringify(b.clock)) return false;
  for (const part of PARTS) {
    const x = a.tables.get(part.table);
    const y = b.tables.get(part.table);
    if (!x || !y || x.size !== y.size) return false;
    for (const [key, row] of x) if (y.get(key)?.signature !== row.signature) return false;
  }
  if (a.extras.size !== b.extras.size) return false;
  for (const [k, v] of a.extras) if (b.extras.get(k) !== v) return false;
  return a.audit.length === b.audit.length && a.outbox.length === b.outbox.length;
}

function partOf(table: string): Part {
  const part = PARTS.find((p) => p.table === table);
  if (!part) throw new Error(`no part is stored in ${table}`);
  return part;
}

/** The columns that hold a table's items (for reads that select some rows: server/direct-reads.ts). */
export function itemColumns(table: string): string[] {
  return columnsOf(partOf(table));
}

/** One row of a table as the state's item (a Pod, a User, an auto-stop watch with its podId …). */
export function itemFromRow(table: string, row: Row): Record<string, unknown> {
  return itemOf(partOf(table), row);
}

/** Fills in the read columns of pods written before they existed (or fixes them): one statement per chunk. */
export async function writePodReadColumns(tx: Tx, orgId: string, pods: readonly Pod[]): Promise<number> {
  const perChunk = Math.floor(MAX_PARAMS / (POD_READ_FIELDS.length + 1));
  const casts: Record<Kind, string> = { text: 'text', int: 'double precision', bool: 'boolean', json: 'text::jsonb' };
  for (let start = 0; start < pods.length; start += perChunk) {
    const params: unknown[] = [orgId];
    const tuples = pods.slice(start, start + perChunk).map((pod) => {
      params.push(pod.id);
      const values = podReadValues(pod).map((v, i) => {
        params.push(v);
        return `$${params.length}::${casts[POD_READ_FIELDS[i]?.kind ?? 'text']}`;
      });
      return `($${params.length - values.length}::text, ${values.join(', ')})`;
    });
    await tx.query(
      `UPDATE pods p SET ${POD_READ_FIELDS.map((x) => `${x.column} = v.${x.column}`).join(', ')}
       FROM (VALUES ${tuples.join(', ')}) AS v (id, ${POD_READ_FIELDS.map((x) => x.column).join(', ')})
       WHERE p.org_id = $1 AND p.id = v.id`,
      params,
    );
  }
  return pods.length;
}
