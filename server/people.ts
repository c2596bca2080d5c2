/**
 * Members on the server (issue 15): what the cloud's member operations need beyond one
 * organization (the directory: e-mail addresses are unique across organizations, an SSO domain
 * belongs to one), and the two calls made before anyone is signed in — previewing and accepting
 * an invitation — which find the organization by the link secret's hash (invitations_secret_hash)
 * and run the cloud's own rules (cloud/ops/members.ts) over its state.
 *
 * Removing a member deletes their users row: their sessions go with it (ON DELETE CASCADE), their
 * API tokens are revoked in the same transaction, so nothing they hold works after the answer.
 */
import type { Directory } from '../src/cloud/context';
import type { CloudState } from '../src/cloud/model';
import { acceptInvitation, previewInvitation } from '../src/cloud/ops/members';
import { sessionOf } from '../src/cloud/ops/session';
import type { Schemas } from '../src/cloud/api-types';
import { Problem } from '../src/cloud/problem';
import { hashTokenSecret } from '../src/domain/api-tokens';
import { normalEmail } from '../src/domain/members';
import { requestContext, type RequestContext } from './cloud-context';
import type { Database, Tx } from './db';
import { hashPassword } from './passwords';
import { createSession } from './sessions';
import { loadState, sameSnapshot, snapshot, writeChanges } from './state-store';
import { dressFor } from './tenants';

export function directoryFor(tx: Tx, orgId: string, nodeEnv: string | undefined): Directory {
  return {
    allowHttpIssuer: nodeEnv !== 'production',
    emailTakenElsewhere: async (email) => (await tx.query('SELECT 1 FROM users WHERE lower(email) = $1 AND org_id <> $2 LIMIT 1', [normalEmail(email), orgId])).length > 0,
    domainsClaimedElsewhere: async (domains) => {
      if (domains.length === 0) return [];
      const rows = await tx.query<{ domain: string }>(
        `SELECT DISTINCT d AS domain FROM state_extras x, jsonb_array_elements_text(x.value -> 'allowedDomains') d
          WHERE x.key = 'ssoConnection' AND x.org_id <> $1 AND d = ANY($2::text[])`,
        [orgId, [...domains]],
      );
      return rows.map((r) => String(r.domain));
    },
  };
}

/**
 * Runs fn over an organization's state, locked, with no signed-in user (the callers check who may
 * do what), and writes what it changed in the same transaction.
 */
export async function inOrganizationAsNobody<T>(
  tx: Tx,
  orgId: string,
  options: { realNow: () => number; nodeEnv: string | undefined },
  fn: (run: RequestContext, state: CloudState) => Promise<T>,
): Promise<T | null> {
  const state = await loadState(tx, orgId, { lock: true });
  if (!state) return null;
  const before = snapshot(state);
  const run = requestContext(state, options.realNow, dressFor(state.organization.id, state.organization.name));
  run.ctx.directory = directoryFor(tx, orgId, options.nodeEnv);
  const result = await fn(run, state);
  const after = snapshot(run.ctx.state);
  if (!sameSnapshot(before, after)) await writeChanges(tx, orgId, before, after);
  return result;
}

/** The organization an invitation secret belongs to (null: none; the cloud says why in words). */
async function organizationOfInvitation(db: Database | Tx, secret: string): Promise<string | null> {
  const [row] = await db.query('SELECT org_id FROM invitations WHERE secret_hash = $1', [await hashTokenSecret(secret.trim())]);
  return row ? String(row.org_id) : null;
}

/** Thrown when a secret opens nothing: the same words as the cloud's, never whether it exists elsewhere. */
const UNUSABLE = {
  status: 404,
  body: {
    type: 'https://northlight.example/problems/invitation-unusable',
    title: 'This invitation cannot be used',
    status: 404,
    detail: 'The link is not one this console made, or it is incomplete. Ask an admin of the organization for a new invitation.',
  },
} as const;

export interface PeopleOptions {
  db: Database;
  realNow: () => number;
  wallNow: () => number;
  nodeEnv: string | undefined;
}

/** The cloud's refusals (a Problem) as answers. */
async function answering<T extends { status: number; body: unknown }>(fn: () => Promise<T>): Promise<T | { status: number; body: unknown }> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof Problem) return { status: e.status, body: e.body };
    throw e;
  }
}

export async function previewOnServer(options: PeopleOptions, input: Schemas['InvitationToken']): Promise<{ status: number; body: unknown }> {
  const orgId = await organizationOfInvitation(options.db, input.token);
  if (!orgId) return UNUSABLE;
  return answering(async () => {
    const preview = await options.db.transaction((tx) => inOrganizationAsNobody(tx, orgId, options, (run) => previewInvitation(run.ctx, input.token)));
    return preview ? { status: 200, body: preview } : UNUSABLE;
  });
}

/** Accepts an invitation: the member joins, gets their password, and is signed in (the cookies' tokens). */
export async function acceptOnServer(
  options: PeopleOptions,
  input: Schemas['InvitationAccept'],
  address: string,
): Promise<{ status: number; body: unknown; session?: { sessionToken: string; csrfToken: string } }> {
  const orgId = await organizationOfInvitation(options.db, input.token);
  if (!orgId) return UNUSABLE;
  return answering(() => accept(options, orgId, input, address));
}

async function accept(options: PeopleOptions, orgId: string, input: Schemas['InvitationAccept'], address: string) {
  // Hashing takes a while: before the organization is locked.
  const passwordHash = input.password.length >= 12 ? await hashPassword(input.password) : null;
  const joined = await options.db.transaction((tx) =>
    inOrganizationAsNobody(tx, orgId, options, async (run) => {
      const user = await acceptInvitation(run.ctx, input);
      for (const entry of run.ctx.state.auditLog ?? []) entry.address = address.slice(0, 64);
      run.ctx.state.currentUserId = user.id;
      return { user, session: sessionOf(run.ctx) };
    }).then(async (result) => {
      if (!result || !passwordHash) return result;
      await tx.query('UPDATE users SET password_hash = $3 WHERE org_id = $1 AND id = $2', [orgId, result.user.id, passwordHash]);
      return { ...result, tokens: await createSession(tx, orgId, result.user.id, options.wallNow()) };
    }),
  );
  if (!joined || !('tokens' in joined)) return UNUSABLE;
  return { status: 200, body: joined.session as unknown, session: joined.tokens };
}
