/**
 * Action links in notification e-mails (issue 16, point 1): under a pod-idle mail, "Keep it running
 * 2 more hours" and "Stop it now".
 *
 * - **Made with the mail.** When an e-mail carrying `actionsOnPod` is queued (notify-outbox.ts, in
 *   the transaction of the change that caused it), each action gets a secret `nla_…` (32 random
 *   bytes); `action_links` keeps its SHA-256 only (migrations/012-action-links.sql). The secret rides
 *   in the outbox row's payload, so every try of the mail carries the same links, and is dropped
 *   from it once the mail is delivered or given up (notify-worker.ts).
 * - **In the fragment.** The link is `<console>/pod-action#nla_…`: browsers never send a fragment
 *   to a server, and the page (features/notifications/routes) asks before acting, so a mail
 *   scanner that follows links changes nothing.
 * - **Once.** The first use spends every link of the same mail (both actions); a second visit is
 *   told what the first did. A use that the server could not complete (5xx) is given back.
 * - **Expires** 24 hours after the mail was queued (wall clock, like sessions).
 * - **Bound to the recipient.** It acts as the person it was sent to, with their role and projects
 *   as they are now: removing the person removes their links; a browser signed in as someone else
 *   is refused. The operation is the console's own (POST /v1/pods/{id}/keep-running or /stop, run
 *   by server/api.ts through the same path as any request), and the audit log names the person.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Schemas } from '../src/cloud/api-types';
import type { CloudRequest, CloudResponse } from '../src/cloud/http';
import type { OutboxRecord } from '../src/cloud/model';
import { unknownActionLink } from '../src/cloud/ops/action-links';
import { problem, type Problem } from '../src/cloud/problem';
import type { Database, Tx } from './db';
import type { Session } from './sessions';

export const ACTION_LINK_PREFIX = 'nla_';
export const ACTION_LINK_TTL_MS = 24 * 60 * 60_000;
/** "Keep it running" pauses auto-stop's countdown this long (the console's button pauses it an hour). */
export const KEEP_RUNNING_MINUTES = 120;
export type LinkAction = 'keep-running' | 'stop';
export const LINK_ACTIONS: readonly LinkAction[] = ['keep-running', 'stop'];

/** What an outbox row's payload carries until the mail is delivered. */
export interface PayloadAction {
  action: LinkAction;
  secret: string;
}

export const hashLinkSecret = (secret: string): string => createHash('sha256').update(secret).digest('base64url');
const newLinkSecret = (): string => ACTION_LINK_PREFIX + randomBytes(32).toString('base64url');

/** The secrets for an e-mail record that carries actions (none for the others). */
export function mintActions(record: OutboxRecord): PayloadAction[] {
  if (record.channel !== 'email' || !record.actionsOnPod || !record.userId) return [];
  return LINK_ACTIONS.map((action) => ({ action, secret: newLinkSecret() }));
}

/** Keeps the hashes of the links of the mails that were queued (not those already queued before). */
export async function storeActionLinks(
  tx: Tx,
  orgId: string,
  queued: ReadonlyArray<{ record: OutboxRecord; actions: readonly PayloadAction[] }>,
  nowMs: number,
): Promise<void> {
  const rows = queued.flatMap(({ record, actions }) => actions.map((a) => ({ record, a })));
  if (rows.length === 0) return;
  const params: unknown[] = [orgId, nowMs, nowMs + ACTION_LINK_TTL_MS];
  const tuples = rows.map(({ record, a }) => {
    const cells = [hashLinkSecret(a.secret), record.userId, record.eventId, record.actionsOnPod, a.action].map((v) => {
      params.push(v);
      return `$${params.length}`;
    });
    return `(${cells.join(', ')}, $1, $2, $3)`;
  });
  await tx.query(
    `INSERT INTO action_links (token_hash, user_id, event_id, pod_id, action, org_id, created_at_ms, expires_at_ms) VALUES ${tuples.join(', ')} ON CONFLICT (token_hash) DO NOTHING`,
    params,
  );
}

