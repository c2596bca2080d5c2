/**
 * The audit log's table (migrations/008-audit-log.sql): entries a request's state gained are
 * appended in its transaction (state-store.ts writeChanges), and read a page at a time with the
 * same rules as the cloud's route (cloud/ops/audit.ts auditMatches), in SQL: the rows that come
 * back are exactly the page's, plus one to know whether there is a next.
 */
import { newAuditId } from '../src/cloud/audit';
import type { AuditRecord } from '../src/cloud/model';
import type { AuditFilter } from '../src/cloud/ops/audit';
import type { Row, Tx } from './db';

const FIELDS: Array<[keyof AuditRecord, string, 'text' | 'int' | 'json']> = [
  ['id', 'id', 'text'],
  ['atMs', 'at_ms', 'int'],
  ['actorKind', 'actor_kind', 'text'],
  ['actorId', 'actor_id', 'text'],
  ['actorName', 'actor_name', 'text'],
  ['tokenId', 'token_id', 'text'],
  ['tokenName', 'token_name', 'text'],
  ['address', 'address', 'text'],
  ['action', 'action', 'text'],
  ['summary', 'summary', 'text'],
  ['targetType', 'target_type', 'text'],
  ['targetId', 'target_id', 'text'],
  ['targetName', 'target_name', 'text'],
  ['projectId', 'project_id', 'text'],
  ['targetOwnerId', 'target_owner_id', 'text'],
  ['before', 'before', 'json'],
  ['after', 'after', 'json'],
  ['monthlyCostDeltaCents', 'monthly_cost_delta_cents', 'int'],
];
const COLUMNS = FIELDS.map(([, c]) => c).join(', ');

/** Appends entries (a few per request): one statement. */
export async function insertAuditRecords(tx: Tx, orgId: string, records: readonly AuditRecord[]): Promise<void> {
  if (records.length === 0) return;
  const params: unknown[] = [orgId];
  const tuples = records.map((r) => {
    const cells = FIELDS.map(([field, , kind]) => {
      const v = r[field];
      params.push(v === null || v === undefined ? null : kind === 'json' ? JSON.stringify(v) : v);
      return kind === 'json' ? `$${params.length}::text::jsonb` : `$${params.length}`;
    });
    return `($1, ${cells.join(', ')})`;
  });
  await tx.query(`INSERT INTO audit_log (org_id, ${COLUMNS}) VALUES ${tuples.join(', ')}`, params);
}

function recordOf(row: Row): AuditRecord {
  const out: Record<string, unknown> = {};
  for (const [field, column, kind] of FIELDS) {
    const v = row[column];
    out[field] = v === null || v === undefined ? null : kind === 'int' ? Number(v) : kind === 'json' ? (typeof v === 'string' ? (JSON.parse(v) as unknown) : v) : String(v);
  }
  return out as unknown as AuditRecord;
}

/** The page the filter asks for, newest first, and one more entry if there is one. */
export async function selectAuditPage(tx: Tx, orgId: string, f: AuditFilter): Promise<AuditRecord[]> {
  const params: unknown[] = [orgId];
  const p = (v: unknown): string => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = ['org_id = $1'];
  if (f.ownUserId !== null) where.push(`(actor_id = ${p(f.ownUserId)} OR target_owner_id = ${p(f.ownUserId)})`);
  if (f.projectIds !== null) where.push(`project_id IN (SELECT jsonb_array_elements_text(${p(JSON.stringify(f.projectIds))}::text::jsonb))`);
  if (f.actorId !== null) where.push(f.actorId === 'policy' ? `actor_kind = 'policy'` : `actor_id = ${p(f.actorId)}`);
  if (f.action !== null) where.push(`action = ${p(f.action)}`);
  if (f.projectId !== null) where.push(`project_id = ${p(f.projectId)}`);
  if (f.fromMs !== null) where.push(`at_ms >= ${p(f.fromMs)}`);
  if (f.toMs !== null) where.push(`at_ms < ${p(f.toMs)}`);
  if (f.before !== null) where.push(`(at_ms < ${p(f.before.atMs)} OR (at_ms = ${p(f.before.atMs)} AND id < ${p(f.before.id)}))`);
  const rows = await tx.query(`SELECT ${COLUMNS} FROM audit_log WHERE ${where.join(' AND ')} ORDER BY at_ms DESC, id DESC LIMIT ${p(f.limit + 1)}`, params);
  return rows.map(recordOf);
}

/** A sign-in, succeeded or refused, at the organization's simulated now (the server records these itself). */
export async function recordSignIn(
  tx: Tx,
  orgId: string,
  user: { id: string; name: string },
  ok: boolean,
  address: string,
  realNowMs: number,
  method: 'a password' | 'single sign-on' = 'a password',
): Promise<void> {
  const [clock] = await tx.query('SELECT o.anchor_ms, c.offset_ms, c.real_start_ms FROM organizations o JOIN sim_clock c ON c.org_id = o.id WHERE o.id = $1', [orgId]);
  if (!clock) return;
  const atMs = Number(clock.anchor_ms) + Number(clock.offset_ms) + Math.max(0, realNowMs - Number(clock.real_start_ms));
  await insertAuditRecords(tx, orgId, [
    {
      id: newAuditId(atMs),
      atMs,
      actorKind: 'user',
      actorId: user.id,
      actorName: user.name,
      tokenId: null,
      tokenName: null,
      address: address.slice(0, 64),
      action: ok ? 'session.sign-in' : 'session.sign-in-refused',
      summary: ok ? `${user.name} signed in with ${method}` : `A sign-in as ${user.name} was refused: wrong password`,
      targetType: 'user',
      targetId: user.id,
      targetName: user.name,
      projectId: null,
      targetOwnerId: user.id,
      before: null,
      after: null,
      monthlyCostDeltaCents: null,
    },
  ]);
}
