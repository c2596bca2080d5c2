/**
 * The database: a PostgreSQL server through postgres.js when DATABASE_URL is set, otherwise
 * PGlite (PostgreSQL compiled to WebAssembly, in this process) on a data directory. Both speak
 * the same SQL; the rest of the server sees only this small interface.
 */
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';

export type Row = Record<string, unknown>;

export interface Tx {
  /** One statement with $1-style parameters. */
  query<T extends Row = Row>(text: string, params?: unknown[]): Promise<T[]>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Tx {
  readonly description: string;
  /** Runs fn in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** PGlite only: the data directory as a tarball (test databases start from a copy). */
  dump?(): Promise<Blob>;
}

export interface DatabaseOptions {
  /** A PostgreSQL connection string; wins over dataDir. */
  url?: string;
  /** PGlite's data directory; absent: in memory (tests). */
  dataDir?: string;
  /** PGlite: start from this dump (PGlite's dumpDataDir) instead of an empty cluster. */
  loadDataDir?: Blob;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url) : openPglite(options);
}

async function openPglite(options: DatabaseOptions): Promise<Database> {
  const pg = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Tx => ({
    query: async <T extends Row>(text: string, params: unknown[] = []) => (await q.query<T>(text, params)).rows,
    exec: async (sql) => {
      await q.exec(sql);
    },
  });
  return {
    description: `PGlite ${options.dataDir ?? '(in memory)'}`,
    ...wrap(pg),
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    close: () => pg.close(),
    dump: () => pg.dumpDataDir('none'),
  };
}

function openPostgres(url: string): Database {
  const sql = postgres(url, {
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    onnotice: () => {},
    // Timestamps in this schema are integer milliseconds (bigint): read them as numbers.
    types: { bigint: { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) } },
  });
  type Unsafe = Pick<postgres.Sql, 'unsafe'>;
  const wrap = (q: Unsafe): Tx => ({
    query: async <T extends Row>(text: string, params: unknown[] = []) =>
      (await q.unsafe(text, params as postgres.ParameterOrJSON<never>[])) as unknown as T[],
    exec: async (text) => {
      await q.unsafe(text);
    },
  });
  const redacted = url.replace(/\/\/[^@/]*@/, '//…@');
  return {
    description: `PostgreSQL ${redacted}`,
    ...wrap(sql),
    transaction: async <T>(fn: (tx: Tx) => Promise<T>) => (await sql.begin((tx) => fn(wrap(tx)))) as T,
    close: () => sql.end({ timeout: 5 }),
  };
}
