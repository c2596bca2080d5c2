/**
 * PGlite's data directory is one process's: a second process on the same directory refuses to
 * start with a message that names the directory and the process holding it (two PGlite
 * instances on one directory lose acknowledged writes); after the first closes, it opens. A
 * lock left by a process that ended (a crash) is taken over.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockDataDirectory, openDatabase, PGLITE_LOCK_FILE } from './db';

const root = mkdtempSync(join(tmpdir(), 'nl-pglite-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Opens the directory in another Node process (as `npm run server` would), runs one query, closes. */
function openInChild(dataDir: string): Promise<{ code: number | null; output: string }> {
  const script = `
    const { openDatabase } = await import(${JSON.stringify(new URL('./db.ts', import.meta.url).pathname)});
    const db = await openDatabase({ dataDir: ${JSON.stringify(dataDir)} });
    const [row] = await db.query('SELECT n FROM t');
    console.log('opened, n =', row.n);
    await db.close();
  `;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/** The id of a process that has ended. */
function deadPid(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', '0']);
    child.on('exit', () => resolve(child.pid!));
  });
}

describe('the PGlite data directory lock', () => {
  it('refuses a second process on an open directory with a clear message, and lets it open once the first closes', async () => {
    const dataDir = join(root, 'shared');
    const db = await openDatabase({ dataDir });
    const lock = join(dataDir, PGLITE_LOCK_FILE);
    try {
      await db.exec('CREATE TABLE t (n integer); INSERT INTO t VALUES (42);');
      expect(readFileSync(lock, 'utf8').trim()).toBe(String(process.pid));
      const second = await openInChild(dataDir);
      expect(second.code).not.toBe(0);
      expect(second.output).toContain(`PGlite data directory ${dataDir} is in use by process ${process.pid}; stop it or set PGLITE_DIR to another directory`);
      expect(second.output).not.toContain('opened');
      // the same process cannot open it twice either
      await expect(openDatabase({ dataDir })).rejects.toThrow(/is in use by process \d+ \(this one\)/);
      expect(await db.query('SELECT n FROM t')).toEqual([{ n: 42 }]);
    } finally {
      await db.close();
    }
    expect(existsSync(lock)).toBe(false);
    const after = await openInChild(dataDir);
    expect(after.output).toContain('opened, n = 42');
    expect(after.code).toBe(0);
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over a lock whose process has ended, and releases it', async () => {
    const dataDir = join(root, 'stale');
    const release = lockDataDirectory(dataDir);
    release();
    const lock = join(dataDir, PGLITE_LOCK_FILE);
    writeFileSync(lock, `${await deadPid()}\n`);
    const again = lockDataDirectory(dataDir);
    expect(readFileSync(lock, 'utf8').trim()).toBe(String(process.pid));
    expect(() => lockDataDirectory(dataDir)).toThrow(/in use by process/);
    again();
    expect(existsSync(lock)).toBe(false);
    // a lock naming this process that it does not hold: left by an earlier process with the same id
    writeFileSync(lock, `${process.pid}\n`);
    lockDataDirectory(dataDir)();
    expect(existsSync(lock)).toBe(false);
  });
});
