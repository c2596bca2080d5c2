/**
 * Capacity watches on the real server (issue 16): an engineer watches B200s in Montréal while every
 * one is taken; when an admin stops the pods that hold them and simulated time passes a reconcile,
 * she finds one capacity.available in her notification centre and receives one e-mail (delivered by
 * server/notify-worker.ts to an in-process SMTP server) with the launch link; the watch is gone. No
 * one of the other organization hears of it, sees her watch or can remove it.
 */
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNotifyWorker } from './notify-worker';
import { memoryLogger } from './log';
import { startTestServer, type ApiClient, type TestServer } from './testing/harness';
import { recipientOf, startSmtpSink, type SmtpSink } from './testing/smtp-sink';

const CONSOLE = 'https://console.lumen.example';
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf me@laptop';
let server: TestServer;
let maya: ApiClient;
let ana: ApiClient;
let ines: ApiClient;
let hana: ApiClient;
let smtp: SmtpSink;
let smtpUrl: string;

beforeAll(async () => {
  smtp = await startSmtpSink();
  smtpUrl = smtp.url;
  server = await startTestServer();
  [maya, ana, ines, hana] = await Promise.all([server.signIn('maya@lumen.example'), server.signIn('ana@lumen.example'), server.signIn('ines@orbit.example'), server.signIn('hana@orbit.example')]);
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

const to = recipientOf;
const eventOf = (m: ParsedMail): string => String(m.headers.get('x-northlight-event'));

interface Watch {
  id: string;
  gpuTypeId: string;
  regionId: string;
  gpuCount: number;
}
interface NotificationPage {
  items: Array<{ eventId: string; kind: string; title: string; link: string | null }>;
}

async function launchB200(name: string): Promise<string> {
  const body = { name, projectId: 'p-vision', gpuTypeId: 'b200', gpuCount: 2, regionId: 'ca-mtl-1', imageId: 'pytorch-2.9-cuda12.8', diskGb: 100, autoStopIdleMinutes: null, sshPublicKey: KEY };
  const res = await maya.call<{ id: string }>('POST', '/v1/pods', body, { 'Idempotency-Key': `capacity-${name}` });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

const capacityNotices = async (client: ApiClient) => (await client.call<NotificationPage>('GET', '/v1/notifications?limit=200')).body.items.filter((n) => n.kind === 'capacity.available');

describe('capacity watches on the server', () => {
  it('tells the watcher in the console and by e-mail when the GPUs free up, once; the other organization hears nothing', async () => {
    // Montréal's 4 B200s, all taken.
    const pods = [await launchB200('mtl-a'), await launchB200('mtl-b')];
    const refused = await ana.call<{ type: string }>('POST', '/v1/pods', { name: 'mtl-c', projectId: 'p-vision', gpuTypeId: 'b200', gpuCount: 2, regionId: 'ca-mtl-1', imageId: 'pytorch-2.9-cuda12.8', diskGb: 100, autoStopIdleMinutes: null, sshPublicKey: KEY }, { 'Idempotency-Key': 'capacity-mtl-c' });
    expect(refused.status).toBe(409);

    const made = await ana.call<Watch>('POST', '/v1/capacity-watches', { gpuTypeId: 'b200', regionId: 'ca-mtl-1', gpuCount: 2 });
    expect(made.status).toBe(201);
    expect((await ana.call<Watch>('POST', '/v1/capacity-watches', { gpuTypeId: 'b200', regionId: 'ca-mtl-1', gpuCount: 2 })).body.id).toBe(made.body.id);
    expect((await ana.call<{ items: Watch[] }>('GET', '/v1/capacity-watches')).body.items.map((w) => w.id)).toEqual([made.body.id]);
    // The contract bounds the body before the cloud sees it; the cloud names what it does not offer.
    expect((await ana.call<{ errors: Array<{ field: string }> }>('POST', '/v1/capacity-watches', { gpuTypeId: 'b200', regionId: 'ca-tor-1' })).body.errors.map((e) => e.field)).toEqual(['regionId']);
    expect((await ana.call('POST', '/v1/capacity-watches', { gpuTypeId: 'b200', regionId: 'x'.repeat(129) })).status).toBe(400);

    // The other organization neither sees her watch nor can remove it.
    expect((await hana.call<{ items: Watch[] }>('GET', '/v1/capacity-watches')).body.items).toEqual([]);
    expect((await hana.call('DELETE', `/v1/capacity-watches/${made.body.id}`)).status).toBe(404);
    expect((await maya.call('DELETE', `/v1/capacity-watches/${made.body.id}`)).status).toBe(404);

    // Nothing is free yet: a minute later, nothing.
    expect((await maya.call('POST', '/v1/simulation/advance', { durationMs: 2 * 60_000 })).status).toBe(200);
    expect(await capacityNotices(ana)).toEqual([]);

    // The admin stops one pod: two B200s free, as many as she asked for.
    expect((await maya.call('POST', `/v1/pods/${pods[0]}/stop`)).status).toBe(200);
    expect((await maya.call('POST', '/v1/simulation/advance', { durationMs: 2 * 60_000 })).status).toBe(200);
    const told = await capacityNotices(ana);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ eventId: `capacity:${made.body.id}`, title: 'NVIDIA B200 (HGX) is available in Montréal', link: '/pods/new?gpuTypeId=b200&regionId=ca-mtl-1' });
    expect((await ana.call<{ items: Watch[] }>('GET', '/v1/capacity-watches')).body.items).toEqual([]);
    for (const other of [maya, ines, hana]) expect(await capacityNotices(other)).toEqual([]);

    // Her e-mail, and only hers.
    const rows = await server.db.query<{ org_id: string; recipient: string }>(`SELECT org_id, recipient FROM notification_outbox WHERE event_id = $1`, [`capacity:${made.body.id}`]);
    expect(rows).toEqual([{ org_id: 'org-lumen', recipient: 'ana@lumen.example' }]);
    const w = startNotifyWorker({ db: server.db, log: memoryLogger(), smtpUrl, from: 'Northlight <notifications@northlight.example>', consoleUrl: CONSOLE, now: () => 1_800_000_000_000, random: () => 0.5 });
    for (;;) {
      const r = await w.runOnce();
      if (r.delivered + r.failed === 0) break;
    }
    await w.stop();
    const mails = smtp.received.filter((m) => eventOf(m) === `capacity:${made.body.id}`);
    expect(mails.map(to)).toEqual(['ana@lumen.example']);
    expect(mails[0]!.subject).toBe('NVIDIA B200 (HGX) is available in Montréal');
    expect(mails[0]!.text).toContain(`${CONSOLE}/pods/new?gpuTypeId=b200&regionId=ca-mtl-1`);
    expect(smtp.received.filter((m) => to(m).endsWith('@orbit.example') && eventOf(m).startsWith('capacity:'))).toEqual([]);

    // Later passes tell her nothing more.
    expect((await maya.call('POST', '/v1/simulation/advance', { durationMs: 5 * 60_000 })).status).toBe(200);
    expect(await capacityNotices(ana)).toHaveLength(1);
    expect((await server.db.query('SELECT 1 FROM notification_outbox WHERE event_id = $1', [`capacity:${made.body.id}`])).length).toBe(1);
  });
});
