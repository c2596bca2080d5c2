/**
 * The MCP server with the SDK's own client, over both transports, against the real server: stdio
 * (`tsx mcp/stdio.ts` spawned with NORTHLIGHT_API_URL and NORTHLIGHT_TOKEN) and Streamable HTTP
 * (/api/mcp with the token as a bearer header). Both list the same tools, answer the waste
 * question with the cents of the Utilization page's API, refuse a read-only token's writes with
 * the API's words, record every write in the audit log as the token's, and stay inside the
 * token's organization.
 */
import { resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Answer, type ApiClient, type TestServer } from '../server/testing/harness';
import { READ_TOOLS, WRITE_TOOLS } from './tools';

let server: TestServer;
let maya: ApiClient;
const secrets = { mayaRead: '', anaRead: '', anaWrite: '', orbit: '' };
const tokenNames = { anaWrite: 'ana agent' };
/** Ana's running pods, one per write test, and the one the read-only token tries to stop. */
let anaPods: string[] = [];
/** Open auto-stop recommendations on Ana's pods (applied in place). */
let anaPatchRecs: Array<{ id: string; podId: string; minutes: number }> = [];
const clients: Client[] = [];

interface Pod {
  id: string;
  name: string;
  status: string;
  projectId: string;
}

async function bearer<T>(secret: string, method: string, path: string): Promise<Answer<T>> {
  const res = await fetch(`${server.url}/api${path}`, { method, headers: { authorization: `Bearer ${secret}` } });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
}

