/**
 * The Idempotency-Key store's rules, as pure functions over a list of records, following the
 * IETF draft "The Idempotency-Key HTTP Header Field" (draft-ietf-httpapi-idempotency-key-header-06):
 * - a request without the key is refused (400);
 * - the first request with a key is processed and, when it succeeds, its response is kept for
 *   24 hours; a repeat with the same key and the same body gets that response again;
 * - the same key with another body is refused (422): it is a different request;
 * - a repeat while the first is still being processed is refused (409).
 * Failed requests are not kept (the draft leaves this to the resource): the same launch intent
 * can be corrected and sent again under its key. Keys are scoped to one client (the user).
 */
import { MS_PER_HOUR } from './units';

/** How long a successful response is replayed (the draft's example expiry; ours is 24 h). */
export const IDEMPOTENCY_TTL_MS = 24 * MS_PER_HOUR;
/** A request still "in flight" after this long is taken as abandoned (its processor died). */
export const IN_FLIGHT_TIMEOUT_MS = 60_000;
/** The draft's key is an sf-string; we accept 1-255 visible ASCII characters. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export interface StoredResponse {
  status: number;
  body: unknown;
}

export interface IdempotencyRecord {
  key: string;
  /** Who sent it: keys of two users never collide. */
  scope: string;
  /** Fingerprint of the request body (requestFingerprint). */
  fingerprint: string;
  createdAtMs: number;
  /** null while the first request is being processed. */
  response: StoredResponse | null;
}

export interface IdempotentRequest {
  key: string | null;
  scope: string;
  fingerprint: string;
  nowMs: number;
}

export type IdempotencyDecision =
  /** Process the request; `records` now hold it as in flight. */
  | { kind: 'proceed'; records: IdempotencyRecord[] }
  /** Answer the stored response again. */
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'reject'; status: 400; reason: 'missing-key' | 'invalid-key' }
  | { kind: 'reject'; status: 409; reason: 'in-flight' }
  | { kind: 'reject'; status: 422; reason: 'key-reused' };

function live(record: IdempotencyRecord, nowMs: number): boolean {
  const age = nowMs - record.createdAtMs;
  return record.response === null ? age < IN_FLIGHT_TIMEOUT_MS : age < IDEMPOTENCY_TTL_MS;
}

/** Drops records whose replay window (or in-flight timeout) has passed. */
export function pruneExpired(records: readonly IdempotencyRecord[], nowMs: number): IdempotencyRecord[] {
  return records.filter((r) => live(r, nowMs));
}

const same = (r: IdempotencyRecord, key: string, scope: string): boolean => r.key === key && r.scope === scope;

/** Decides what a request with (or without) a key gets, before any work is done. */
export function beginRequest(records: readonly IdempotencyRecord[], req: IdempotentRequest): IdempotencyDecision {
  if (req.key === null || req.key === '') return { kind: 'reject', status: 400, reason: 'missing-key' };
  if (!KEY_PATTERN.test(req.key)) return { kind: 'reject', status: 400, reason: 'invalid-key' };
  const kept = pruneExpired(records, req.nowMs);
  const key = req.key;
  const existing = kept.find((r) => same(r, key, req.scope));
  if (existing) {
    if (existing.fingerprint !== req.fingerprint) return { kind: 'reject', status: 422, reason: 'key-reused' };
    if (existing.response === null) return { kind: 'reject', status: 409, reason: 'in-flight' };
    return { kind: 'replay', response: existing.response };
  }
  return {
    kind: 'proceed',
    records: [...kept, { key, scope: req.scope, fingerprint: req.fingerprint, createdAtMs: req.nowMs, response: null }],
  };
}

/** Records the outcome: a success is kept for replay; a failure frees the key. */
export function completeRequest(records: readonly IdempotencyRecord[], key: string, scope: string, response: StoredResponse): IdempotencyRecord[] {
  const succeeded = response.status >= 200 && response.status < 300;
  return records.flatMap((r) => (same(r, key, scope) && r.response === null ? (succeeded ? [{ ...r, response }] : []) : [r]));
}

/** JSON with object keys sorted, so two bodies that mean the same have one text. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * The request body's fingerprint (the draft's "request fingerprint"): a 53-bit hash of its
 * canonical JSON (cyrb53, public domain) plus its length. Not cryptographic: it tells one
 * client's bodies apart; it does not defend against a client forging collisions with itself.
 */
export function requestFingerprint(body: unknown): string {
  const text = canonicalJson(body);
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const hash = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return `${hash.toString(36)}.${text.length.toString(36)}`;
}
