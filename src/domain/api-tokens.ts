/**
 * API tokens' rules, shared by the simulator and the server: what a user may grant, what a token
 * lets its owner do when it is used, and how its secret is made and kept.
 *
 * - A token's role is at most its owner's: an admin may give any role, anyone else only their own.
 *   The rule holds when the token is used too: a token whose owner has since lost the role acts no
 *   more (a demoted admin's admin token stops working).
 * - A token reaches the projects it names, within those its owner sees then; null: all of them.
 * - The secret is "nlt_" and 43 base64url characters (32 random bytes); only its SHA-256
 *   (base64url, no padding) is kept, so a stolen table reveals no secret. The first 8 characters
 *   after the prefix are kept to tell tokens apart.
 */
/** A problem with one field of the request, in the user's words. */
export interface FieldProblem {
  field: string;
  message: string;
}

export type TokenRole = 'admin' | 'engineer' | 'finance';
export type TokenKind = 'personal' | 'service';
export type TokenStatus = 'active' | 'expired' | 'revoked';

export const TOKEN_SECRET_PREFIX = 'nlt_';
export const MAX_ACTIVE_TOKENS_PER_USER = 50;
export const TOKEN_NAME_MAX = 100;
export const MS_PER_DAY = 24 * 60 * 60 * 1000;

/** Whether someone of ownerRole may create a token with role. */
export const mayGrantRole = (ownerRole: TokenRole, role: TokenRole): boolean => ownerRole === 'admin' || role === ownerRole;

export function tokenStatus(token: { expiresAtMs: number; revokedAtMs: number | null }, nowMs: number): TokenStatus {
  if (token.revokedAtMs !== null) return 'revoked';
  return nowMs >= token.expiresAtMs ? 'expired' : 'active';
}

export interface TokenInput {
  name: string;
  kind: TokenKind;
  role: TokenRole;
  projectIds: readonly string[] | null;
}

/**
 * The problems of a new token's fields, each at its field: the name (1-100 characters after
 * trimming, not the name of another of the owner's active tokens), a service token only for an
 * admin, the role at most the owner's, projects among those the owner sees.
 */
export function tokenInputProblems(
  input: TokenInput,
  owner: { role: TokenRole; visibleProjectIds: ReadonlySet<string>; activeTokenNames: ReadonlySet<string> },
): FieldProblem[] {
  const out: FieldProblem[] = [];
  const name = input.name.trim();
  if (name.length === 0) out.push({ field: 'name', message: 'Give the token a name, such as “CI pipeline” or “laptop scripts”.' });
  else if (name.length > TOKEN_NAME_MAX) out.push({ field: 'name', message: `Use at most ${TOKEN_NAME_MAX} characters.` });
  else if (owner.activeTokenNames.has(name.toLowerCase())) out.push({ field: 'name', message: `You already have an active token named “${name}”. Choose another name.` });
  if (input.kind === 'service' && owner.role !== 'admin') out.push({ field: 'kind', message: 'Only admins create service tokens. Create a personal token instead.' });
  if (!mayGrantRole(owner.role, input.role)) out.push({ field: 'role', message: `A token’s role is at most yours: choose ${owner.role}.` });
  if (input.projectIds !== null) {
    const unknown = input.projectIds.filter((id) => !owner.visibleProjectIds.has(id));
    if (unknown.length > 0) out.push({ field: 'projectIds', message: `You cannot give a token a project you do not see: ${unknown.join(', ')}.` });
    else if (new Set(input.projectIds).size !== input.projectIds.length) out.push({ field: 'projectIds', message: 'Name each project once.' });
  }
  return out;
}

/** 32 random bytes as a secret, with its prefix. */
/** A secret: a prefix that says what it is, then 32 random bytes, base64url (tokens, invitation links). */
export function randomSecret(prefix: string): string {
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  return prefix + base64url(bytes);
}

/** An id: a prefix, then `bytes` random bytes in hex ("tok-…", "u-…", "wh-…"). */
export function randomId(prefix: string, bytes = 9): string {
  const b = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(b);
  return `${prefix}-${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`;
}

export const newTokenSecret = (): string => randomSecret(TOKEN_SECRET_PREFIX);

/** What a list shows of a secret: the prefix and 8 characters. */
export const secretPrefix = (secret: string): string => secret.slice(0, TOKEN_SECRET_PREFIX.length + 8);

/** SHA-256 of the secret, base64url without padding (as Node's createHash('sha256').digest('base64url')). */
export async function hashTokenSecret(secret: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret));
  return base64url(new Uint8Array(digest));
}

export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * What a token lets its owner do now: its role and projects, or why it acts no more (its owner's
 * role no longer covers the token's).
 */
export function tokenScope(
  token: { role: TokenRole; projectIds: readonly string[] | null },
  ownerRole: TokenRole,
): { ok: true; role: TokenRole; projectIds: readonly string[] | null } | { ok: false; reason: string } {
  if (!mayGrantRole(ownerRole, token.role)) {
    return { ok: false, reason: `This token acts as ${token.role}, and its owner is ${ownerRole} now. Create a new token.` };
  }
  return { ok: true, role: token.role, projectIds: token.projectIds };
}
