/**
 * Members, invitations and single sign-on (issue 15): the rules, framework-free, shared by the
 * simulator and the server.
 *
 * - An organization always keeps an admin: no change may demote or remove the last one.
 * - An invitation is a one-time link that expires; its secret (`nli_` + 32 random bytes) is shown
 *   once and kept as its SHA-256, like an API token's.
 * - Single sign-on maps a group claim to a role: admin groups first, then finance, else the
 *   connection's default role. Allowed domains are compared in lower case, without a leading "@".
 */
import { randomSecret, type FieldProblem } from './api-tokens';

export type MemberRole = 'admin' | 'engineer' | 'finance';
export type InvitationStatus = 'pending' | 'accepted' | 'expired' | 'revoked';

export const INVITATION_SECRET_PREFIX = 'nli_';
export const MAX_PENDING_INVITATIONS = 200;
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_NAME_LENGTH = 200;

export const newInvitationSecret = (): string => randomSecret(INVITATION_SECRET_PREFIX);

export function invitationStatus(inv: { expiresAtMs: number; acceptedAtMs: number | null; revokedAtMs: number | null }, nowMs: number): InvitationStatus {
  if (inv.acceptedAtMs !== null) return 'accepted';
  if (inv.revokedAtMs !== null) return 'revoked';
  return nowMs >= inv.expiresAtMs ? 'expired' : 'pending';
}

/** A plausible address: one "@", something before it, a dotted domain after it, no spaces. */
const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;

export const normalEmail = (email: string): string => email.trim().toLowerCase();
export const isEmail = (email: string): boolean => email.length <= 254 && EMAIL.test(email.trim());
export const emailDomain = (email: string): string => normalEmail(email).split('@')[1] ?? '';
export const normalDomain = (domain: string): string => domain.trim().toLowerCase().replace(/^@/, '');

/** A DNS name of at least two labels (letters, digits, hyphens): what an allowed domain may be. */
const DOMAIN = /^(?=.{3,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
export const isDomain = (domain: string): boolean => DOMAIN.test(normalDomain(domain));

/** Would the organization still have an admin if `userId` became `role` (null: were removed)? */
export function leavesAnAdmin(members: readonly { id: string; role: MemberRole }[], userId: string, role: MemberRole | null): boolean {
  return members.some((m) => (m.id === userId ? role === 'admin' : m.role === 'admin'));
}

/** The role a provider's group claim gives (undefined when no configured group matches). */
export function roleFromGroups(groups: readonly string[], mapping: { adminGroups: readonly string[]; financeGroups: readonly string[] }): MemberRole | undefined {
  const have = new Set(groups);
  if (mapping.adminGroups.some((g) => have.has(g))) return 'admin';
  if (mapping.financeGroups.some((g) => have.has(g))) return 'finance';
  return undefined;
}

/** A claim's value as a list of groups: an array of strings, one string, or space/comma-separated. */
export function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((g): g is string => typeof g === 'string');
  if (typeof claim === 'string') return claim.split(/[\s,]+/).filter(Boolean);
  return [];
}

export function acceptProblems(input: { name: string; password: string }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const name = input.name.trim();
  if (name.length === 0) problems.push({ field: 'name', message: 'Enter your name, as your colleagues will see it.' });
  else if (name.length > MAX_NAME_LENGTH) problems.push({ field: 'name', message: `Use at most ${MAX_NAME_LENGTH} characters.` });
  if (input.password.length < MIN_PASSWORD_LENGTH) problems.push({ field: 'password', message: `Use at least ${MIN_PASSWORD_LENGTH} characters: a passphrase of a few words is easy to remember.` });
  return problems;
}

export interface SsoInput {
  issuer: string;
  clientId: string;
  scopes: string;
  allowedDomains: readonly string[];
  roleClaim: string;
  defaultProjectIds: readonly string[];
}

/** What is wrong with a connection's settings, field by field. `allowHttp`: a provider on this machine (tests, development). */
export function ssoProblems(input: SsoInput, known: { projectIds: ReadonlySet<string>; allowHttp: boolean }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  let url: URL | null = null;
  try {
    url = new URL(input.issuer.trim());
  } catch {
    url = null;
  }
  const loopback = url !== null && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && loopback && known.allowHttp))) {
    problems.push({ field: 'issuer', message: "Enter the provider's issuer URL, starting with https:// (as its /.well-known/openid-configuration names it)." });
  } else if (url.search || url.hash) {
    problems.push({ field: 'issuer', message: 'An issuer URL has no query (?) or fragment (#).' });
  }
  if (input.clientId.trim().length === 0) problems.push({ field: 'clientId', message: 'Enter the client ID the provider gave this console.' });
  if (!input.scopes.split(/\s+/).includes('openid')) problems.push({ field: 'scopes', message: 'The scopes must include openid.' });
  const bad = input.allowedDomains.filter((d) => !isDomain(d));
  if (input.allowedDomains.length === 0) problems.push({ field: 'allowedDomains', message: 'Name at least one e-mail domain whose people may sign in (example.com).' });
  else if (bad.length > 0) problems.push({ field: 'allowedDomains', message: `Not a domain: ${bad.join(', ')}. Write domains as example.com.` });
  if (!/^[A-Za-z0-9_.:/-]{1,100}$/.test(input.roleClaim)) problems.push({ field: 'roleClaim', message: 'Name the claim that holds the groups (groups, roles …): letters, digits and _ . : / - only.' });
  const unknown = input.defaultProjectIds.filter((p) => !known.projectIds.has(p));
  if (unknown.length > 0) problems.push({ field: 'defaultProjectIds', message: `No such project: ${unknown.join(', ')}.` });
  return problems;
}
