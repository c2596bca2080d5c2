/**
 * Saved SSH public keys (issue 15): each user keeps their own, by name, to choose at launch
 * instead of pasting one each time (pods-launch.ts, sshKeyId). A key is known by its SHA-256
 * fingerprint, as ssh-keygen -l prints it; nobody sees or uses another user's keys. Times are
 * real (wall-clock), not the simulated clock: saving a key is not part of the simulated world.
 */
import { sshKeyFingerprint } from '../../domain/ssh-fingerprint';
import { parseSshPublicKey } from '../../domain/validation/ssh-public-key';
import type { Schemas } from '../api-types';
import { currentUser, type CloudContext } from '../context';
import { created, ok, type Route } from '../http';
import type { SshKeyRecord } from '../model';
import { badRequest, problem, type FieldError } from '../problem';
import { hashString } from '../rng';

export const SSH_KEY_NAME_MAX = 100;
/** The contract's maxItems of GET /v1/ssh-keys: a user keeps at most this many keys. */
export const SSH_KEYS_PER_USER_MAX = 100;

const FIELDS = ['name', 'publicKey'];

const iso = (ms: number): string => new Date(ms).toISOString();

export function sshKeyView(key: SshKeyRecord): Schemas['SshKey'] {
  return {
    id: key.id,
    name: key.name,
    type: key.type,
    fingerprint: key.fingerprint,
    publicKey: key.publicKey,
    createdAt: iso(key.createdAtMs),
    lastUsedAt: key.lastUsedAtMs === null ? null : iso(key.lastUsedAtMs),
  };
}

/** The acting user's keys, newest first. */
function ownKeys(ctx: CloudContext): SshKeyRecord[] {
  const userId = currentUser(ctx).id;
  // The state keeps them oldest first: reversed, keys saved in the same millisecond stay newest first (sort is stable).
  return (ctx.state.sshKeys ?? [])
    .filter((k) => k.ownerId === userId)
    .reverse()
    .sort((a, b) => b.createdAtMs - a.createdAtMs);
}

/** The name as it will be kept (trimmed), or what is wrong with it. */
function nameOf(value: unknown): { name: string } | { message: string } {
  if (typeof value !== 'string' || value.trim() === '') return { message: 'Give the key a name, such as the computer it lives on.' };
  const name = value.trim();
  if (name.length > SSH_KEY_NAME_MAX) return { message: `Keep the name to ${SSH_KEY_NAME_MAX} characters or fewer (this one has ${name.length}).` };
  return { name };
}

async function createSshKey(ctx: CloudContext, raw: unknown): Promise<Schemas['SshKey']> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw badRequest('Send the key to save as a JSON object.', [{ field: '', message: 'Send { name, publicKey }.' }]);
  const body = raw as Record<string, unknown>;
  const user = currentUser(ctx);
  const mine = ownKeys(ctx);
  const errors: FieldError[] = [];
  for (const k of Object.keys(body)) if (!FIELDS.includes(k)) errors.push({ field: k, message: `“${k}” is not a field of a saved key.` });
  const named = nameOf(body.name);
  if ('message' in named) errors.push({ field: 'name', message: named.message });
  else if (mine.some((k) => k.name.toLowerCase() === named.name.toLowerCase())) {
    errors.push({ field: 'name', message: `You already have a key named “${named.name}”. Choose another name.` });
  }
  const line = typeof body.publicKey === 'string' ? body.publicKey.trim() : '';
  const parsed = parseSshPublicKey(line);
  if (!parsed.ok) errors.push({ field: 'publicKey', message: parsed.message });
  if (errors.length > 0 || !parsed.ok || 'message' in named) {
    throw badRequest(`Check ${errors.length === 1 ? 'this field' : `these ${errors.length} fields`} and save again.`, errors);
  }
  const fingerprint = await sshKeyFingerprint(line);
  if (fingerprint === null) throw badRequest('The key could not be read.', [{ field: 'publicKey', message: 'Copy the whole line of your .pub file again.' }]);
  const same = mine.find((k) => k.fingerprint === fingerprint);
  if (same) {
    throw problem(409, 'ssh-key-exists', 'This key is already saved', `You saved this key already, as “${same.name}” (${fingerprint}).`, { keyId: same.id });
  }
  if (mine.length >= SSH_KEYS_PER_USER_MAX) {
    throw problem(409, 'ssh-key-limit', 'Too many saved keys', `You have ${mine.length} saved keys, the most one person may keep. Remove one you no longer use, then save this one.`);
  }
  const keys = (ctx.state.sshKeys ??= []);
  const nowMs = ctx.realNow();
  let id = '';
  for (let attempt = 0; id === '' || keys.some((k) => k.id === id); attempt++) {
    id = `key-${hashString(`${user.id}:${fingerprint}:${nowMs}:${attempt}`).toString(36).padStart(7, '0')}`;
  }
  const key: SshKeyRecord = { id, ownerId: user.id, name: named.name, type: parsed.key.type, fingerprint, publicKey: line, createdAtMs: nowMs, lastUsedAtMs: null };
  keys.push(key);
  ctx.save();
  return sshKeyView(key);
}

/** Another user's key, like an unknown one, does not exist for the acting user. */
function deleteSshKey(ctx: CloudContext, keyId: string): void {
  const key = ownKeys(ctx).find((k) => k.id === keyId);
  if (!key) throw problem(404, 'not-found', 'SSH key not found', `You have no saved SSH key with id “${keyId}”.`);
  ctx.state.sshKeys = (ctx.state.sshKeys ?? []).filter((k) => k.id !== key.id);
  ctx.save();
}

export const sshKeyRoutes: Route[] = [
  { method: 'GET', path: '/v1/ssh-keys', handler: (ctx) => ok({ items: ownKeys(ctx).map(sshKeyView) }) },
  { method: 'POST', path: '/v1/ssh-keys', handler: async (ctx, { body }) => created(await createSshKey(ctx, body)) },
  {
    method: 'DELETE',
    path: '/v1/ssh-keys/:keyId',
    handler: (ctx, { params }) => {
      deleteSshKey(ctx, params.keyId ?? '');
      return { status: 204 };
    },
  },
];
