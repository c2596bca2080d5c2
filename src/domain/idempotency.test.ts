import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  beginRequest,
  canonicalJson,
  completeRequest,
  IDEMPOTENCY_TTL_MS,
  IN_FLIGHT_TIMEOUT_MS,
  pruneExpired,
  requestFingerprint,
  type IdempotencyRecord,
} from './idempotency';

const T0 = Date.UTC(2026, 10, 18, 15);
const fp = requestFingerprint({ name: 'a', gpuCount: 1 });

/** Begins and completes one request, returning the records after. */
function served(records: IdempotencyRecord[], key: string, fingerprint: string, nowMs: number, status = 201, body: unknown = { id: 'pod-1' }): IdempotencyRecord[] {
  const d = beginRequest(records, { key, scope: 'u-ana', fingerprint, nowMs });
  if (d.kind !== 'proceed') throw new Error(`expected proceed, got ${d.kind}`);
  return completeRequest(d.records, key, 'u-ana', { status, body });
}

describe('the Idempotency-Key store', () => {
  it('refuses a request without a key (400) or with a malformed one', () => {
    expect(beginRequest([], { key: null, scope: 'u', fingerprint: fp, nowMs: T0 })).toEqual({ kind: 'reject', status: 400, reason: 'missing-key' });
    expect(beginRequest([], { key: '', scope: 'u', fingerprint: fp, nowMs: T0 })).toMatchObject({ status: 400 });
    expect(beginRequest([], { key: 'has space', scope: 'u', fingerprint: fp, nowMs: T0 })).toMatchObject({ status: 400, reason: 'invalid-key' });
    expect(beginRequest([], { key: 'k'.repeat(256), scope: 'u', fingerprint: fp, nowMs: T0 })).toMatchObject({ status: 400 });
  });

  it('replays the first success for the same key and body within 24 hours, then forgets it', () => {
    const records = served([], 'k1', fp, T0);
    expect(beginRequest(records, { key: 'k1', scope: 'u-ana', fingerprint: fp, nowMs: T0 + IDEMPOTENCY_TTL_MS - 1 })).toEqual({ kind: 'replay', response: { status: 201, body: { id: 'pod-1' } } });
    expect(beginRequest(records, { key: 'k1', scope: 'u-ana', fingerprint: fp, nowMs: T0 + IDEMPOTENCY_TTL_MS }).kind).toBe('proceed');
  });

  it('refuses the same key with another body (422) and a repeat while the first is in flight (409)', () => {
    const records = served([], 'k1', fp, T0);
    expect(beginRequest(records, { key: 'k1', scope: 'u-ana', fingerprint: requestFingerprint({ name: 'b', gpuCount: 1 }), nowMs: T0 + 1 })).toMatchObject({ status: 422 });
    const inFlight = beginRequest([], { key: 'k2', scope: 'u-ana', fingerprint: fp, nowMs: T0 });
    if (inFlight.kind !== 'proceed') throw new Error('expected proceed');
    expect(beginRequest(inFlight.records, { key: 'k2', scope: 'u-ana', fingerprint: fp, nowMs: T0 + 10 })).toMatchObject({ status: 409, reason: 'in-flight' });
    // A processor that died leaves its record: after the in-flight timeout, the key is free again.
    expect(beginRequest(inFlight.records, { key: 'k2', scope: 'u-ana', fingerprint: fp, nowMs: T0 + IN_FLIGHT_TIMEOUT_MS }).kind).toBe('proceed');
  });

  it('does not keep failures, so a corrected request can use the same key', () => {
    const records = served([], 'k1', fp, T0, 400, { title: 'bad' });
    expect(records).toEqual([]);
    expect(beginRequest(records, { key: 'k1', scope: 'u-ana', fingerprint: requestFingerprint({ fixed: true }), nowMs: T0 + 1 }).kind).toBe('proceed');
  });

  it('scopes keys to the client: the same key from another user is another request', () => {
    const records = served([], 'k1', fp, T0);
    expect(beginRequest(records, { key: 'k1', scope: 'u-felix', fingerprint: fp, nowMs: T0 + 1 }).kind).toBe('proceed');
  });

  it('fingerprints bodies by meaning: key order does not matter, values do', () => {
    expect(requestFingerprint({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(requestFingerprint({ b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(requestFingerprint({ a: 1 })).not.toBe(requestFingerprint({ a: 2 }));
    expect(requestFingerprint({ a: 1 })).toBe(requestFingerprint({ a: 1, b: undefined }));
    expect(canonicalJson({ b: 'x', a: null })).toBe('{"a":null,"b":"x"}');
  });

  it('property: whatever the sequence of requests, a key is processed successfully at most once per 24 hours, and replayed in between', () => {
    const request = fc.record({ key: fc.constantFrom('k1', 'k2', 'k3'), body: fc.constantFrom('A', 'B'), fails: fc.boolean(), dtMs: fc.integer({ min: 0, max: 3 * 3_600_000 }) });
    fc.assert(
      fc.property(fc.array(request, { maxLength: 40 }), (requests) => {
        let records: IdempotencyRecord[] = [];
        let now = T0;
        const succeededAt = new Map<string, number>();
        const firstBody = new Map<string, string>();
        for (const r of requests) {
          now += r.dtMs;
          const d = beginRequest(records, { key: r.key, scope: 'u', fingerprint: requestFingerprint(r.body), nowMs: now });
          if (d.kind === 'proceed') {
            // Processed again only when no success with this key happened in the last 24 h.
            const last = succeededAt.get(r.key);
            if (last !== undefined) expect(now - last).toBeGreaterThanOrEqual(IDEMPOTENCY_TTL_MS);
            const status = r.fails ? 400 : 201;
            records = completeRequest(d.records, r.key, 'u', { status, body: r.body });
            if (!r.fails) {
              succeededAt.set(r.key, now);
              firstBody.set(r.key, r.body);
            }
          } else if (d.kind === 'replay') {
            expect(d.response.body).toBe(firstBody.get(r.key));
            expect(r.body).toBe(firstBody.get(r.key));
          } else {
            expect(d.status).toBe(422);
            expect(r.body).not.toBe(firstBody.get(r.key));
          }
          expect(records.every((x) => x.response !== null)).toBe(true);
        }
        expect(pruneExpired(records, now).length).toBeLessThanOrEqual(3);
      }),
    );
  });
});
