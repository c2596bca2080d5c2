/**
 * A Database that counts what it reads: statements, rows returned and the bytes of those rows as
 * JSON, in the transactions run through it too. Tests wrap the server's database with it to prove
 * that a request reads a bounded number of rows (server/fleet-scale.test.ts); the server itself
 * never uses it.
 */
import type { Database, QueryOptions, Row, Tx } from './db';

export interface QueryCount {
  statements: number;
  rows: number;
  /** Length of the rows as JSON (bigint as text): what crossed from the database to the server. */
  bytes: number;
}

export interface CountedStatement {
  text: string;
  params: unknown[];
  rows: number;
  bytes: number;
  /** Sent to be kept prepared on its connection (db.ts QueryOptions). */
  prepared: boolean;
}

export interface CountingDatabase extends Database {
  /** The counts since the last reset. */
  count(): QueryCount;
  /** The statements since the last reset, with their rows and bytes. */
  statements(): CountedStatement[];
  reset(): void;
}

/**
 * What EXPLAIN ANALYZE says a statement read: rows out of each scan of a table (and those its
 * filter dropped), summed over the plan and its loops. With underLimit, only scans below a Limit
 * (a page), not those of a count(*) beside it.
 */
export async function rowsScanned(tx: Tx, statement: { text: string; params: unknown[] }, table: string, options: { underLimit?: boolean } = {}): Promise<number> {
  const [row] = await tx.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${statement.text}`, statement.params);
  const raw = row ? Object.values(row)[0] : null;
  const plans = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{ Plan: PlanNode }>;
  let rows = 0;
  const visit = (node: PlanNode, limited: boolean): void => {
    const counts = !options.underLimit || limited;
    if (counts && node['Relation Name'] === table) rows += ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) * (node['Actual Loops'] ?? 1);
    for (const child of node.Plans ?? []) visit(child, limited || node['Node Type'] === 'Limit');
  };
  for (const p of plans) visit(p.Plan, false);
  return rows;
}

interface PlanNode {
  'Node Type'?: string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

const json = (rows: unknown): string => JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

export function countQueries(db: Database): CountingDatabase {
  let log: CountedStatement[] = [];
  const record = (text: string, params: unknown[], rows: Row[], prepared: boolean): void => {
    log.push({ text, params, rows: rows.length, bytes: json(rows).length, prepared });
  };
  const counted = (tx: Tx): Tx => ({
    query: async <T extends Row>(text: string, params?: unknown[], options?: QueryOptions) => {
      const rows = await tx.query<T>(text, params, options);
      record(text, params ?? [], rows, options?.prepare === true);
      return rows;
    },
    exec: async (sql: string) => {
      await tx.exec(sql);
      log.push({ text: sql, params: [], rows: 0, bytes: 0, prepared: false });
    },
  });
  const top = counted(db);
  return {
    ...db, // the database's own members (it is a plain object), then the counted ones
    query: top.query,
    exec: top.exec,
    transaction: (fn) => db.transaction((tx) => fn(counted(tx))),
    count: () => ({ statements: log.length, rows: log.reduce((n, s) => n + s.rows, 0), bytes: log.reduce((n, s) => n + s.bytes, 0) }),
    statements: () => [...log],
    reset: () => {
      log = [];
    },
  };
}
