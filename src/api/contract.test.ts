/**
 * The contract, the types and the mock agree: every operation in openapi.yaml is called
 * through the typed client against the simulator, and every answer is validated (setup.ts
 * fails any test whose answers break the contract).
 */
import { describe, expect, it } from 'vitest';
import { createApiClient } from './client';
import { contractOperations, contractViolations } from '../testing/contract';
import { exercisedOperations } from '../testing/server';

const api = createApiClient('http://localhost/api');

describe('the API contract', () => {
  it('answers the session, users, projects and catalog as documented', async () => {
    const session = await api.GET('/v1/session');
    expect(session.data?.user.role).toBe('admin');
    expect((await api.GET('/v1/users')).data?.items.length).toBeGreaterThan(3);
    expect((await api.GET('/v1/projects')).data?.items.length).toBeGreaterThan(1);
    const catalog = (await api.GET('/v1/catalog')).data;
    expect(catalog?.gpuTypes.length).toBeGreaterThanOrEqual(8);
    expect(catalog?.regions.map((r) => r.city)).toEqual(expect.arrayContaining(['Montréal', 'Toronto', 'Boden', 'Hernandarias']));
  });

  it('lists pods with filters, sorting and paging, and shows one', async () => {
    const all = (await api.GET('/v1/pods', { params: { query: { limit: 500 } } })).data;
    expect(all?.total).toBe(60);
    const running = (await api.GET('/v1/pods', { params: { query: { status: ['running'], sort: 'costToDate', order: 'desc', limit: 5 } } })).data;
    expect(running?.items.every((p) => p.status === 'running')).toBe(true);
    const costs = running?.items.map((p) => p.costToDateCents) ?? [];
    expect([...costs].sort((a, b) => b - a)).toEqual(costs);
    const first = running?.items[0];
    expect(first).toBeDefined();
    const detail = (await api.GET('/v1/pods/{podId}', { params: { path: { podId: first!.id } } })).data;
    expect(detail?.events[0]?.status).toBe('queued');
    const page2 = (await api.GET('/v1/pods', { params: { query: { offset: 10, limit: 10 } } })).data;
    expect(page2?.items.map((p) => p.id)).toEqual(all?.items.slice(10, 20).map((p) => p.id));
  });

  it('answers errors as problem+json that the contract allows', async () => {
    const missing = await api.GET('/v1/pods/{podId}', { params: { path: { podId: 'pod-nope' } } });
    expect(missing.response.status).toBe(404);
    expect(missing.response.headers.get('content-type')).toBe('application/problem+json');
    expect(missing.error?.detail).toMatch(/pod-nope/);
    const bad = await api.GET('/v1/pods', { params: { query: { limit: 0 } } });
    expect(bad.response.status).toBe(400);
    expect(bad.error?.errors?.[0]?.field).toBe('limit');
  });

  it('answers the overview and the simulation controls', async () => {
    const o = (await api.GET('/v1/overview')).data;
    expect(o?.runningPods).toBeGreaterThan(0);
    const before = (await api.GET('/v1/simulation')).data;
    const after = (await api.POST('/v1/simulation/advance', { body: { durationMs: 3_600_000 } })).data;
    expect(Date.parse(after!.now) - Date.parse(before!.now)).toBe(3_600_000);
    const reset = (await api.POST('/v1/simulation/reset', { body: {} })).data;
    expect(reset?.now).toBe(before?.now);
    const finance = (await api.POST('/v1/simulation/act-as', { body: { userId: 'u-oskar' } })).data;
    expect(finance?.user.role).toBe('finance');
  });

  it('catches an answer the contract does not allow', () => {
    expect(contractViolations('GET', '/v1/overview', 200, 'application/json', { runningPods: -1 })).not.toEqual([]);
    expect(contractViolations('GET', '/v1/pods/x', 418, 'application/json', {})).not.toEqual([]);
    expect(contractViolations('GET', '/v1/nowhere', 200, 'application/json', {})).not.toEqual([]);
  });

  // Runs last in this file: every operation in the contract has been called above or elsewhere.
  it('has exercised every operation in the contract', () => {
    const missing = contractOperations().filter((op) => !exercisedOperations().has(op));
    expect(missing).toEqual([]);
  });
});
