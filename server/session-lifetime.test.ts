/**
 * A session ends 12 hours after sign-in whatever happens, and after an hour without a request
 * (ASVS V7.3.1); requests keep it alive, writing the last-seen time at most once a minute.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_IDLE_MS, SESSION_TTL_MS } from './sessions';
import { startTestServer, type TestServer } from './testing/harness';

const MINUTE = 60_000;
let wall = 1_800_000_000_000;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ wallNow: () => wall });
});
afterAll(() => server?.close());

describe('session lifetime', () => {
  it('ends a session left idle for an hour, and deletes it', async () => {
    const maya = await server.signIn('maya@lumen.example');
    wall += SESSION_IDLE_MS - MINUTE;
    expect((await maya.call('GET', '/v1/session')).status).toBe(200);
    // That request counted as activity: another 59 minutes later the session still holds.
    wall += SESSION_IDLE_MS - MINUTE;
    expect((await maya.call('GET', '/v1/session')).status).toBe(200);
    wall += SESSION_IDLE_MS;
    expect((await maya.call('GET', '/v1/session')).status).toBe(401);
    expect((await maya.call('GET', '/v1/session')).status).toBe(401);
  });

  it('writes the last-seen time at most once a minute', async () => {
    const ana = await server.signIn('ana@lumen.example');
    const seen = async () => Number((await server.db.query("SELECT coalesce(last_seen_at_ms, created_at_ms) AS s FROM sessions s JOIN users u ON u.id = s.user_id AND u.org_id = s.org_id WHERE u.email = 'ana@lumen.example' ORDER BY created_at_ms DESC LIMIT 1"))[0]?.s);
    const first = await seen();
    wall += 30_000;
    await ana.call('GET', '/v1/session');
    expect(await seen()).toBe(first);
    wall += 40_000;
    await ana.call('GET', '/v1/session');
    expect(await seen()).toBe(wall);
  });

  it('ends an active session 12 hours after sign-in all the same', async () => {
    const oskar = await server.signIn('oskar@lumen.example');
    for (let t = 0; t < SESSION_TTL_MS - 30 * MINUTE; t += 30 * MINUTE) {
      wall += 30 * MINUTE;
      expect((await oskar.call('GET', '/v1/session')).status).toBe(200);
    }
    wall += 31 * MINUTE;
    expect((await oskar.call('GET', '/v1/session')).status).toBe(401);
  });
});
