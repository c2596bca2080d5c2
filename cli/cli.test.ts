/**
 * The northlight CLI against the real server (in-process, on PGlite or TEST_DATABASE_URL): the
 * CLI runs in-process through run(argv, io) for speed, and once as the real bin in a child process.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type ApiClient, type TestServer } from '../server/testing/harness';
import { EXIT, run } from './cli';
import { configDir } from './config';

let server: TestServer;
let maya: ApiClient;
let ana: ApiClient;
let home: string;
/** Secrets: an admin's (writable), an engineer's (writable) and an engineer's read-only token. */
let admin: string;
let engineer: string;
let readOnly: string;

const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf me@laptop';
const LAUNCH = ['--project', 'p-vision', '--gpu', 'l4', '--region', 'ca-mtl-1', '--image', 'pytorch-2.9-cuda12.8', '--ssh-public-key', SSH_KEY];

async function token(client: ApiClient, body: Record<string, unknown>): Promise<string> {
  const res = await client.call<{ secret: string }>('POST', '/v1/api-tokens', { name: `cli ${Math.random()}`, kind: 'personal', projectIds: null, readOnly: false, expiresInDays: 30, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.secret;
}

beforeAll(async () => {
  server = await startTestServer();
  [maya, ana] = await Promise.all([server.signIn('maya@lumen.example'), server.signIn('ana@lumen.example')]);
  [admin, engineer, readOnly] = await Promise.all([token(maya, { role: 'admin' }), token(ana, { role: 'engineer' }), token(ana, { role: 'engineer', readOnly: true })]);
  home = await mkdtemp(join(tmpdir(), 'northlight-cli-'));
});
afterAll(async () => {
  await server?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

interface CliOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  fetch?: (request: Request) => Promise<Response>;
}

/** One run of the CLI, in-process, with its own streams; a config dir under the test's home unless env says otherwise. */
async function cli(argv: string[], { env = {}, stdin = '', fetch }: CliOptions = {}): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    env: { XDG_CONFIG_HOME: join(home, 'default'), NORTHLIGHT_API_URL: `${server.url}/api`, ...env },
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: Readable.from(stdin ? [stdin] : []),
    platform: { platform: 'linux', home },
    ...(fetch ? { fetch } : {}),
  });
  return { code, stdout, stderr };
}

const as = (secret: string) => ({ env: { NORTHLIGHT_TOKEN: secret } });
const json = <T>(r: Result): T => JSON.parse(r.stdout) as T;