/** A link as found by its secret. */
export interface FoundLink {
  tokenHash: string;
  orgId: string;
  userId: string;
  userEmail: string;
  eventId: string;
  podId: string;
  action: LinkAction;
  expiresAtMs: number;
  /** When this mail's links were used (by either action), and what that did. */
  usedAtMs: number | null;
  usedAction: LinkAction | null;
  outcome: string | null;
}

export async function findLink(db: Database | Tx, secret: string): Promise<FoundLink | null> {
  if (!secret.startsWith(ACTION_LINK_PREFIX) || secret.length > 128) return null;
  const [row] = await db.query(
    `SELECT l.token_hash, l.org_id, l.user_id, u.email, l.event_id, l.pod_id, l.action, l.expires_at_ms, used.used_at_ms, used.action AS used_action, used.outcome
       FROM action_links l
       JOIN users u ON u.org_id = l.org_id AND u.id = l.user_id
       LEFT JOIN LATERAL (
         SELECT s.used_at_ms, s.action, s.outcome FROM action_links s
          WHERE s.org_id = l.org_id AND s.event_id = l.event_id AND s.user_id = l.user_id AND s.used_at_ms IS NOT NULL
          ORDER BY s.used_at_ms LIMIT 1) used ON true
      WHERE l.token_hash = $1`,
    [hashLinkSecret(secret)],
  );
  if (!row) return null;
  return {
    tokenHash: String(row.token_hash),
    orgId: String(row.org_id),
    userId: String(row.user_id),
    userEmail: String(row.email),
    eventId: String(row.event_id),
    podId: String(row.pod_id),
    action: row.action === 'stop' ? 'stop' : 'keep-running',
    expiresAtMs: Number(row.expires_at_ms),
    usedAtMs: row.used_at_ms === null || row.used_at_ms === undefined ? null : Number(row.used_at_ms),
    usedAction: row.used_action === null || row.used_action === undefined ? null : row.used_action === 'stop' ? 'stop' : 'keep-running',
    outcome: row.outcome === null || row.outcome === undefined ? null : String(row.outcome),
  };
}

/**
 * Spends a mail's links for this one: true when they were all still unused (two clicks at once:
 * one wins; the mail's links are locked while it decides).
 */
export async function claimLink(db: Database, link: FoundLink, nowMs: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const siblings = await tx.query('SELECT used_at_ms FROM action_links WHERE org_id = $1 AND event_id = $2 AND user_id = $3 FOR UPDATE', [link.orgId, link.eventId, link.userId]);
    if (siblings.some((r) => r.used_at_ms !== null)) return false;
    await tx.query('UPDATE action_links SET used_at_ms = $2 WHERE token_hash = $1', [link.tokenHash, nowMs]);
    return true;
  });
}

export async function recordOutcome(db: Database | Tx, link: FoundLink, outcome: string): Promise<void> {
  await db.query('UPDATE action_links SET outcome = $2 WHERE token_hash = $1', [link.tokenHash, outcome.slice(0, 500)]);
}

/** Gives a use back (the operation failed on the server's side): the links work again. */
export async function releaseLink(db: Database | Tx, link: FoundLink): Promise<void> {
  await db.query('UPDATE action_links SET used_at_ms = NULL, outcome = NULL WHERE token_hash = $1', [link.tokenHash]);
}

// --- the two calls (server/api.ts wires them; no session needed) ---


export interface ActionLinkDeps {
  db: Database;
  wallNow: () => number;
  /** Runs a cloud call as a person (their role and projects now), as any request is run. */
  runAs: (principal: Session, call: CloudRequest) => Promise<CloudResponse>;
}

const answer = (p: Problem): CloudResponse => ({ status: p.status, body: p.body });
const iso = (ms: number): string => new Date(ms).toISOString();
const asRecipient = (link: FoundLink): Session => ({ tokenHash: '', orgId: link.orgId, userId: link.userId, actingUserId: null, csrfHash: '' });
const call = (method: string, path: string, body?: unknown): CloudRequest => ({
  method,
  path,
  query: new URLSearchParams(),
  headers: new Headers(body === undefined ? {} : { 'content-type': 'application/json' }),
  body,
});

function linkState(link: FoundLink, nowMs: number): 'ready' | 'used' | 'expired' {
  return link.usedAtMs !== null ? 'used' : link.expiresAtMs <= nowMs ? 'expired' : 'ready';
}

