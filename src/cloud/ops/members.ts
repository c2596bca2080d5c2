/**
 * Members and invitations (issue 15). Everyone sees who belongs to the organization; admins change
 * roles and projects, remove people and invite new ones. The organization always keeps an admin.
 *
 * - Removing someone ends their access at once: they leave the users (a server's sessions go with
 *   their row), their API tokens are revoked, their saved SSH keys go; their name stays in
 *   formerMembers for the pods and the log entries they made.
 * - An invitation is a one-time link (its secret shown once, kept hashed) that expires. Accepting
 *   it makes the member with the invitation's role and projects. The server finds the organization
 *   by the secret's hash and signs the new member in (server/invitations.ts); the simulator acts as
 *   them. Changes are recorded in the audit log here, as they are made.
 *
 * Invitation times are real (ctx.realNow), like API tokens': the demo's clock travels, a link's
 * life does not.
 */
import { hashTokenSecret, MS_PER_DAY, randomId } from '../../domain/api-tokens';
import {
  acceptProblems,
  emailDomain,
  invitationStatus,
  isEmail,
  leavesAnAdmin,
  MAX_PENDING_INVITATIONS,
  newInvitationSecret,
  normalEmail,
} from '../../domain/members';
import type { Schemas } from '../api-types';
import { appendAudit } from '../audit';
import { currentUser, personName, requireRole, type CloudContext } from '../context';
import { created, ok, type Route } from '../http';
import type { CloudState, InvitationRecord, Role, User } from '../model';
import { badRequest, problem } from '../problem';
import { sessionOf } from './session';

const iso = (ms: number): string => new Date(ms).toISOString();

export function memberView(state: CloudState, user: User, nowMs: number): Schemas['Member'] {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    projectIds: state.projects.filter((p) => p.memberIds.includes(user.id)).map((p) => p.id),
    activeTokenCount: (state.apiTokens ?? []).filter((t) => t.ownerId === user.id && t.revokedAtMs === null && t.expiresAtMs > nowMs).length,
    signsInWith: user.signsInWith ?? 'password',
  };
}

export function invitationView(state: CloudState, inv: InvitationRecord, nowMs: number): Schemas['Invitation'] {
  return {
    id: inv.id,
    email: inv.email,
    role: inv.role,
    projectIds: inv.projectIds,
    invitedById: inv.invitedById,
    invitedByName: personName(state, inv.invitedById),
    createdAt: iso(inv.createdAtMs),
    expiresAt: iso(inv.expiresAtMs),
    acceptedAt: inv.acceptedAtMs === null ? null : iso(inv.acceptedAtMs),
    revokedAt: inv.revokedAtMs === null ? null : iso(inv.revokedAtMs),
    status: invitationStatus(inv, nowMs),
  };
}

const lastAdmin = (verb: string) =>
  problem(409, 'last-admin', 'An admin is needed', `This is the organization's last admin: ${verb} would leave nobody to manage members, budgets and sign-on. Make someone else an admin first.`);

function findMember(ctx: CloudContext, userId: string): User {
  const user = ctx.state.users.find((u) => u.id === userId);
  if (!user) throw problem(404, 'not-found', 'Member not found', `There is no member with id “${userId}” in this organization.`);
  return user;
}

function unknownProjects(ctx: CloudContext, ids: readonly string[]): string[] {
  const known = new Set(ctx.state.projects.map((p) => p.id));
  return ids.filter((id) => !known.has(id));
}

/** Puts a user in exactly these projects. */
function setProjects(state: CloudState, userId: string, projectIds: readonly string[]): void {
  const want = new Set(projectIds);
  state.projects = state.projects.map((p) => {
    const has = p.memberIds.includes(userId);
    if (want.has(p.id) === has) return p;
    return { ...p, memberIds: has ? p.memberIds.filter((id) => id !== userId) : [...p.memberIds, userId] };
  });
}

const projectNames = (state: CloudState, ids: readonly string[]): string => (ids.length === 0 ? 'no projects' : ids.map((id) => state.projects.find((p) => p.id === id)?.name ?? id).join(', '));

/** Removes a member: access ends at once, their name stays (also the server's SSO and tenancy code). */
export function removeMember(ctx: CloudContext, user: User): void {
  const state = ctx.state;
  const nowMs = ctx.realNow();
  state.users = state.users.filter((u) => u.id !== user.id);
  setProjects(state, user.id, []);
  if (state.apiTokens) state.apiTokens = state.apiTokens.map((t) => (t.ownerId === user.id && t.revokedAtMs === null ? { ...t, revokedAtMs: nowMs } : t));
  if (state.sshKeys?.some((k) => k.ownerId === user.id)) state.sshKeys = state.sshKeys.filter((k) => k.ownerId !== user.id);
  if (state.capacityWatches?.some((w) => w.userId === user.id)) state.capacityWatches = state.capacityWatches.filter((w) => w.userId !== user.id);
  state.formerMembers = [...(state.formerMembers ?? []), { id: user.id, name: user.name, email: user.email, removedAtMs: nowMs }];
  if (state.currentUserId === user.id) state.currentUserId = state.users.find((u) => u.role === 'admin')?.id ?? state.users[0]?.id ?? '';
}

