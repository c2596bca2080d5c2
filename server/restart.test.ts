/**
 * A restart loses nothing: `npm run server`'s entry point on a data directory, a launch, a
 * budget, a dismissed recommendation and a session; the process stops; a new one on the same
 * directory answers all of them as before (and does not seed again).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dataDir = mkdtempSync(join(tmpdir(), 'nl-restart-'));
const running: ChildProcess[] = [];

afterAll(() => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  api: string;
  output: () => string;
}

async function start(): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PGLITE_DIR: dataDir, PORT: '0', DEMO_PASSWORD: 'restart-password', ALLOW_SIMULATION: '0', STATIC_DIR: join(dataDir, 'no-console'), LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const api = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 60_000);
    const check = () => {
      const m = /listening on (http:\/\/[^\s]+\/api)/.exec(output);
      if (m?.[1] && output.includes('"message":"started"')) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', (code) => reject(new Error(`the server exited (${code}):\n${output}`)));
  });
  return { child, api, output: () => output };
}

async function stop(s: Started): Promise<void> {
  const exited = new Promise<number | null>((resolve) => s.child.once('exit', resolve));
  s.child.kill('SIGTERM');
  expect(await exited).toBe(0);
}

async function call<T>(api: string, cookie: string, csrf: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: { cookie, 'X-CSRF-Token': csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as T, res };
}

describe('a restart', () => {
  it('keeps pods, budgets, decisions and sessions', async () => {
    const first = await start();
    expect(first.output()).toContain('"seeded":true');
    const signIn = await fetch(`${first.api}/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'maya@lumen.example', password: 'restart-password' }) });
    expect(signIn.status).toBe(200);
    const cookies = signIn.headers.getSetCookie().map((c) => c.split(';')[0] ?? '');
    const cookie = cookies.join('; ');
    const csrf = cookies.find((c) => c.startsWith('__Host-nl_csrf='))!.slice('__Host-nl_csrf='.length);
    const launch = {
      name: 'survives-restart', projectId: 'p-llm', gpuTypeId: 'l4', gpuCount: 2, regionId: 'ca-tor-1', imageId: 'jax-0.8-cuda12.8', diskGb: 250, autoStopIdleMinutes: 60,
      sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf me@laptop',
    };
    const pod = await call<{ id: string }>(first.api, cookie, csrf, 'POST', '/v1/pods', launch, { 'Idempotency-Key': 'restart-1' });
    expect(pod.status).toBe(201);
    const budget = await call<{ id: string }>(first.api, cookie, csrf, 'POST', '/v1/budgets', { projectId: 'p-llm', amountCents: 12_345_00, thresholdsPercent: [80], policy: 'notify' });
    expect(budget.status).toBe(201);
    const rec = (await call<{ items: Array<{ id: string }> }>(first.api, cookie, csrf, 'GET', '/v1/recommendations')).body.items[0]!;
    expect((await call(first.api, cookie, csrf, 'POST', `/v1/recommendations/${rec.id}/dismiss`, { reason: 'already-handled' })).status).toBe(200);
    const before = (await call<Record<string, unknown>>(first.api, cookie, csrf, 'GET', `/v1/pods/${pod.body.id}`)).body;
    await stop(first);

    const second = await start();
    expect(second.output()).toContain('"seeded":false');
    // The same session cookie still works: sessions live in the database too.
    const after = await call<Record<string, unknown>>(second.api, cookie, csrf, 'GET', `/v1/pods/${pod.body.id}`);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ id: pod.body.id, name: 'survives-restart', gpuCount: 2, regionId: 'ca-tor-1', diskGb: 250, createdAt: before.createdAt });
    expect((after.body as { events: unknown[] }).events.slice(0, 1)).toEqual((before as { events: unknown[] }).events.slice(0, 1));
    expect((await call<{ amountCents: number }>(second.api, cookie, csrf, 'GET', `/v1/budgets/${budget.body.id}`)).body.amountCents).toBe(12_345_00);
    expect((await call<{ status: string }>(second.api, cookie, csrf, 'GET', `/v1/recommendations/${rec.id}`)).body.status).toBe('dismissed');
    // A replay of the launch after the restart still makes no second pod.
    const replay = await call<{ id: string }>(second.api, cookie, csrf, 'POST', '/v1/pods', launch, { 'Idempotency-Key': 'restart-1' });
    expect(replay.body.id).toBe(pod.body.id);
    expect(replay.res.headers.get('Idempotency-Replayed')).toBe('true');
    await stop(second);
  });
});
