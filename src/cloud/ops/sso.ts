/**
 * Single sign-on with OpenID Connect (issue 15): the organization's connection, which admins set
 * up, and who a person the provider vouches for becomes (`ssoMember`). The protocol itself (PKCE,
 * state, nonce, the code exchange and the ID token's checks) is the server's, with openid-client
 * (server/sso.ts); the simulator keeps the settings so the demo shows the same screens.
 *
 * Who signs in:
 * - an existing member with that e-mail (in lower case);
 * - else someone with a pending invitation: they join with its role and projects;
 * - else, when their e-mail's domain is allowed, a new member (just in time) with the role their
 *   group claim maps to, or the connection's default role, and its default projects.
 * A group claim that maps to a role also updates an existing member's role at each sign-in (the
 * provider is the source of truth), except that it never takes the last admin's role away.
 */
import { emailDomain, groupsOf, leavesAnAdmin, normalDomain, normalEmail, roleFromGroups, ssoProblems } from '../../domain/members';
import type { Schemas } from '../api-types';
import { appendAudit } from '../audit';
import { personName, requireRole, type CloudContext } from '../context';
import { ok, type Route } from '../http';
import type { CloudState, SsoConnectionRecord, User } from '../model';
import { badRequest, problem } from '../problem';
import { addMember, join, pendingInvitationFor } from './members';

/** The redirect URI's path below the API's base URL (what the admin registers with the provider). */
export const SSO_CALLBACK_PATH = '/v1/auth/sso/callback';

function connectionView(state: CloudState, c: SsoConnectionRecord): Schemas['SsoConnection'] {
  return {
    issuer: c.issuer,
    clientId: c.clientId,
    clientSecretSet: c.clientSecret !== null,
    scopes: c.scopes,
    allowedDomains: c.allowedDomains,
    roleClaim: c.roleClaim,
    adminGroups: c.adminGroups,
    financeGroups: c.financeGroups,
    defaultRole: c.defaultRole,
    defaultProjectIds: c.defaultProjectIds,
    enabled: c.enabled,
    updatedAt: new Date(c.updatedAtMs).toISOString(),
    updatedByName: personName(state, c.updatedById),
  };
}

const settings = (state: CloudState): Schemas['SsoSettings'] => ({
  connection: state.ssoConnection ? connectionView(state, state.ssoConnection) : null,
  callbackPath: SSO_CALLBACK_PATH,
});

/** What the audit log shows of a connection: never its secret. */
function facts(c: SsoConnectionRecord | undefined): Record<string, unknown> | null {
  if (!c) return null;
  return {
    issuer: c.issuer,
    clientId: c.clientId,
    domains: c.allowedDomains.join(', '),
    adminGroups: c.adminGroups.join(', '),
    financeGroups: c.financeGroups.join(', '),
    defaultRole: c.defaultRole,
    enabled: c.enabled,
  };
}

/** Why a person the provider vouched for is not let in: the slug travels to the sign-in page (?sso=…). */
export class SsoRefusal extends Error {
  constructor(
    readonly reason: 'domain' | 'other-organization' | 'email',
    message: string,
  ) {
    super(message);
  }
}

export interface SsoClaims {
  email?: unknown;
  email_verified?: unknown;
  name?: unknown;
  [claim: string]: unknown;
}

/** Who the provider's claims make the signed-in user; the membership changes are in ctx.state. */
export async function ssoMember(ctx: CloudContext, connection: SsoConnectionRecord, claims: SsoClaims): Promise<User> {
  if (typeof claims.email !== 'string' || claims.email_verified === false) {
    throw new SsoRefusal('email', 'The provider did not give a verified e-mail address.');
  }
  const email = normalEmail(claims.email);
  const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : email.split('@')[0] ?? email;
  const mapped = roleFromGroups(groupsOf(claims[connection.roleClaim]), connection);
  const existing = ctx.state.users.find((u) => normalEmail(u.email) === email);
  if (existing) {
    if (mapped && mapped !== existing.role && leavesAnAdmin(ctx.state.users, existing.id, mapped)) {
      ctx.state.users = ctx.state.users.map((u) => (u.id === existing.id ? { ...u, role: mapped } : u));
      appendAudit(
        ctx,
        {
          action: 'member.change',
          summary: `${existing.name}'s role became ${mapped}, from the provider's ${connection.roleClaim} claim`,
          targetType: 'user',
          targetId: existing.id,
          targetName: existing.name,
          projectId: null,
          targetOwnerId: existing.id,
          before: { role: existing.role },
          after: { role: mapped },
          monthlyCostDeltaCents: null,
        },
        { kind: 'policy', id: null, name: 'Single sign-on' },
      );
    }
    return ctx.state.users.find((u) => u.id === existing.id) ?? existing;
  }
  if (!connection.allowedDomains.includes(emailDomain(email))) {
    throw new SsoRefusal('domain', `${emailDomain(email)} is not among the domains this organization signs in with single sign-on.`);
  }
  if (await ctx.directory?.emailTakenElsewhere(email)) {
    throw new SsoRefusal('other-organization', `${email} already belongs to another organization on this cloud.`);
  }
  const invitation = pendingInvitationFor(ctx.state, email, ctx.realNow());
  if (invitation) {
    const user = join(ctx, invitation, { name, signsInWith: 'sso' });
    return user;
  }
  const role = mapped ?? connection.defaultRole;
  const user = addMember(ctx, { name, email, role, projectIds: connection.defaultProjectIds, signsInWith: 'sso' });
  appendAudit(
    ctx,
    {
      action: 'member.join',
      summary: `${user.name} joined as ${role} through single sign-on${mapped ? ` (the ${connection.roleClaim} claim)` : ' (the default role)'}`,
      targetType: 'user',
      targetId: user.id,
      targetName: user.name,
      projectId: null,
      targetOwnerId: user.id,
      before: null,
      after: { role, via: 'single sign-on' },
      monthlyCostDeltaCents: null,
    },
    { kind: 'user', id: user.id, name: user.name },
  );
  return user;
}

