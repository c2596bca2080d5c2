/**
 * API tokens (issue 15): personal tokens for a user's scripts and, for admins, service tokens for
 * automation. Everyone lists and revokes their own; admins see and revoke every token of the
 * organization. The secret is in the create answer only; the state keeps its SHA-256.
 *
 * Calls made with a token are the server's (server/api.ts: Authorization: Bearer): it finds the
 * token by the secret's hash, refuses writes of a read-only one, and runs the call as its owner
 * narrowed to the token's scope (CloudContext.scope). Times here are real (ctx.realNow), as
 * the server's expiry check is: the demo's clock travels, a token's life does not.
 */
import {
  hashTokenSecret,
  MAX_ACTIVE_TOKENS_PER_USER,
  MS_PER_DAY,
  newTokenSecret,
  randomId,
  secretPrefix,
  tokenInputProblems,
  tokenStatus,
  type TokenKind,
  type TokenRole,
} from '../../domain/api-tokens';
import type { Schemas } from '../api-types';
import { currentUser, personName, visibleProjectIds, type CloudContext } from '../context';
import { created, type Route } from '../http';
import type { ApiTokenRecord, CloudState } from '../model';
import { badRequest, problem } from '../problem';

const iso = (ms: number): string => new Date(ms).toISOString();

export function apiTokenView(state: CloudState, t: ApiTokenRecord, nowMs: number): Schemas['ApiToken'] {
  return {
    id: t.id,
    name: t.name,
    kind: t.kind,
    ownerId: t.ownerId,
    ownerName: personName(state, t.ownerId),
    role: t.role,
    projectIds: t.projectIds,
    readOnly: t.readOnly,
    prefix: t.prefix,
    createdAt: iso(t.createdAtMs),
    expiresAt: iso(t.expiresAtMs),
    revokedAt: t.revokedAtMs === null ? null : iso(t.revokedAtMs),
    lastUsedAt: t.lastUsedAtMs === null ? null : iso(t.lastUsedAtMs),
    lastUsedAddress: t.lastUsedAddress,
    status: tokenStatus(t, nowMs),
  };
}

/** The tokens the acting user may see: their own, or every one for an admin. */
function visibleTokens(ctx: CloudContext): ApiTokenRecord[] {
  const user = currentUser(ctx);
  const all = ctx.state.apiTokens ?? [];
  return user.role === 'admin' ? all : all.filter((t) => t.ownerId === user.id);
}

export const apiTokenRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/api-tokens',
    handler: (ctx) => {
      const nowMs = ctx.realNow();
      const items = visibleTokens(ctx)
        .slice()
        .reverse()
        .map((t) => apiTokenView(ctx.state, t, nowMs));
      return { status: 200, body: { items } };
    },
  },
  {
    method: 'POST',
    path: '/v1/api-tokens',
    handler: async (ctx, { body }) => {
      const input = body as Schemas['ApiTokenCreate'];
      const owner = currentUser(ctx);
      const nowMs = ctx.realNow();
      const own = (ctx.state.apiTokens ?? []).filter((t) => t.ownerId === owner.id && tokenStatus(t, nowMs) === 'active');
      const problems = tokenInputProblems(
        { name: input.name, kind: input.kind as TokenKind, role: input.role as TokenRole, projectIds: input.projectIds },
        { role: owner.role, visibleProjectIds: visibleProjectIds(ctx), activeTokenNames: new Set(own.map((t) => t.name.toLowerCase())) },
      );
      if (problems.length > 0) throw badRequest(problems.map((p) => p.message).join(' '), problems);
      if (own.length >= MAX_ACTIVE_TOKENS_PER_USER) {
        throw problem(409, 'conflict', 'Too many tokens', `You have ${own.length} active tokens, the most one person may hold. Revoke one you no longer use, then create this one.`);
      }
      const secret = newTokenSecret();
      const record: ApiTokenRecord = {
        id: randomId('tok'),
        name: input.name.trim(),
        kind: input.kind,
        ownerId: owner.id,
        role: input.role,
        projectIds: input.projectIds === null ? null : [...input.projectIds],
        readOnly: input.readOnly,
        prefix: secretPrefix(secret),
        secretHash: await hashTokenSecret(secret),
        createdAtMs: nowMs,
        expiresAtMs: nowMs + input.expiresInDays * MS_PER_DAY,
        revokedAtMs: null,
        lastUsedAtMs: null,
        lastUsedAddress: null,
      };
      ctx.state.apiTokens = [...(ctx.state.apiTokens ?? []), record];
      ctx.save();
      return created({ token: apiTokenView(ctx.state, record, nowMs), secret });
    },
  },
  {
    method: 'DELETE',
    path: '/v1/api-tokens/:id',
    handler: (ctx, { params }) => {
      const id = params.id ?? '';
      const token = visibleTokens(ctx).find((t) => t.id === id);
      if (!token) throw problem(404, 'not-found', 'Token not found', `You have no API token with id “${id}”.`);
      if (token.revokedAtMs === null) {
        const nowMs = ctx.realNow();
        ctx.state.apiTokens = (ctx.state.apiTokens ?? []).map((t) => (t.id === id ? { ...t, revokedAtMs: nowMs } : t));
        ctx.save();
      }
      return { status: 204 };
    },
  },
];
