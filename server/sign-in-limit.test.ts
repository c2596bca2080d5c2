/**
 * The sign-in rate limit (server/sign-in-limit.ts): 5 failures per e-mail and 50 per address in
 * 15 minutes, then 429 with Retry-After, even for the right password; a success forgets the
 * e-mail's failures; unknown e-mails count alike; the count lives in the database, so two
 * instances share it and a restart keeps it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './db';
import { addressKey, admitSignIn, MAX_FAILURES_PER_ADDRESS, pickAddress, trustedProxiesFrom } from './sign-in-limit';
import { DEMO_PASSWORD, freshDatabase, startTestServer, type Answer, type TestServer } from './testing/harness';

const MINUTE_MS = 60_000;
let wallMs = Date.UTC(2026, 10, 23, 9, 0, 0);
let server: TestServer;

// Behind one trusted proxy: each test signs in from an address of its own (X-Forwarded-For).
beforeAll(async () => {
  server = await startTestServer({ wallNow: () => wallMs, trustedProxies: 1 });
});
afterAll(() => server?.close());

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
}

function signIn(target: TestServer, email: string, password: string, address?: string): Promise<Answer<Problem>> {
  return target.client().call<Problem>('POST', '/v1/auth/sign-in', { email, password }, address ? { 'X-Forwarded-For': address } : {});
}

async function failTimes(n: number, email: string, address?: string, target: TestServer = server): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) statuses.push((await signIn(target, email, 'not-the-password', address)).status);
  return statuses;
}

describe('the sign-in limit per e-mail', () => {
  it('refuses the 6th failure in 15 minutes with 429 and Retry-After, even the right password, until the oldest failure is 15 minutes old', async () => {
    const from = '198.51.100.1';
    const startMs = wallMs;
    // Five failures a minute apart, the e-mail written two ways (it is the same account).
    for (let i = 0; i < 5; i++) {
      expect((await signIn(server, i % 2 ? 'Ana@Lumen.example' : 'ana@lumen.example', 'not-the-password', from)).status).toBe(401);
      if (i < 4) wallMs += MINUTE_MS;
    }
    const limited = await signIn(server, 'ana@lumen.example', 'not-the-password', from);
    expect(limited.status).toBe(429);
    // The first failure leaves the window 15 minutes after it happened: 11 minutes from now.
    expect(limited.headers.get('Retry-After')).toBe('660');
    expect(limited.headers.get('content-type')).toBe('application/problem+json');
    expect(limited.body).toMatchObject({ type: 'https://northlight.example/problems/too-many-attempts', title: 'Too many sign-in attempts', status: 429 });
    expect(limited.body.detail).toMatch(/Try again in 11 minutes\.$/);
    const right = await signIn(server, 'ana@lumen.example', DEMO_PASSWORD, from);
    expect(right.status).toBe(429);
    expect(right.headers.getSetCookie()).toEqual([]);

    // Refused attempts do not push the wait out: a second before the first failure leaves, still refused...
    wallMs = startMs + 15 * MINUTE_MS - 1000;
    const almost = await signIn(server, 'ana@lumen.example', DEMO_PASSWORD, from);
    expect([almost.status, almost.headers.get('Retry-After')]).toEqual([429, '1']);
    expect(almost.body.detail).toMatch(/Try again in 1 minute\.$/);
    // ...and once it has left, the right password works.
    wallMs = startMs + 15 * MINUTE_MS;
    expect((await signIn(server, 'ana@lumen.example', DEMO_PASSWORD, from)).status).toBe(200);
  });

  it('forgets the failures of an e-mail once its password is right', async () => {
    const from = '198.51.100.2';
    expect(await failTimes(4, 'felix@lumen.example', from)).toEqual([401, 401, 401, 401]);
    expect((await signIn(server, 'felix@lumen.example', DEMO_PASSWORD, from)).status).toBe(200);
    // Counting starts again: five more failures, the sixth refused.
    expect(await failTimes(6, 'felix@lumen.example', from)).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('limits an unknown e-mail the same way, with the same answers', async () => {
    const from = '198.51.100.3';
    const known = await failTimes(5, 'priya@lumen.example', from);
    const unknown = await failTimes(5, 'nobody@lumen.example', from);
    expect(unknown).toEqual(known);
    const [a, b] = [await signIn(server, 'priya@lumen.example', 'x', from), await signIn(server, 'nobody@lumen.example', 'x', from)];
    expect([a.status, b.status]).toEqual([429, 429]);
    expect(b.body).toEqual(a.body);
    expect(b.headers.get('Retry-After')).toBe(a.headers.get('Retry-After'));
  });
});

describe('the sign-in limit per address', () => {
  it('refuses an address that failed 50 times across many e-mails, and only that address', async () => {
    const spray = '203.0.113.50';
    // The spray's first 40 guesses, recorded as the route records them (without 40 password hashes' time)...
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS - 10; i++) expect((await admitSignIn(server.db, `guess-${i}@lumen.example`, spray, wallMs)).admitted).toBe(true);
    // ...and its last ten through the API, all at once.
    const batch = await Promise.all(Array.from({ length: 10 }, (_, j) => signIn(server, `guess-${40 + j}@lumen.example`, 'Winter2026!', spray)));
    expect(batch.map((r) => r.status)).toEqual(Array(10).fill(401));
    expect((await signIn(server, 'guess-50@lumen.example', 'Winter2026!', spray)).status).toBe(429);
    expect((await signIn(server, 'jonas@lumen.example', DEMO_PASSWORD, spray)).status).toBe(429);
    // Another client (behind the same proxy) is not held back.
    expect((await signIn(server, 'guess-50@lumen.example', 'Winter2026!', '203.0.113.51')).status).toBe(401);
    expect((await signIn(server, 'jonas@lumen.example', DEMO_PASSWORD, '203.0.113.51')).status).toBe(200);
  });

  it('takes the address from X-Forwarded-For only behind a trusted proxy, and the entry that proxy wrote', async () => {
    const lastAddress = async (db: TestServer['db']) => (await db.query<{ address: string }>('SELECT address FROM sign_in_failures ORDER BY id DESC LIMIT 1'))[0]?.address;
    // The client forged the left entry; the proxy appended the address it saw.
    await signIn(server, 'li@lumen.example', 'not-the-password', '192.0.2.66, 198.51.100.9');
    expect(await lastAddress(server.db)).toBe('198.51.100.9');
    const direct = await startTestServer({ db: server.db, wallNow: () => wallMs });
    try {
      await signIn(direct, 'li@lumen.example', 'not-the-password', '198.51.100.9');
      expect(await lastAddress(server.db)).toBe('127.0.0.1');
    } finally {
      await direct.close();
    }
  });
});

describe('the sign-in limit in the database', () => {
  it('is shared by two instances over one database, counts parallel guesses one by one, and outlives the instances', async () => {
    const db = await freshDatabase();
    const a = await startTestServer({ db, wallNow: () => wallMs });
    const b = await startTestServer({ db, wallNow: () => wallMs });
    try {
      expect(await failTimes(3, 'sam@lumen.example', undefined, a)).toEqual([401, 401, 401]);
      expect(await failTimes(2, 'sam@lumen.example', undefined, b)).toEqual([401, 401]);
      expect((await signIn(a, 'sam@lumen.example', DEMO_PASSWORD)).status).toBe(429);
      expect((await signIn(b, 'sam@lumen.example', DEMO_PASSWORD)).status).toBe(429);
      // Ten guesses at once on both instances: exactly five are let through.
      const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => signIn(i % 2 ? a : b, 'li@lumen.example', `guess-${i}`)));
      expect(burst.map((r) => r.status).sort()).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429, 429]);
    } finally {
      await a.close();
      await b.close();
    }
    const later = await startTestServer({ db, wallNow: () => wallMs });
    try {
      expect((await signIn(later, 'sam@lumen.example', DEMO_PASSWORD)).status).toBe(429);
    } finally {
      await later.close();
      await db.close();
    }
  });

  it('survives a restart of `npm run server`, which counts the socket address unless TRUST_PROXY says otherwise', async () => {
    // No seeded accounts (their password hashes take seconds): unknown e-mails are limited alike.
    const dataDir = mkdtempSync(join(tmpdir(), 'nl-sign-in-limit-'));
    const children: ChildProcess[] = [];
    const start = async (env: Record<string, string> = {}) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        env: { ...process.env, PGLITE_DIR: dataDir, PORT: '0', SEED_DEMO: '0', STATIC_DIR: join(dataDir, 'no-console'), LOG_LEVEL: 'info', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let output = '';
      const api = await new Promise<string>((resolve, reject) => {
        const check = (d: Buffer) => {
          output += d.toString();
          const m = /listening on (http:\/\/\S+\/api)/.exec(output);
          if (m?.[1] && output.includes('"message":"started"')) resolve(m[1]);
        };
        child.stdout.on('data', check);
        child.stderr.on('data', check);
        child.once('exit', (code) => reject(new Error(`the server exited (${code}):\n${output}`)));
      });
      const post = (email: string, password: string, headers: Record<string, string> = {}) =>
        fetch(`${api}/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ email, password }) });
      const stop = async () => {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      };
      return { post, stop };
    };
    try {
      const first = await start();
      for (let i = 0; i < 5; i++) expect((await first.post('omar@orbit.example', 'not-the-password')).status).toBe(401);
      expect((await first.post('omar@orbit.example', 'not-the-password')).status).toBe(429);
      await first.stop();

      const second = await start({ TRUST_PROXY: '1' });
      const still = await second.post('omar@orbit.example', 'not-the-password');
      expect(still.status).toBe(429);
      expect(Number(still.headers.get('Retry-After'))).toBeGreaterThan(0);
      expect((await second.post('zoe@orbit.example', 'not-the-password', { 'X-Forwarded-For': '198.51.100.20' })).status).toBe(401);
      await second.stop();

      const db = await openDatabase({ dataDir });
      try {
        const rows = await db.query<{ address: string }>('SELECT address FROM sign_in_failures ORDER BY id');
        expect(rows.map((r) => r.address)).toEqual([...Array<string>(5).fill('127.0.0.1'), '198.51.100.20']);
      } finally {
        await db.close();
      }
    } finally {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the client address', () => {
  it('is the socket unless proxies are trusted, then the entry the outermost trusted proxy wrote', () => {
    const forwarded = '192.0.2.66, 203.0.113.9, 198.51.100.77';
    expect(pickAddress('10.0.0.5', forwarded, 0)).toBe('10.0.0.5');
    expect(pickAddress('10.0.0.5', forwarded, 1)).toBe('198.51.100.77');
    expect(pickAddress('10.0.0.5', forwarded, 2)).toBe('203.0.113.9');
    // Fewer entries than trusted proxies: the furthest one there is.
    expect(pickAddress('10.0.0.5', '203.0.113.9', 2)).toBe('203.0.113.9');
    expect(pickAddress('10.0.0.5', undefined, 1)).toBe('10.0.0.5');
    expect(pickAddress(undefined, undefined, 0)).toBe('unknown');
  });

  it('counts an IPv6 client by its /64 and an IPv4-mapped one as IPv4', () => {
    expect(addressKey('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(addressKey('198.51.100.7:50123')).toBe('198.51.100.7');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:DB8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressKey('[2001:db8::1]:443')).toBe('2001:db8:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('2001:db8:1:3::1')).not.toBe(addressKey('2001:db8:1:2::1'));
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });

  it('reads TRUST_PROXY as a number of proxies and refuses anything else', () => {
    expect([trustedProxiesFrom(undefined), trustedProxiesFrom(''), trustedProxiesFrom('0'), trustedProxiesFrom('2')]).toEqual([0, 0, 0, 2]);
    expect(() => trustedProxiesFrom('yes')).toThrow(/TRUST_PROXY/);
  });
});