describe('northlight CLI', () => {
  it('logs in with a token: checked first, stored 0600 in a 0700 directory, never printed; whoami and logout', async () => {
    const config = join(home, 'login');
    const env = { XDG_CONFIG_HOME: config, NORTHLIGHT_API_URL: undefined };
    const login = await cli(['login', '--token', engineer, '--api-url', `${server.url}/api`], { env });
    expect(login.code, login.stderr).toBe(EXIT.ok);
    expect(login.stdout).toContain('Ana');
    expect(login.stdout + login.stderr).not.toContain(engineer);

    const file = join(config, 'northlight', 'config.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(config, 'northlight'))).mode & 0o777).toBe(0o700);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ apiUrl: `${server.url}/api`, token: engineer });

    // The stored token and URL are used with nothing in the environment.
    const whoami = await cli(['whoami'], { env });
    expect(whoami.code, whoami.stderr).toBe(EXIT.ok);
    expect(whoami.stdout).toMatch(/Role:\s+engineer/);
    expect(whoami.stdout).toContain(file);
    expect(whoami.stdout).not.toContain(engineer);
    // NORTHLIGHT_TOKEN overrides the stored one.
    expect(json<{ user: { id: string } }>(await cli(['whoami', '--json'], { env: { ...env, NORTHLIGHT_TOKEN: admin } })).user.id).toBe('u-maya');

    // A config file others can read still works, with a warning.
    await chmod(file, 0o644);
    const loose = await cli(['whoami'], { env });
    expect(loose.code).toBe(EXIT.ok);
    expect(loose.stderr).toBe(`warning: ${file} can be read by other users: chmod 600 it (northlight login rewrites it so)\n`);
    await chmod(file, 0o600);

    const logout = await cli(['logout'], { env });
    expect(logout.code).toBe(EXIT.ok);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ apiUrl: `${server.url}/api` });
    const after = await cli(['whoami'], { env });
    expect(after.code).toBe(EXIT.auth);
    expect(after.stderr).toBe('error: not logged in: run `northlight login` or set NORTHLIGHT_TOKEN\n');
  });

  it("keeps the config in the OS's config directory", () => {
    expect(configDir({ env: {}, platform: 'linux', home: '/home/ana' })).toBe('/home/ana/.config/northlight');
    expect(configDir({ env: { XDG_CONFIG_HOME: '/x' }, platform: 'linux', home: '/home/ana' })).toBe('/x/northlight');
    expect(configDir({ env: {}, platform: 'darwin', home: '/Users/ana' })).toBe('/Users/ana/Library/Application Support/northlight');
    expect(configDir({ env: { APPDATA: 'C:/Users/ana/AppData/Roaming' }, platform: 'win32', home: 'C:/Users/ana' }).replace(/\\/g, '/')).toBe('C:/Users/ana/AppData/Roaming/northlight');
  });

  it('reads the token from stdin, and stores nothing when the API refuses it', async () => {
    const env = { XDG_CONFIG_HOME: join(home, 'stdin') };
    const piped = await cli(['login'], { env, stdin: `${admin}\n` });
    expect(piped.code, piped.stderr).toBe(EXIT.ok);
    expect(piped.stdout).toContain('Maya');
    expect(JSON.parse(await readFile(join(home, 'stdin', 'northlight', 'config.json'), 'utf8')).token).toBe(admin);

    const refused = await cli(['login', '--token', 'nlt_not-a-real-token-at-all-000000000000000000'], { env: { XDG_CONFIG_HOME: join(home, 'refused') } });
    expect(refused.code).toBe(EXIT.auth);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/^error: /);
    await expect(stat(join(home, 'refused', 'northlight', 'config.json'))).rejects.toThrow();

    expect((await cli(['login'], { env: { XDG_CONFIG_HOME: join(home, 'empty') } })).code).toBe(EXIT.usage);
  });

  it("lists the organization's pods with a token: --json is the API's page, the table has a row per pod", async () => {
    const listed = await cli(['pods', 'ls', '--json', '--limit', '500'], as(admin));
    expect(listed.code, listed.stderr).toBe(EXIT.ok);
    const viaSession = await maya.call<{ items: Array<{ id: string }>; total: number }>('GET', '/v1/pods?limit=500');
    const page = json<{ items: Array<{ id: string }>; total: number }>(listed);
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.map((p) => p.id)).toEqual(viaSession.body.items.map((p) => p.id));
    expect(page.total).toBe(viaSession.body.total);

    // --all follows the cursor, here in pages of 7.
    const all = json<{ items: Array<{ id: string }>; nextCursor: string | null }>(await cli(['pods', 'ls', '--all', '--limit', '7', '--json'], as(admin)));
    expect(all.items.map((p) => p.id)).toEqual(viaSession.body.items.map((p) => p.id));
    expect(all.nextCursor).toBeNull();

    const human = await cli(['pods', 'ls', '--limit', '5'], as(admin));
    expect(human.code).toBe(EXIT.ok);
    const lines = human.stdout.split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+STATUS\s+GPUS\s+REGION/);
    expect(lines.slice(1, 6).every((l) => /\$[\d,]+\.\d\d/.test(l))).toBe(true);
    expect(human.stdout).toContain(`5 of ${viaSession.body.total} pods`);
  });

  it('launches once per --idempotency-key: the same key again answers the same pod, and the list shows one', async () => {
    const args = ['pods', 'launch', '--name', 'cli-once', '--idempotency-key', 'cli-launch-1', ...LAUNCH];
    const first = await cli([...args, '--json'], as(engineer));
    expect(first.code, first.stderr).toBe(EXIT.ok);
    expect(first.stderr).toContain('Idempotency-Key: cli-launch-1');
    const pod = json<{ id: string; name: string; status: string }>(first);
    expect(pod).toMatchObject({ name: 'cli-once', status: 'queued' });

    const again = await cli(args, as(engineer));
    expect(again.code, again.stderr).toBe(EXIT.ok);
    expect(again.stdout).toContain(`(${pod.id}) was launched earlier with this key: no second pod`);

    const listed = json<{ items: Array<{ id: string }> }>(await cli(['pods', 'ls', '--json', '-q', 'cli-once'], as(engineer)));
    expect(listed.items.map((p) => p.id)).toEqual([pod.id]);

    // Another key is another launch intent: refused as a duplicate name, as one line, exit 1.
    const other = await cli(['pods', 'launch', '--name', 'cli-once', ...LAUNCH], as(engineer));
    expect(other.code).toBe(EXIT.api);
    const errors = other.stderr.split('\n').filter((l) => l.startsWith('error:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^error: [^:]+: .*name/);
    expect(other.stderr).toMatch(/^Idempotency-Key: [0-9a-f-]{36}\n/);

    // Get, stop, start and terminate it by name or id.
    const got = await cli(['pods', 'get', 'cli-once'], as(engineer));
    expect(got.code, got.stderr).toBe(EXIT.ok);
    expect(got.stdout).toMatch(new RegExp(`ID:\\s+${pod.id}`));
    expect((await cli(['pods', 'terminate', pod.id], as(engineer))).code).toBe(EXIT.usage);
    expect((await cli(['pods', 'terminate', pod.id, '--confirm', 'wrong-name'], as(engineer))).code).toBe(EXIT.usage);
    const terminated = await cli(['pods', 'terminate', pod.id, '--confirm', 'cli-once', '--json'], as(engineer));
    expect(terminated.code, terminated.stderr).toBe(EXIT.ok);
    expect(json<{ status: string }>(terminated).status).toMatch(/^terminat/);
  });

  it("refuses a read-only token's launch with the auth exit code and the problem as one line", async () => {
    const before = await server.db.query("SELECT count(*)::int AS n FROM pods WHERE org_id = 'org-lumen'");
    const res = await cli(['pods', 'launch', '--name', 'cli-read-only', ...LAUNCH], as(readOnly));
    expect(res.code).toBe(EXIT.auth);
    expect(res.stdout).toBe('');
    const lines = res.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Idempotency-Key: /);
    expect(lines.slice(1)).toHaveLength(1);
    expect(lines[1]).toMatch(/^error: [^:\n]+: .*read-only/);
    expect(res.stderr).not.toContain(readOnly);
    expect(await server.db.query("SELECT count(*)::int AS n FROM pods WHERE org_id = 'org-lumen'")).toEqual(before);
    // It still reads.
    expect((await cli(['whoami'], as(readOnly))).code).toBe(EXIT.ok);
  });

  it('gives the waste in the same cents as the utilization summary endpoint', async () => {
    const res = await cli(['waste', '--json', '--range', '7d'], as(admin));
    expect(res.code, res.stderr).toBe(EXIT.ok);
    const api = await maya.call<{ current: { wasteCents: number; spendCents: number } }>('GET', '/v1/utilization/summary?range=7d');
    expect(api.status).toBe(200);
    const cliFigures = json<{ current: { wasteCents: number; spendCents: number } }>(res).current;
    expect(cliFigures).toEqual(api.body.current);
    expect(cliFigures.wasteCents).toBeGreaterThan(0);

    const human = await cli(['waste'], as(admin));
    expect(human.code).toBe(EXIT.ok);
    const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(api.body.current.wasteCents / 100);
    expect(human.stdout).toMatch(new RegExp(`Waste:\\s+${dollars.replace(/[$.]/g, '\\$&')} `));

    const by = await cli(['waste', '--by', 'project'], as(admin));
    expect(by.code, by.stderr).toBe(EXIT.ok);
    expect(by.stdout).toMatch(/^PROJECT\s+ID\s+GPU SPEND\s+WASTE/m);
    expect(by.stdout).toMatch(new RegExp(`^Total\\s.*${dollars.replace(/[$.]/g, '\\$&')}`, 'm'));
  });

  it('lists recommendations, dry-runs an apply, forecasts the month and estimates egress', async () => {
    const recs = await cli(['recommendations', 'ls', '--json'], as(admin));
    expect(recs.code, recs.stderr).toBe(EXIT.ok);
    const api = await maya.call<{ totalMonthlySavingsCents: number; items: Array<{ id: string; action: { type: string } }> }>('GET', '/v1/recommendations?limit=50');
    const list = json<typeof api.body>(recs);
    expect(list.totalMonthlySavingsCents).toBe(api.body.totalMonthlySavingsCents);
    expect(list.items.map((r) => r.id)).toEqual(api.body.items.map((r) => r.id));
    const table = await cli(['recs', 'ls'], as(admin));
    expect(table.stdout).toMatch(/^ID\s+KIND\s+PODS\s+CHANGE/);

    const patch = api.body.items.find((r) => r.action.type === 'patch') as { id: string; action: { type: 'patch'; podId: string; patch: Record<string, number> } } | undefined;
    expect(patch).toBeDefined();
    const dry = await cli(['recommendations', 'apply', patch!.id, '--dry-run'], as(admin));
    expect(dry.code, dry.stderr).toBe(EXIT.ok);
    expect(dry.stdout).toMatch(/^Would change .*Nothing done/);
    const applied = await cli(['recommendations', 'apply', patch!.id, '--json'], as(admin));
    expect(applied.code, applied.stderr).toBe(EXIT.ok);
    const changed = await maya.call<Record<string, unknown>>('GET', `/v1/pods/${patch!.action.podId}`);
    expect(changed.body).toMatchObject(patch!.action.patch);
    const manual = api.body.items.find((r) => r.action.type === 'manual');
    if (manual) expect((await cli(['recommendations', 'apply', manual.id], as(admin))).code).toBe(EXIT.api);
    expect((await cli(['recommendations', 'apply', 'no-such-recommendation'], as(admin))).code).toBe(EXIT.notFound);

    const forecast = await cli(['billing', 'forecast', '--json'], as(admin));
    expect(forecast.code, forecast.stderr).toBe(EXIT.ok);
    const summary = await maya.call<{ forecast: { monthEndCents: number } }>('GET', '/v1/billing/summary');
    expect(json<typeof summary.body>(forecast).forecast).toEqual(summary.body.forecast);
    expect((await cli(['billing', 'forecast'], as(admin))).stdout).toMatch(/^Forecast:\s+\$/m);

    const estimate = await cli(['egress', 'estimate', '--from', 'aws:us-east-1', '--to', 'internet', '--volume', '50', '--unit', 'TB', '--json'], as(engineer));
    expect(estimate.code, estimate.stderr).toBe(EXIT.ok);
    const e = json<{ costCents: number; scheduleId: string; lines: Array<{ costCents: number }> }>(estimate);
    expect(e.costCents).toBeGreaterThan(0);
    expect(e.lines.reduce((a, l) => a + l.costCents, 0)).toBe(e.costCents);
    const human = await cli(['egress', 'estimate', '--from', 'aws:us-east-1', '--volume', '50'], as(engineer));
    expect(human.stdout).toMatch(/^First month:\s+\$[\d,]+\.\d\d$/m);
    expect((await cli(['egress', 'estimate', '--from', 'nowhere:xx', '--volume', '1'], as(engineer))).code).toBe(EXIT.usage);
  });

  it('stops and starts a pod', async () => {
    const running = json<{ items: Array<{ id: string; name: string }> }>(await cli(['pods', 'ls', '--json', '--status', 'running', '--project', 'p-vision', '--limit', '1'], as(engineer))).items[0]!;
    const stopped = await cli(['pods', 'stop', running.name], as(engineer));
    expect(stopped.code, stopped.stderr).toBe(EXIT.ok);
    expect(stopped.stdout).toBe(`${running.name} (${running.id}) is stopping\n`);
    expect((await maya.call('POST', '/v1/simulation/advance', { durationMs: 10 * 60_000 })).status).toBe(200);
    const ssh = await cli(['pods', 'ssh', running.id], as(engineer));
    expect(ssh.code).toBe(EXIT.api);
    expect(ssh.stderr).toBe(`error: ${running.name} is stopped: SSH answers only while it runs (northlight pods start ${running.id})\n`);
    const started = await cli(['pods', 'start', running.id, '--json'], as(engineer));
    expect(started.code, started.stderr).toBe(EXIT.ok);
    expect(json<{ status: string }>(started).status).toMatch(/^(provisioning|running)$/);
  });

  it('prints the ssh command of a running pod', async () => {
    const running = json<{ items: Array<{ id: string }> }>(await cli(['pods', 'ls', '--json', '--status', 'running', '--limit', '1'], as(admin))).items[0]!;
    const res = await cli(['pods', 'ssh', running.id, '--', '-L', '8888:localhost:8888'], as(admin));
    expect(res.code, res.stderr).toBe(EXIT.ok);
    expect(res.stdout).toMatch(new RegExp(`^ssh -p \\d+ [\\w.-]+@${running.id}\\.[\\w.-]+ -L 8888:localhost:8888\\n$`));
  });

  it('exits with documented codes: usage 2, not found 4, network 5', async () => {
    const unknown = await cli(['frobnicate'], as(admin));
    expect(unknown.code).toBe(EXIT.usage);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
    expect((await cli(['pods', 'ls', '--limit', '0'], as(admin))).code).toBe(EXIT.usage);
    expect((await cli(['pods', 'launch', '--name', 'x'], as(admin))).code).toBe(EXIT.usage);
    expect((await cli(['pods'], as(admin))).code).toBe(EXIT.usage);
    expect((await cli(['help', 'pods'])).code).toBe(EXIT.ok);
    const help = await cli(['--help']);
    expect(help.code).toBe(EXIT.ok);
    expect(help.stdout).toMatch(/Exit codes:\n\s+0\s+ok\n\s+1\s+API error.*\n\s+2\s+usage error.*\n\s+3\s+auth error.*\n\s+4\s+not found.*\n\s+5\s+network error/);

    const missing = await cli(['pods', 'get', 'pod-that-does-not-exist'], as(admin));
    expect(missing.code).toBe(EXIT.notFound);
    expect(missing.stderr).toMatch(/^error: no pod with the id or name pod-that-does-not-exist\n$/);

    const refused = await cli(['pods', 'ls', '--api-url', 'http://127.0.0.1:1/api'], as(admin));
    expect(refused.code).toBe(EXIT.network);
    expect(refused.stderr).toMatch(/^error: cannot reach http:\/\/127\.0\.0\.1:1\/api: /);

    const hanging = (request: Request) => new Promise<Response>((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason)));
    const slow = await cli(['pods', 'ls', '--timeout', '0.2'], { ...as(admin), fetch: hanging });
    expect(slow.code).toBe(EXIT.network);
    expect(slow.stderr).toMatch(/^error: no answer from .* within 0\.2 s/);
  });

  it('runs as the real bin', async () => {
    const bin = fileURLToPath(new URL('./northlight.mjs', import.meta.url));
    const child = (args: string[]) =>
      new Promise<Result>((resolve) => {
        execFile(process.execPath, [bin, ...args], { env: { ...process.env, NORTHLIGHT_TOKEN: admin, NORTHLIGHT_API_URL: `${server.url}/api`, XDG_CONFIG_HOME: join(home, 'bin') }, timeout: 30_000 }, (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
        );
      });
    const [whoami, unknown] = await Promise.all([child(['whoami', '--json']), child(['frobnicate'])]);
    expect(whoami.code, whoami.stderr).toBe(0);
    expect(JSON.parse(whoami.stdout).user.id).toBe('u-maya');
    expect(unknown.code).toBe(EXIT.usage);
  });
});