/** Adds a new member (an accepted invitation, or a first single sign-on). */
export function addMember(ctx: CloudContext, person: { name: string; email: string; role: Role; projectIds: readonly string[]; signsInWith: 'password' | 'sso' }): User {
  const user: User = { id: randomId('u'), name: person.name.trim(), email: normalEmail(person.email), role: person.role, signsInWith: person.signsInWith };
  ctx.state.users = [...ctx.state.users, user];
  setProjects(ctx.state, user.id, person.projectIds.filter((id) => ctx.state.projects.some((p) => p.id === id)));
  return user;
}

/** The pending invitation a secret opens, or a 404 in words. */
export async function openInvitation(state: CloudState, secret: string, nowMs: number): Promise<InvitationRecord> {
  const hash = await hashTokenSecret(secret.trim());
  const inv = state.invitations?.find((i) => i.secretHash === hash);
  const status = inv ? invitationStatus(inv, nowMs) : null;
  if (!inv || status !== 'pending') {
    const why = status === 'accepted' ? 'It has been used already' : status === 'revoked' ? 'An admin revoked it' : status === 'expired' ? 'It has expired' : 'The link is not one this console made, or it is incomplete';
    throw problem(404, 'invitation-unusable', 'This invitation cannot be used', `${why}. Ask an admin of the organization for a new invitation.`);
  }
  return inv;
}

/** The pending invitation for an e-mail, if any (a first single sign-on uses its role and projects). */
export function pendingInvitationFor(state: CloudState, email: string, nowMs: number): InvitationRecord | undefined {
  const want = normalEmail(email);
  return state.invitations?.find((i) => i.email === want && invitationStatus(i, nowMs) === 'pending');
}

/** Uses an invitation: the member joins with its role and projects, and the log says so. */
export function join(ctx: CloudContext, inv: InvitationRecord, person: { name: string; signsInWith: 'password' | 'sso' }): User {
  const nowMs = ctx.realNow();
  const user = addMember(ctx, { name: person.name, email: inv.email, role: inv.role, projectIds: inv.projectIds, signsInWith: person.signsInWith });
  ctx.state.invitations = (ctx.state.invitations ?? []).map((i) => (i.id === inv.id ? { ...i, acceptedAtMs: nowMs, acceptedUserId: user.id } : i));
  appendAudit(
    ctx,
    {
      action: 'member.join',
      summary: `${user.name} joined as ${user.role} (invited by ${personName(ctx.state, inv.invitedById)}; ${projectNames(ctx.state, inv.projectIds)})`,
      targetType: 'user',
      targetId: user.id,
      targetName: user.name,
      projectId: inv.projectIds.length === 1 ? (inv.projectIds[0] ?? null) : null,
      targetOwnerId: user.id,
      before: null,
      after: { role: user.role, projects: projectNames(ctx.state, inv.projectIds), via: person.signsInWith === 'sso' ? 'single sign-on' : 'invitation' },
      monthlyCostDeltaCents: null,
    },
    { kind: 'user', id: user.id, name: user.name },
  );
  return user;
}

export async function previewInvitation(ctx: CloudContext, secret: string): Promise<Schemas['InvitationPreview']> {
  const inv = await openInvitation(ctx.state, secret, ctx.realNow());
  const sso = ctx.state.ssoConnection;
  return {
    organizationName: ctx.state.organization.name,
    email: inv.email,
    role: inv.role,
    projectNames: inv.projectIds.map((id) => ctx.state.projects.find((p) => p.id === id)?.name ?? id),
    invitedByName: personName(ctx.state, inv.invitedById),
    expiresAt: iso(inv.expiresAtMs),
    ssoAvailable: Boolean(sso?.enabled && sso.allowedDomains.includes(emailDomain(inv.email))),
  };
}

