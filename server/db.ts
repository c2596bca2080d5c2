/**
 * The database: a PostgreSQL server through postgres.js when DATABASE_URL is set, otherwise
 * PGlite (PostgreSQL compiled to WebAssembly, in this process) on a data directory. Both speak
 * the same SQL; the rest of the server sees only this small interface.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';

export type Row = Record<string, unknown>;

export interface QueryOptions {
  /**
   * Keep the statement prepared on its connection (PostgreSQL; PGlite ignores it): parsed once,
   * and planned once when PostgreSQL finds its generic plan as good as a fresh one. For the texts
   * the code fixes that run on every read (a page, a summary): their planning was a quarter of the
   * database's time per request. Never for a text that varies with data (a batch's VALUES list):
   * each text stays prepared until its connection ends (the driver's max_lifetime, 30 to 60 min).
   */
  prepare?: boolean;
}

export interface Tx {
  /** One statement with $1-style parameters. */
  query<T extends Row = Row>(text: string, params?: unknown[], options?: QueryOptions): Promise<T[]>;
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

/** The file in a PGlite data directory that says which process has it open. */
export const PGLITE_LOCK_FILE = '.northlight.lock';

/** Data directories this process holds (a second open in the same process is refused too). */
const heldDirectories = new Set<string>();

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, under another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes a PGlite data directory for this process: PGlite is PostgreSQL inside one process, and
 * two processes on one directory overwrite each other's writes (acknowledged writes are lost).
 * Creates `<dataDir>/.northlight.lock` holding this process's id, exclusively; a lock whose
 * process has ended (a crash, a kill -9) is taken over. Throws when a live process holds it.
 * Returns the release, which runs on close and, failing that, when this process exits.
 */
export function lockDataDirectory(dataDir: string): () => void {
  const dir = resolve(dataDir);
  const path = join(dir, PGLITE_LOCK_FILE);
  const inUse = (holder: number) =>
    new Error(
      `PGlite data directory ${dir} is in use by process ${holder}${holder === process.pid ? ' (this one)' : ''}; stop it or set PGLITE_DIR to another directory. ` +
        `(If no such process uses it, delete ${path}.)`,
    );
  if (heldDirectories.has(dir)) throw inUse(process.pid);
  mkdirSync(dir, { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 5) throw e;
    }
    let holder = NaN;
    try {
      holder = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    } catch {
      continue; // released meanwhile: try again
    }
    // A lock naming this process that it does not hold is a stale one from an earlier process
    // that had the same id (a container's pid 1 after a restart).
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && processIsAlive(holder)) throw inUse(holder);
    rmSync(path, { force: true });
  }
  heldDirectories.add(dir);
  const release = () => {
    process.off('exit', release);
    if (!heldDirectories.delete(dir)) return;
    try {
      if (Number.parseInt(readFileSync(path, 'utf8').trim(), 10) === process.pid) rmSync(path, { force: true });
    } catch {
      // already gone
    }
  };
  process.on('exit', release);
  return release;
}

async function openPglite(options: DatabaseOptions): Promise<Database> {
  const unlock = options.dataDir ? lockDataDirectory(options.dataDir) : () => {};
  let pg: PGlite;
  try {
    pg = await PGlite.create({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
  } catch (e) {
    unlock();
    throw e;
  }
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
    close: async () => {
      try {
        await pg.close();
      } finally {
        unlock();
      }
    },
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
    query: async <T extends Row>(text: string, params: unknown[] = [], options: QueryOptions = {}) =>
      (await q.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: options.prepare === true })) as unknown as T[],
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
