/**
 * Action links in notification e-mails (issue 16): a pod that goes idle gets its owner a mail with
 * "Keep it running 2 more hours" and "Stop it now" links, received by an in-process SMTP server
 * (smtp-server) and read with mailparser. A link works once (both links of a mail are spent by the
 * first use), expires after 24 hours, acts as the person it was sent to through the console's own
 * operation (the audit log names them), refuses a browser signed in as someone else, and stops
 * working when its recipient leaves. Only the secrets' hashes are stored, and the secrets leave
 * the outbox with the mail.
 */
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_LINK_TTL_MS, hashLinkSecret, KEEP_RUNNING_MINUTES } from './action-links';
import { memoryLogger } from './log';
import { startNotifyWorker } from './notify-worker';
import { startTestServer, type ApiClient, type TestServer } from './testing/harness';
import { recipientOf, startSmtpSink, type SmtpSink } from './testing/smtp-sink';

const CONSOLE = 'https://console.lumen.example';
const ED25519_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf me@laptop';
const MINUTE = 60_000;
let realNow = 1_800_000_000_000;
let wallShift = 0;
let server: TestServer;
let maya: ApiClient;
let ana: ApiClient;
let smtp: SmtpSink;
let smtpUrl: string;

beforeAll(async () => {
  smtp = await startSmtpSink();
  smtpUrl = smtp.url;
  server = await startTestServer({ realNow: () => realNow, wallNow: () => Date.now() + wallShift });
  [maya, ana] = await Promise.all([server.signIn('maya@lumen.example'), server.signIn('ana@lumen.example')]);
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

interface Pod {
  id: string;
  name: string;
  status: string;
  autoStop: { idleSince: string | null; stopsAt: string | null; snoozedUntil: string | null } | null;
}

/** Launches a pod of the client's with a 30-minute auto-stop, and moves the clock until its GPUs are idle and the stop is scheduled. */
async function idlePod(client: ApiClient, name: string): Promise<Pod> {
  const launch = await client.call<Pod>(
    'POST',
    '/v1/pods',
    { name, projectId: 'p-vision', gpuTypeId: 'l40s', gpuCount: 1, regionId: 'ca-mtl-1', imageId: 'pytorch-2.9-cuda12.8', diskGb: 100, autoStopIdleMinutes: 30, sshPublicKey: ED25519_KEY },
    { 'Idempotency-Key': crypto.randomUUID() },
  );
  expect(launch.status, JSON.stringify(launch.body)).toBe(201);
  for (let i = 0; i < 200; i++) {
    realNow += 5 * MINUTE;
    // The notification centre's read runs the reconcilers, as the background one would.
    const told = (await client.call<{ items: { link: string | null; kind: string }[] }>('GET', '/v1/notifications?limit=50')).body.items;
    if (told.some((n) => n.kind === 'pod.idle' && n.link === `/pods/${launch.body.id}`)) return (await client.call<Pod>('GET', `/v1/pods/${launch.body.id}`)).body;
  }
  throw new Error(`${name} never went idle`);
}

async function deliverMails(): Promise<void> {
  const worker = startNotifyWorker({ db: server.db, log: memoryLogger(), smtpUrl, from: 'Northlight <notifications@northlight.example>', consoleUrl: CONSOLE, now: () => Date.now(), random: () => 0.5 });
  for (;;) {
    const r = await worker.runOnce();
    if (r.delivered + r.failed === 0) break;
  }
  await worker.stop();
}

const to = recipientOf;
const idleMailOf = (pod: Pod): ParsedMail | undefined => smtp.received.find((m) => String(m.headers.get('x-northlight-event')).startsWith(`idle:${pod.id}:`));
/** The secret after "#" of the link labelled so, in the mail's plain text. */
function secretIn(mail: ParsedMail, label: RegExp): string {
  const line = (mail.text ?? '').split('\n').find((l) => label.test(l)) ?? '';
  const match = /\/pod-action#(nla_[A-Za-z0-9_-]+)/.exec(line);
  if (!match?.[1]) throw new Error(`no link for ${String(label)} in: ${mail.text ?? ''}`);
  return match[1];
}

const anonymous = () => server.client();

describe('action links in an idle pod’s e-mail', () => {
  it('keeps the pod running once, as its owner, from a mail that carries both links; the second use is refused', async () => {
    const pod = await idlePod(maya, 'mail-keep');
    await deliverMails();
    const mail = idleMailOf(pod);
    expect(mail, 'the idle mail reached its owner').toBeDefined();
    expect(to(mail!)).toBe('maya@lumen.example');
    expect(mail!.text).toContain(`Keep it running ${KEEP_RUNNING_MINUTES / 60} more hours: ${CONSOLE}/pod-action#nla_`);
    expect(mail!.text).toContain(`Stop it now: ${CONSOLE}/pod-action#nla_`);
    expect(mail!.html || '').toContain('Keep it running 2 more hours</a>');
    const keep = secretIn(mail!, /^Keep it running/);
    const stop = secretIn(mail!, /^Stop it now/);

    // Only hashes are stored, and the delivered row no longer carries the secrets.
    const stored = await server.db.query<{ token_hash: string; action: string; user_id: string }>('SELECT token_hash, action, user_id FROM action_links WHERE pod_id = $1 ORDER BY action', [pod.id]);
    expect(stored.map((r) => [r.action, r.user_id])).toEqual([
      ['keep-running', 'u-maya'],
      ['stop', 'u-maya'],
    ]);
    expect(stored.map((r) => r.token_hash).sort()).toEqual([hashLinkSecret(keep), hashLinkSecret(stop)].sort());
    const [row] = await server.db.query<{ payload: unknown }>("SELECT payload FROM notification_outbox WHERE event_id LIKE $1 AND channel = 'email'", [`idle:${pod.id}:%`]);
    expect(JSON.stringify(row?.payload)).not.toContain('nla_');

    // The page's preview: what it will do, for whom, until when; nothing changes yet.
    const preview = await anonymous().call<{ action: string; podName: string; recipientEmail: string; state: string; expiresAt: string; podStatus: string }>('POST', '/v1/auth/action-links/preview', { token: keep });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ action: 'keep-running', podName: 'mail-keep', recipientEmail: 'maya@lumen.example', state: 'ready', podStatus: 'running' });
    expect((await maya.call<Pod>('GET', `/v1/pods/${pod.id}`)).body.autoStop?.snoozedUntil).toBeNull();

    // Used with no session at all (a phone's mail app): the console's keep-running, as Maya.
    const used = await anonymous().call<{ outcome: string; pod: Pod }>('POST', '/v1/auth/action-links/use', { token: keep });
    expect(used.status, JSON.stringify(used.body)).toBe(200);
    expect(used.body.outcome).toBe('Kept mail-keep running: its auto-stop countdown is paused for 2 hours.');
    const after = (await maya.call<Pod>('GET', `/v1/pods/${pod.id}`)).body;
    // Paused 2 hours from now (a moment after the GPUs went idle and before the stop was due).
    const until = Date.parse(after.autoStop?.snoozedUntil ?? '');
    expect(until).toBeGreaterThan(Date.parse(pod.autoStop!.idleSince!) + KEEP_RUNNING_MINUTES * MINUTE);
    expect(until).toBeLessThanOrEqual(Date.parse(pod.autoStop!.stopsAt!) + KEEP_RUNNING_MINUTES * MINUTE);
    expect(after.autoStop?.stopsAt).toBeNull();
    const log = await maya.call<{ items: { action: string; targetId: string; actorName: string }[] }>('GET', '/v1/audit-log?action=pod.keep-running&limit=50');
    expect(log.body.items.find((e) => e.targetId === pod.id)?.actorName).toBe('Maya Chen');

    // Once: the same link again, and the mail's other link, are refused in words; the pod keeps running.
    const again = await anonymous().call<{ type: string; detail: string }>('POST', '/v1/auth/action-links/use', { token: keep });
    expect(again.status).toBe(410);
    expect(again.body.type).toMatch(/action-link-used$/);
    expect(again.body.detail).toContain('Kept mail-keep running');
    const sibling = await anonymous().call<{ type: string }>('POST', '/v1/auth/action-links/use', { token: stop });
    expect(sibling.status).toBe(410);
    expect((await maya.call<Pod>('GET', `/v1/pods/${pod.id}`)).body.status).toBe('running');
    const seen = await anonymous().call<{ state: string; usedAction: string; outcome: string }>('POST', '/v1/auth/action-links/preview', { token: stop });
    expect(seen.body).toMatchObject({ state: 'used', usedAction: 'keep-running' });
  });

  it('stops the pod with the other link, refuses a browser signed in as someone else, and does nothing for an unknown link', async () => {
    const pod = await idlePod(maya, 'mail-stop');
    await deliverMails();
    const stop = secretIn(idleMailOf(pod)!, /^Stop it now/);

    // Ana is signed in in this browser: the link is Maya's, not a way to act as her.
    const refused = await ana.call<{ type: string; detail: string }>('POST', '/v1/auth/action-links/use', { token: stop });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('It was sent to maya@lumen.example');
    expect((await maya.call<Pod>('GET', `/v1/pods/${pod.id}`)).body.status).toBe('running');

    // Maya's own browser may use it.
    const used = await maya.call<{ outcome: string; pod: Pod }>('POST', '/v1/auth/action-links/use', { token: stop });
    expect(used.status, JSON.stringify(used.body)).toBe(200);
    expect(used.body.outcome).toBe('Stopped mail-stop: its GPUs are released and its disk is kept.');
    expect(['stopping', 'stopped']).toContain(used.body.pod.status);

    for (const token of ['nla_not-a-link-at-all', `${stop}x`]) {
      const unknown = await anonymous().call<{ type: string }>('POST', '/v1/auth/action-links/use', { token });
      expect(unknown.status).toBe(404);
      expect(unknown.body.type).toMatch(/action-link-unknown$/);
    }
  });

  it('expires after 24 hours, and stops working when the person it was sent to leaves', async () => {
    const pod = await idlePod(ana, 'mail-late');
    await deliverMails();
    const mail = idleMailOf(pod)!;
    expect(to(mail)).toBe('ana@lumen.example');
    const keep = secretIn(mail, /^Keep it running/);

    wallShift = ACTION_LINK_TTL_MS + MINUTE;
    try {
      const late = await anonymous().call<{ type: string; detail: string }>('POST', '/v1/auth/action-links/use', { token: keep });
      expect(late.status).toBe(410);
      expect(late.body.type).toMatch(/action-link-expired$/);
      expect((await anonymous().call<{ state: string }>('POST', '/v1/auth/action-links/preview', { token: keep })).body.state).toBe('expired');
    } finally {
      wallShift = 0;
    }

    const removed = await maya.call('DELETE', '/v1/members/u-ana');
    expect(removed.status, JSON.stringify(removed.body)).toBe(204);
    const gone = await anonymous().call<{ type: string }>('POST', '/v1/auth/action-links/preview', { token: keep });
    expect(gone.status).toBe(404);
  });
});