/** POST /v1/auth/action-links/preview: what the link would do, and whether it still works. */
export async function previewActionLink(deps: ActionLinkDeps, secret: string): Promise<CloudResponse> {
  const link = await findLink(deps.db, secret);
  if (!link) return answer(unknownActionLink());
  const pod = await deps.runAs(asRecipient(link), call('GET', `/v1/pods/${encodeURIComponent(link.podId)}`));
  if (pod.status !== 200) return pod;
  const detail = pod.body as Schemas['PodDetail'];
  const body: Schemas['ActionLinkPreview'] = {
    action: link.action,
    podId: link.podId,
    podName: detail.name,
    podStatus: detail.status,
    recipientEmail: link.userEmail,
    keepRunningMinutes: KEEP_RUNNING_MINUTES,
    expiresAt: iso(link.expiresAtMs),
    state: linkState(link, deps.wallNow()),
    usedAt: link.usedAtMs === null ? null : iso(link.usedAtMs),
    usedAction: link.usedAction,
    outcome: link.outcome,
  };
  return { status: 200, body };
}

/**
 * POST /v1/auth/action-links/use: once, as the recipient. `signedIn` is the browser's session, if
 * any: someone else's is refused (the link is theirs to use, not a way into their account).
 */
export async function useActionLink(deps: ActionLinkDeps, secret: string, signedIn: Session | null): Promise<CloudResponse> {
  const link = await findLink(deps.db, secret);
  if (!link) return answer(unknownActionLink());
  if (signedIn && (signedIn.orgId !== link.orgId || signedIn.userId !== link.userId)) {
    return answer(
      problem(403, 'action-link-not-yours', 'This link is someone else’s', `It was sent to ${link.userEmail}, and this browser is signed in as someone else. Open it where ${link.userEmail} reads mail, or sign out first.`),
    );
  }
  const nowMs = deps.wallNow();
  const state = linkState(link, nowMs);
  if (state === 'used') return answer(usedProblem(link));
  if (state === 'expired') {
    return answer(problem(410, 'action-link-expired', 'This link has expired', `Links in a notification work for 24 hours; this one expired at ${iso(link.expiresAtMs).slice(0, 16).replace('T', ' ')} UTC. Open the pod in the console instead.`));
  }
  if (!(await claimLink(deps.db, link, nowMs))) {
    const again = await findLink(deps.db, secret);
    return answer(usedProblem(again ?? link));
  }
  const path = `/v1/pods/${encodeURIComponent(link.podId)}/${link.action}`;
  let res: CloudResponse;
  try {
    res = await deps.runAs(asRecipient(link), link.action === 'keep-running' ? call('POST', path, { snoozeMinutes: KEEP_RUNNING_MINUTES }) : call('POST', path));
  } catch (e) {
    await releaseLink(deps.db, link);
    throw e;
  }
  if (res.status >= 500) {
    await releaseLink(deps.db, link);
    return res;
  }
  if (res.status >= 400) {
    // The pod moved on (stopped already, auto-stop off): the link is spent, and says why.
    const detail = (res.body as { detail?: string } | undefined)?.detail ?? 'The pod could not be changed.';
    await recordOutcome(deps.db, link, detail);
    return res;
  }
  const pod = res.body as Schemas['PodDetail'];
  const outcome =
    link.action === 'keep-running'
      ? `Kept ${pod.name} running: its auto-stop countdown is paused for ${KEEP_RUNNING_MINUTES / 60} hours.`
      : `Stopped ${pod.name}: its GPUs are released and its disk is kept.`;
  await recordOutcome(deps.db, link, outcome);
  const body: Schemas['ActionLinkResult'] = { action: link.action, podId: link.podId, podName: pod.name, outcome, pod };
  return { status: 200, body };
}

function usedProblem(link: FoundLink): Problem {
  const when = link.usedAtMs === null ? '' : ` at ${iso(link.usedAtMs).slice(0, 16).replace('T', ' ')} UTC`;
  return problem(410, 'action-link-used', 'This link was used already', `The links in this e-mail work once, and one was used${when}${link.outcome ? `: ${link.outcome}` : '.'}`);
}
