/**
 * `Authorization: Bearer <secret>`: API tokens (issue 15) as the request's principal instead of
 * the session cookie. The token is found by its secret's SHA-256 alone, across organizations
 * (the secret names its organization; migrations/007-access.sql keeps the hash unique), joined to
 * its owner: a removed owner's tokens end with them. A revoked or expired token answers 401, a
 * token whose owner's role no longer covers it 403 (domain/api-tokens.ts tokenScope).
 *
 * A bearer request carries no cookie a browser would add by itself, so it needs no CSRF token
 * and no same-origin check: a page on another site cannot make a browser send this header
 * without a CORS preflight, which this server never grants. A request with an Authorization
 * header is judged by it alone; its cookies are ignored.
 *
 * The last use (time and client address) is written at most once a minute per token and
 * address, outside the request's transaction: a read stays a read.
 */
import { createHash } from 'node:crypto';
import { TOKEN_SECRET_PREFIX, tokenScope, type TokenRole } from '../src/domain/api-tokens';
import type { AccessScope } from '../src/cloud/context';
import type { Database } from './db';
import type { Session } from './sessions';

/** Writes of the last use closer together than this are skipped (the list shows minutes). */
export const LAST_USE_EVERY_MS = 60_000;

export interface TokenPrincipal {
  id: string;
  name: string;
  readOnly: boolean;
  /** The token narrows its owner (another role, or named projects); null: the owner's own access. */
  scope: AccessScope | null;
}

export type BearerResult = { session: Session & { token: TokenPrincipal } } | { refused: { status: 401 | 403; detail: string } };

/** Whether the request authenticates with a bearer token (any Authorization header counts: cookies are then ignored). */
export const hasAuthorization = (header: string | undefined): boolean => header !== undefined && header.trim() !== '';

export async function bearerSession(db: Database, header: string, nowMs: number, address: string): Promise<BearerResult> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const secret = match?.[1];
  if (!secret || !secret.startsWith(TOKEN_SECRET_PREFIX) || secret.length > 128) {
    return { refused: { status: 401, detail: 'The Authorization header must be “Bearer ” and an API token (nlt_…). Create one on the Account page.' } };
  }
  const hash = createHash('sha256').update(secret).digest('base64url');
  const [row] = await db.query(
    `SELECT t.org_id, t.id, t.name, t.owner_id, t.role, t.project_ids, t.read_only, t.expires_at_ms, t.revoked_at_ms, t.last_used_at_ms, t.last_used_address, u.role AS owner_role
       FROM api_tokens t JOIN users u ON u.org_id = t.org_id AND u.id = t.owner_id
      WHERE t.secret_hash = $1`,
    [hash],
    { prepare: true }, // every script request's first statement
  );
  if (!row) return { refused: { status: 401, detail: 'This API token is not known: it may have been mistyped, or its owner removed. Create a new one on the Account page.' } };
  if (row.revoked_at_ms !== null) return { refused: { status: 401, detail: 'This API token was revoked. Create a new one on the Account page.' } };
  if (nowMs >= Number(row.expires_at_ms)) return { refused: { status: 401, detail: 'This API token has expired. Create a new one on the Account page.' } };
  const role = String(row.role) as TokenRole;
  const ownerRole = String(row.owner_role) as TokenRole;
  const projectIds = row.project_ids === null ? null : (row.project_ids as unknown[]).map(String);
  const scope = tokenScope({ role, projectIds }, ownerRole);
  if (!scope.ok) return { refused: { status: 403, detail: scope.reason } };

  const lastUsed = row.last_used_at_ms === null ? null : Number(row.last_used_at_ms);
  if (lastUsed === null || nowMs - lastUsed >= LAST_USE_EVERY_MS || row.last_used_address !== address) {
    await db.query('UPDATE api_tokens SET last_used_at_ms = $3, last_used_address = $4 WHERE org_id = $1 AND id = $2', [row.org_id, row.id, nowMs, address.slice(0, 64)]);
  }
  const narrower = role !== ownerRole || projectIds !== null;
  return {
    session: {
      tokenHash: '',
      orgId: String(row.org_id),
      userId: String(row.owner_id),
      actingUserId: null,
      csrfHash: '',
      token: { id: String(row.id), name: String(row.name), readOnly: row.read_only === true || row.read_only === 't', scope: narrower ? { role, projectIds } : null },
    },
  };
}