async function token(client: ApiClient, body: Record<string, unknown>): Promise<string> {
  const res = await client.call<{ secret: string }>('POST', '/v1/api-tokens', { kind: 'personal', projectIds: null, expiresInDays: 7, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.secret;
}

beforeAll(async () => {
  server = await startTestServer();
  const [ana, orbit] = await Promise.all([server.signIn('ana@lumen.example'), server.signIn('ines@orbit.example')]);
  maya = await server.signIn('maya@lumen.example');
  secrets.mayaRead = await token(maya, { name: 'maya agent', role: 'admin', readOnly: true });
  secrets.anaRead = await token(ana, { name: 'ana reader', role: 'engineer', readOnly: true });
  secrets.anaWrite = await token(ana, { name: tokenNames.anaWrite, role: 'engineer', readOnly: false });
  secrets.orbit = await token(orbit, { name: 'orbit agent', role: 'admin', readOnly: true });
  const recs = await ana.call<{ items: Array<{ id: string; ownerIds: string[]; action: { type: string; podId?: string; patch?: { autoStopIdleMinutes?: number } } }> }>('GET', '/v1/recommendations?kind=auto-stop&limit=100');
  anaPatchRecs = recs.body.items
    .filter((r) => r.ownerIds.includes('u-ana') && r.action.type === 'patch' && r.action.patch?.autoStopIdleMinutes)
    .map((r) => ({ id: r.id, podId: r.action.podId!, minutes: r.action.patch!.autoStopIdleMinutes! }));
  const pods = await ana.call<{ items: Pod[] }>('GET', '/v1/pods?status=running&ownerId=u-ana&limit=100');
  const withRecs = new Set(anaPatchRecs.map((r) => r.podId));
  anaPods = pods.body.items.map((p) => p.id).filter((id) => !withRecs.has(id));
  expect(anaPods.length).toBeGreaterThanOrEqual(3);
  expect(anaPatchRecs.length).toBeGreaterThanOrEqual(2);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  await server?.close();
});

async function overStdio(secret: string): Promise<Client> {
  const client = new Client({ name: 'northlight-test', version: '1.0.0' });
  const transport = new StdioClientTransport({
    command: resolve('node_modules/.bin/tsx'),
    args: ['mcp/stdio.ts'],
    env: { ...getDefaultEnvironment(), NORTHLIGHT_API_URL: `${server.url}/api`, NORTHLIGHT_TOKEN: secret },
    stderr: 'pipe',
  });
  await client.connect(transport);
  clients.push(client);
  return client;
}

async function overHttp(secret: string): Promise<Client> {
  const client = new Client({ name: 'northlight-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/api/mcp`), { requestInit: { headers: { Authorization: `Bearer ${secret}` } } }));
  clients.push(client);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult & { structuredContent: Record<string, unknown> }> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult & { structuredContent: Record<string, unknown> };
}

const text = (r: CallToolResult) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

interface AuditEntry {
  action: string;
  actorKind: string;
  actorId: string | null;
  tokenName: string | null;
  targetId: string | null;
}

const TRANSPORTS = [
  { name: 'stdio', connect: overStdio, podIndex: 1, recIndex: 0 },
  { name: 'Streamable HTTP', connect: overHttp, podIndex: 2, recIndex: 1 },
] as const;

describe.each(TRANSPORTS)('the MCP server over $name', ({ connect, podIndex, recIndex }) => {
  let reader: Client;
  beforeAll(async () => {
    reader = await connect(secrets.mayaRead);
  });

  it('lists its tools, the write tools marked destructive, and the waste prompt and guide', async () => {
    const { tools } = await reader.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...READ_TOOLS, ...WRITE_TOOLS].sort());
    for (const t of tools) {
      expect(t.description?.length, t.name).toBeGreaterThan(40);
      const write = (WRITE_TOOLS as readonly string[]).includes(t.name);
      expect(t.annotations, t.name).toMatchObject(write ? { destructiveHint: true, readOnlyHint: false } : { readOnlyHint: true });
    }
    expect(tools.find((t) => t.name === 'launch_pod')?.inputSchema.properties).toHaveProperty('idempotencyKey');
    const { prompts } = await reader.listPrompts();
    expect(prompts.map((p) => p.name)).toContain('waste_review');
    const prompt = await reader.getPrompt({ name: 'waste_review', arguments: { range: '30d' } });
    const message = prompt.messages[0]?.content;
    expect(message?.type === 'text' ? message.text : '').toMatch(/waste_summary with range "30d"/);
    const guide = await reader.readResource({ uri: 'northlight://guide/waste' });
    expect(JSON.stringify(guide.contents)).toMatch(/under-used/);
  });

  it('answers the waste question with the same cents as the Utilization page’s API', async () => {
    const result = await call(reader, 'waste_summary', { range: '7d' });
    expect(result.isError).toBeFalsy();
    const api = await bearer<{ current: { spendCents: number; wasteCents: number; waste: Record<'idle' | 'underUsed' | 'oversized', { cents: number }> } }>(secrets.mayaRead, 'GET', '/v1/utilization/summary?range=7d');
    expect(api.status).toBe(200);
    const current = result.structuredContent.current as Record<string, { cents: number; formatted: string }>;
    expect(current.waste).toEqual({ cents: api.body.current.wasteCents, formatted: expect.stringMatching(/^\$[\d,]+\.\d\d$/) });
    expect(current.waste!.cents).toBeGreaterThan(0);
    expect(current.spend!.cents).toBe(api.body.current.spendCents);
    expect([current.idle!.cents, current.underUsed!.cents, current.oversized!.cents]).toEqual([api.body.current.waste.idle.cents, api.body.current.waste.underUsed.cents, api.body.current.waste.oversized.cents]);
    expect(text(result)).toContain(current.waste!.formatted);

    const byPod = await call(reader, 'waste_breakdown', { by: 'pod', range: '7d', limit: 5 });
    expect((byPod.structuredContent.totals as { waste: { cents: number } }).waste.cents).toBe(api.body.current.wasteCents);

    const savings = await call(reader, 'top_savings', { limit: 5 });
    const recs = await bearer<{ totalMonthlySavingsCents: number; items: Array<{ id: string }> }>(secrets.mayaRead, 'GET', '/v1/recommendations?limit=5');
    expect((savings.structuredContent.totalMonthlySavings as { cents: number }).cents).toBe(recs.body.totalMonthlySavingsCents);
    expect((savings.structuredContent.items as Array<{ id: string; evidenceSummary: string }>).map((r) => r.id)).toEqual(recs.body.items.map((r) => r.id));
    expect(text(savings)).toMatch(/Evidence: /);
  });

  it('refuses a read-only token’s stop with the API’s words, and the pod keeps running', async () => {
    const client = await connect(secrets.anaRead);
    const podId = anaPods[0]!;
    const result = await call(client, 'stop_pod', { podId });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/read-only/);
    expect(result.structuredContent).toMatchObject({ status: 403, problem: { type: expect.stringMatching(/read-only-token$/) } });
    const pod = await bearer<Pod>(secrets.anaRead, 'GET', `/v1/pods/${podId}`);
    expect(pod.body.status).toBe('running');
  });

  it('records a write tool’s call in the audit log as the token’s', async () => {
    const client = await connect(secrets.anaWrite);
    const podId = anaPods[podIndex]!;
    const stopped = await call(client, 'stop_pod', { podId });
    expect(stopped.isError, text(stopped)).toBeFalsy();
    expect(stopped.structuredContent.pod).toMatchObject({ id: podId, status: expect.stringMatching(/^stopp/) });
    const rec = anaPatchRecs[recIndex]!;
    const applied = await call(client, 'apply_recommendation', { recommendationId: rec.id, idempotencyKey: `apply-${rec.id}` });
    expect(applied.isError, text(applied)).toBeFalsy();
    expect(applied.structuredContent).toMatchObject({ applied: 'patch', pod: { id: rec.podId, autoStopIdleMinutes: rec.minutes } });

    const audit = await maya.call<{ items: AuditEntry[] }>('GET', '/v1/audit-log?actorId=u-ana&limit=50');
    const byToken = { actorKind: 'token', actorId: 'u-ana', tokenName: tokenNames.anaWrite };
    expect(audit.body.items.find((e) => e.action === 'pod.stop' && e.targetId === podId)).toMatchObject(byToken);
    expect(audit.body.items.find((e) => e.action === 'pod.change' && e.targetId === rec.podId)).toMatchObject(byToken);
  });
});

describe('the MCP server over Streamable HTTP', () => {
  it('answers 401 problem+json without a valid token, and takes only POST', async () => {
    const init = { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) };
    const none = await fetch(`${server.url}/api/mcp`, init);
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toBe('application/problem+json');
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(((await none.json()) as { detail: string }).detail).toMatch(/Bearer/);
    const forged = await fetch(`${server.url}/api/mcp`, { ...init, headers: { ...init.headers, authorization: 'Bearer nlt_not-a-real-token-at-all-0000000000000000000' } });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('content-type')).toBe('application/problem+json');
    const get = await fetch(`${server.url}/api/mcp`, { headers: { authorization: `Bearer ${secrets.mayaRead}`, accept: 'text/event-stream' } });
    expect(get.status).toBe(405);
    const huge = await fetch(`${server.url}/api/mcp`, { ...init, headers: { ...init.headers, authorization: `Bearer ${secrets.mayaRead}` }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { pad: 'x'.repeat(100_000) } }) });
    expect(huge.status).toBe(413);
  });

  it('launches once per idempotency key, as the token', async () => {
    const client = await overHttp(secrets.anaWrite);
    const args = { name: 'mcp-launch', projectId: 'p-vision', gpuTypeId: 'l4', gpuCount: 1, regionId: 'ca-mtl-1', imageId: 'pytorch-2.9-cuda12.8', diskGb: 100, sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf me@laptop', idempotencyKey: 'agent-launch-0001' };
    const estimate = await call(client, 'launch_cost_estimate', { gpuTypeId: 'l4', regionId: 'ca-mtl-1', gpuCount: 1, diskGb: 100 });
    expect(estimate.isError, text(estimate)).toBeFalsy();
    const first = await call(client, 'launch_pod', args);
    expect(first.isError, text(first)).toBeFalsy();
    const again = await call(client, 'launch_pod', args);
    expect(again.structuredContent).toMatchObject({ replayed: true, idempotencyKey: 'agent-launch-0001', pod: { id: (first.structuredContent.pod as Pod).id } });
    const pod = first.structuredContent.pod as Pod & { gpuRate: { microUsdPerHour: number }; autoStopIdleMinutes: number };
    expect(pod.autoStopIdleMinutes).toBe(60);
    expect((estimate.structuredContent.gpuRate as { microUsdPerHour: number }).microUsdPerHour).toBe(pod.gpuRate.microUsdPerHour);
    const launches = await maya.call<{ items: AuditEntry[] }>('GET', '/v1/audit-log?action=pod.launch&limit=50');
    expect(launches.body.items.filter((e) => e.targetId === pod.id)).toEqual([expect.objectContaining({ actorKind: 'token', tokenName: tokenNames.anaWrite })]);
  });

  it('applies a cheaper tier by launching the replacement, and refuses what only a person can agree', async () => {
    const client = await overHttp(secrets.anaWrite);
    const tiers = await bearer<{ items: Array<{ id: string; kind: string; ownerIds: string[]; podIds: string[]; action: { type: string; launch?: { replacesPodId: string; gpuTypeId: string } } }> }>(secrets.anaWrite, 'GET', '/v1/recommendations?kind=gpu-tier&limit=100');
    const tier = tiers.body.items.find((r) => r.ownerIds.includes('u-ana') && r.action.type === 'launch')!;
    expect(tier).toBeDefined();
    const applied = await call(client, 'apply_recommendation', { recommendationId: tier.id });
    expect(applied.isError, text(applied)).toBeFalsy();
    expect(applied.structuredContent).toMatchObject({ applied: 'launch', replacesPodId: tier.podIds[0], pod: { gpuTypeId: tier.action.launch!.gpuTypeId }, idempotencyKey: expect.any(String) });
    const launches = await maya.call<{ items: AuditEntry[] }>('GET', '/v1/audit-log?action=pod.launch&limit=50');
    expect(launches.body.items.find((e) => e.targetId === (applied.structuredContent.pod as Pod).id)).toMatchObject({ actorKind: 'token', tokenName: tokenNames.anaWrite });

    const commitments = await bearer<{ items: Array<{ id: string }> }>(secrets.mayaRead, 'GET', '/v1/recommendations?kind=commitment&limit=1');
    const commitment = commitments.body.items[0]!;
    const refused = await call(client, 'apply_recommendation', { recommendationId: commitment.id });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(/agreed with the provider/);
  });

  it('keeps to the token’s organization', async () => {
    const client = await overHttp(secrets.orbit);
    const listed = await call(client, 'list_pods', { limit: 100 });
    expect(listed.isError).toBeFalsy();
    const ids = (listed.structuredContent.pods as Pod[]).map((p) => p.id);
    expect(ids.length).toBeGreaterThan(0);
    for (const lumen of anaPods) expect(ids).not.toContain(lumen);
    const foreign = await call(client, 'get_pod', { podId: anaPods[0]! });
    expect(foreign.isError).toBe(true);
    expect(text(foreign)).toMatch(/HTTP 40[34]/);
    const waste = await call(client, 'waste_summary', {});
    expect((waste.structuredContent.scope as { name: string }).name).not.toMatch(/Lumen/);
  });

  it('prices egress with the price book, and says which places it knows', async () => {
    const client = await overHttp(secrets.mayaRead);
    const estimate = await call(client, 'egress_estimate', { from: 'northlight:ca-mtl-1', to: 'internet', volume: 5, unit: 'TB', cadence: 'monthly', months: 3 });
    expect(estimate.isError, text(estimate)).toBeFalsy();
    const path = estimate.structuredContent.path as { total: { cents: number }; monthly: Array<{ cents: number }> };
    expect(path.monthly).toHaveLength(3);
    expect(path.total.cents).toBe(path.monthly.reduce((a, m) => a + m.cents, 0));
    const unknown = await call(client, 'egress_estimate', { from: 'mars:olympus-1', to: 'internet', volume: 1 });
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toMatch(/northlight:ca-mtl-1/);
  });
});