export const ssoRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/sso',
    handler: (ctx) => {
      requireRole(ctx, ['admin'], 'see the single sign-on settings');
      return ok(settings(ctx.state));
    },
  },
  {
    method: 'PUT',
    path: '/v1/sso',
    handler: async (ctx, { body }) => {
      const admin = requireRole(ctx, ['admin'], 'set up single sign-on');
      const input = body as Schemas['SsoConnectionInput'];
      const allowedDomains = [...new Set(input.allowedDomains.map(normalDomain))];
      const problems = ssoProblems(
        { ...input, allowedDomains },
        { projectIds: new Set(ctx.state.projects.map((p) => p.id)), allowHttp: ctx.directory?.allowHttpIssuer ?? true },
      );
      if (problems.length > 0) throw badRequest(problems.map((p) => p.message).join(' '), problems);
      const taken = (await ctx.directory?.domainsClaimedElsewhere(allowedDomains)) ?? [];
      if (taken.length > 0) {
        const message = `${taken.join(', ')} ${taken.length === 1 ? 'is' : 'are'} already used for single sign-on by another organization.`;
        throw problem(409, 'conflict', 'Domain taken', message, { errors: [{ field: 'allowedDomains', message }] });
      }
      const before = ctx.state.ssoConnection;
      const next: SsoConnectionRecord = {
        issuer: input.issuer.trim().replace(/\/+$/, ''),
        clientId: input.clientId.trim(),
        clientSecret: input.clientSecret === undefined ? (before?.clientSecret ?? null) : input.clientSecret,
        scopes: input.scopes.trim().split(/\s+/).join(' '),
        allowedDomains,
        roleClaim: input.roleClaim,
        adminGroups: [...input.adminGroups],
        financeGroups: [...input.financeGroups],
        defaultRole: input.defaultRole,
        defaultProjectIds: [...input.defaultProjectIds],
        enabled: input.enabled,
        updatedAtMs: ctx.realNow(),
        updatedById: admin.id,
      };
      ctx.state.ssoConnection = next;
      const secretChanged = input.clientSecret !== undefined && input.clientSecret !== (before?.clientSecret ?? null);
      appendAudit(ctx, {
        action: 'sso.change',
        summary: `${before ? 'Changed' : 'Set up'} single sign-on with ${next.issuer} for ${allowedDomains.join(', ')}${next.enabled ? '' : ' (turned off)'}${secretChanged ? '; the client secret was replaced' : ''}`,
        targetType: 'organization',
        targetId: ctx.state.organization.id,
        targetName: ctx.state.organization.name,
        projectId: null,
        targetOwnerId: null,
        before: facts(before),
        after: facts(next),
        monthlyCostDeltaCents: null,
      });
      ctx.save();
      return ok(settings(ctx.state));
    },
  },
  {
    method: 'DELETE',
    path: '/v1/sso',
    handler: (ctx) => {
      requireRole(ctx, ['admin'], 'remove single sign-on');
      const before = ctx.state.ssoConnection;
      if (before) {
        delete ctx.state.ssoConnection;
        appendAudit(ctx, {
          action: 'sso.delete',
          summary: `Removed single sign-on with ${before.issuer}`,
          targetType: 'organization',
          targetId: ctx.state.organization.id,
          targetName: ctx.state.organization.name,
          projectId: null,
          targetOwnerId: null,
          before: facts(before),
          after: null,
          monthlyCostDeltaCents: null,
        });
        ctx.save();
      }
      return { status: 204 };
    },
  },
];
