/**
 * Points the contract suite at the live server: requests the console's client sends to
 * http://localhost/api go to the server with the session cookie and the CSRF header, every
 * answer is checked against the contract (as the mock's are, src/testing/setup.ts), and each
 * test starts from a freshly reset world.
 */
import { afterEach, beforeEach, expect, inject } from 'vitest';
import { contractViolations, findOperation } from '../../src/testing/contract';
import { recordExercised, recordViolations, takeContractViolations } from './live-target';

const target = inject('contractServer');
const realFetch = globalThis.fetch.bind(globalThis);
const MOCK_ORIGIN = 'http://localhost';

function toServer(method: string, headers: Headers): Headers {
  const out = new Headers(headers);
  out.set('cookie', target.cookie);
  if (method !== 'GET' && method !== 'HEAD') out.set('X-CSRF-Token', target.csrf);
  return out;
}

globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const request = new Request(input, init);
  const url = new URL(request.url);
  if (url.origin !== MOCK_ORIGIN || !url.pathname.startsWith('/api/')) return realFetch(input, init);
  const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.text();
  const res = await realFetch(`${target.url}${url.pathname}${url.search}`, { method: request.method, headers: toServer(request.method, request.headers), body });
  const path = url.pathname.slice('/api'.length);
  const text = await res.clone().text();
  recordViolations(contractViolations(request.method, path, res.status, res.headers.get('content-type'), text ? (JSON.parse(text) as unknown) : undefined));
  const op = findOperation(request.method, path);
  if (op) recordExercised(`${request.method.toUpperCase()} ${op.template}`);
  return res;
};

beforeEach(async () => {
  const res = await realFetch(`${target.url}/api/v1/simulation/reset`, {
    method: 'POST',
    headers: toServer('POST', new Headers({ 'content-type': 'application/json' })),
    // The default scenario: a test that loaded another one leaves it behind.
    body: JSON.stringify({ scenario: 'default' }),
  });
  if (res.status !== 200) throw new Error(`could not reset the server's world: ${res.status} ${await res.text()}`);
});

afterEach(() => {
  expect(takeContractViolations(), 'answers that break the OpenAPI contract').toEqual([]);
});