/** Accepting an invitation: checks, then joins. The server sets the password and the session. */
export async function acceptInvitation(ctx: CloudContext, input: Schemas['InvitationAccept']): Promise<User> {
  const problems = acceptProblems(input);
  if (problems.length > 0) throw badRequest(problems.map((p) => p.message).join(' '), problems);
  const inv = await openInvitation(ctx.state, input.token, ctx.realNow());
  if (ctx.state.users.some((u) => normalEmail(u.email) === inv.email) || (await ctx.directory?.emailTakenElsewhere(inv.email))) {
    throw problem(409, 'conflict', 'Already has an account', `${inv.email} already has an account: sign in with it instead.`);
  }
  return join(ctx, inv, { name: input.name, signsInWith: 'password' });
}

function memberAudit(ctx: CloudContext, action: 'member.change' | 'member.remove', user: User, summary: string, before: Record<string, unknown> | null, after: Record<string, unknown> | null): void {
  appendAudit(ctx, { action, summary, targetType: 'user', targetId: user.id, targetName: user.name, projectId: null, targetOwnerId: user.id, before, after, monthlyCostDeltaCents: null });
}

export const memberRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/members',
    handler: (ctx) => {
      const nowMs = ctx.realNow();
      return ok({ items: ctx.state.users.map((u) => memberView(ctx.state, u, nowMs)) });
    },
  },
  {
    method: 'PATCH',
    path: '/v1/members/:userId',
    handler: (ctx, { params, body }) => {
      requireRole(ctx, ['admin'], "change members' roles or projects");
      const input = body as Schemas['MemberUpdate'];
      const user = findMember(ctx, params.userId ?? '');
      const role = input.role ?? user.role;
      if (!leavesAnAdmin(ctx.state.users, user.id, role)) throw lastAdmin(user.id === currentUser(ctx).id ? 'giving up your admin role' : 'this change');
      const missing = unknownProjects(ctx, input.projectIds ?? []);
      if (missing.length > 0) throw badRequest(`No such project: ${missing.join(', ')}.`, [{ field: 'projectIds', message: `No such project: ${missing.join(', ')}.` }]);
      const nowMs = ctx.realNow();
      const before = memberView(ctx.state, user, nowMs);
      if (role !== user.role) ctx.state.users = ctx.state.users.map((u) => (u.id === user.id ? { ...u, role } : u));
      if (input.projectIds) setProjects(ctx.state, user.id, input.projectIds);
      const changed = ctx.state.users.find((u) => u.id === user.id) ?? user;
      const after = memberView(ctx.state, changed, nowMs);
      const words: string[] = [];
      if (before.role !== after.role) words.push(`role ${before.role} → ${after.role}`);
      if (before.projectIds.join() !== after.projectIds.join()) words.push(`projects ${projectNames(ctx.state, before.projectIds)} → ${projectNames(ctx.state, after.projectIds)}`);
      if (words.length > 0) {
        memberAudit(ctx, 'member.change', changed, `Changed ${changed.name}: ${words.join('; ')}`, { role: before.role, projects: projectNames(ctx.state, before.projectIds) }, { role: after.role, projects: projectNames(ctx.state, after.projectIds) });
        ctx.save();
      }
      return ok(after);
    },
  },
  {
    method: 'DELETE',
    path: '/v1/members/:userId',
    handler: (ctx, { params }) => {
      requireRole(ctx, ['admin'], 'remove members');
      const user = findMember(ctx, params.userId ?? '');
      if (!leavesAnAdmin(ctx.state.users, user.id, null)) throw lastAdmin(user.id === currentUser(ctx).id ? 'removing yourself' : 'removing them');
      const revoked = (ctx.state.apiTokens ?? []).filter((t) => t.ownerId === user.id && t.revokedAtMs === null).length;
      const before = memberView(ctx.state, user, ctx.realNow());
      memberAudit(
        ctx,
        'member.remove',
        user,
        `Removed ${user.name} (${user.role}): their sessions ended${revoked > 0 ? ` and ${revoked} API token${revoked === 1 ? ' was' : 's were'} revoked` : ''}`,
        { role: before.role, projects: projectNames(ctx.state, before.projectIds), activeTokens: revoked },
        null,
      );
      removeMember(ctx, user);
      ctx.save();
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    path: '/v1/invitations',
    handler: (ctx) => {
      requireRole(ctx, ['admin'], 'see invitations');
      const nowMs = ctx.realNow();
      return ok({ items: (ctx.state.invitations ?? []).slice().reverse().map((i) => invitationView(ctx.state, i, nowMs)) });
    },
  },
  {
    method: 'POST',
    path: '/v1/invitations',
    handler: async (ctx, { body }) => {
      const admin = requireRole(ctx, ['admin'], 'invite people');
      const input = body as Schemas['InvitationCreate'];
      const email = normalEmail(input.email);
      if (!isEmail(email)) throw badRequest('Enter an e-mail address such as name@example.com.', [{ field: 'email', message: 'Enter an e-mail address such as name@example.com.' }]);
      const missing = unknownProjects(ctx, input.projectIds);
      if (missing.length > 0) throw badRequest(`No such project: ${missing.join(', ')}.`, [{ field: 'projectIds', message: `No such project: ${missing.join(', ')}.` }]);
      if (ctx.state.users.some((u) => normalEmail(u.email) === email)) {
        throw problem(409, 'conflict', 'Already a member', `${email} is already a member of this organization.`, { errors: [{ field: 'email', message: `${email} is already a member.` }] });
      }
      if (await ctx.directory?.emailTakenElsewhere(email)) {
        throw problem(409, 'conflict', 'Has another account', `${email} already has an account with another organization on this cloud; one address belongs to one organization.`, {
          errors: [{ field: 'email', message: `${email} belongs to another organization.` }],
        });
      }
      const nowMs = ctx.realNow();
      // A new invitation to the same address replaces a pending one.
      const replaced = pendingInvitationFor(ctx.state, email, nowMs);
      const pending = (ctx.state.invitations ?? []).filter((i) => invitationStatus(i, nowMs) === 'pending' && i !== replaced);
      if (pending.length >= MAX_PENDING_INVITATIONS) {
        throw problem(409, 'conflict', 'Too many invitations', `${pending.length} invitations are waiting, the most an organization may have. Revoke some that are no longer needed.`);
      }
      const secret = newInvitationSecret();
      const record: InvitationRecord = {
        id: randomId('inv'),
        email,
        role: input.role,
        projectIds: [...input.projectIds],
        invitedById: admin.id,
        secretHash: await hashTokenSecret(secret),
        createdAtMs: nowMs,
        expiresAtMs: nowMs + input.expiresInDays * MS_PER_DAY,
        acceptedAtMs: null,
        acceptedUserId: null,
        revokedAtMs: null,
      };
      ctx.state.invitations = [...(ctx.state.invitations ?? []).map((i) => (i === replaced ? { ...i, revokedAtMs: nowMs } : i)), record];
      appendAudit(ctx, {
        action: 'invitation.create',
        summary: `Invited ${email} as ${record.role} (${projectNames(ctx.state, record.projectIds)}), valid ${input.expiresInDays} day${input.expiresInDays === 1 ? '' : 's'}${replaced ? '; the earlier invitation was revoked' : ''}`,
        targetType: 'invitation',
        targetId: record.id,
        targetName: email,
        projectId: record.projectIds.length === 1 ? (record.projectIds[0] ?? null) : null,
        targetOwnerId: null,
        before: null,
        after: { role: record.role, projects: projectNames(ctx.state, record.projectIds), expiresAt: iso(record.expiresAtMs) },
        monthlyCostDeltaCents: null,
      });
      ctx.save();
      return created({ invitation: invitationView(ctx.state, record, nowMs), secret, acceptPath: `/join#${secret}`, delivery: 'link' });
    },
  },
  {
    method: 'DELETE',
    path: '/v1/invitations/:invitationId',
    handler: (ctx, { params }) => {
      requireRole(ctx, ['admin'], 'revoke invitations');
      const id = params.invitationId ?? '';
      const inv = ctx.state.invitations?.find((i) => i.id === id);
      if (!inv) throw problem(404, 'not-found', 'Invitation not found', `There is no invitation with id “${id}”.`);
      const nowMs = ctx.realNow();
      if (invitationStatus(inv, nowMs) === 'pending') {
        ctx.state.invitations = (ctx.state.invitations ?? []).map((i) => (i.id === id ? { ...i, revokedAtMs: nowMs } : i));
        appendAudit(ctx, {
          action: 'invitation.revoke',
          summary: `Revoked the invitation of ${inv.email}`,
          targetType: 'invitation',
          targetId: inv.id,
          targetName: inv.email,
          projectId: null,
          targetOwnerId: null,
          before: { status: 'pending' },
          after: { status: 'revoked' },
          monthlyCostDeltaCents: null,
        });
        ctx.save();
      }
      return { status: 204 };
    },
  },
  // The simulator's side of an invitation link (the server answers these itself: server/invitations.ts).
  {
    method: 'POST',
    path: '/v1/auth/invitations/preview',
    handler: async (ctx, { body }) => ok(await previewInvitation(ctx, (body as Schemas['InvitationToken']).token)),
  },
  {
    method: 'POST',
    path: '/v1/auth/invitations/accept',
    handler: async (ctx, { body }) => {
      const user = await acceptInvitation(ctx, body as Schemas['InvitationAccept']);
      // The demo has no sign-in: it acts as the new member.
      ctx.state.currentUserId = user.id;
      ctx.save();
      return ok(sessionOf(ctx));
    },
  },
];
