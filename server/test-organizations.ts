/**
 * A fresh organization on request, for the Playwright journeys that run against the server
 * (e2e-server/playwright.config.ts): each journey gets its own copy of the simulator's default
 * world (the one the mock starts from), so journeys run side by side on one server without
 * seeing each other's pods, clocks or budgets, and find what they find on the mock.
 *
 * On only with ALLOW_TEST_ORGANIZATIONS=1, which main.ts refuses in production. Not part of the
 * contract: it is a test fixture's door, under /api/testing, beside the API.
 */
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { scenarioWorld } from '../src/cloud/scenarios';
import { DEFAULT_SEED } from '../src/cloud/world';
import type { Database } from './db';
import { hashPassword } from './passwords';
import { dressFor, writeOrganization } from './tenants';

export interface TestOrganizationOptions {
  db: Database;
  realNow: () => number;
}

/** Every test organization's people sign in with this password. */
export const TEST_ORGANIZATION_PASSWORD = 'northlight-test-organization';

export function testOrganizationsApi({ db, realNow }: TestOrganizationOptions): Hono {
  const app = new Hono();
  // scrypt is slow on purpose: hash the one password once.
  let passwordHash: Promise<string> | null = null;

  app.post('/organizations', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { preset?: unknown };
    const preset = body.preset === 'large' ? 'large' : 'default';
    const id = `org-t${randomBytes(5).toString('hex')}`;
    const world = dressFor(id, 'Lumen AI')(scenarioWorld('default', { seed: DEFAULT_SEED, realNowMs: realNow(), preset }));
    passwordHash ??= hashPassword(TEST_ORGANIZATION_PASSWORD);
    const hash = await passwordHash;
    await db.transaction((tx) => writeOrganization(tx, world, hash));
    return c.json(
      {
        organizationId: id,
        password: TEST_ORGANIZATION_PASSWORD,
        users: world.users.map((u) => ({ id: u.id, email: u.email, role: u.role })),
      },
      201,
    );
  });

  return app;
}
