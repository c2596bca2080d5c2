/**
 * Notifications (issue 16, point 1): the events the cloud already makes, told to the people they
 * concern, created where the event is made (the reconcilers), the same for the simulator and the
 * server.
 *
 * - Each event has a stable id derived from its cause (`budget-alert:<alertId>:<firedAtMs>`,
 *   `auto-stop:<podId>:<atMs>`, `idle:<podId>:<stopAtMs>`, `policy-stop:<podId>:<atMs>`), so a
 *   reconciler that runs again, or two instances that catch up the same minute, notify once.
 * - Who gets what:
 *   - pod events (idle with its auto-stop scheduled, auto-stopped, stopped by a budget): the pod's owner;
 *   - a budget's threshold crossed: admins, finance and the engineers of the budget's project;
 *   - a budget's policy acting (stopping idle pods, blocking launches): the same, and for the
 *     organization's budget every engineer (it acts on all of them).
 * - Each person chooses per kind and channel (console, email, webhook); `notificationPreferences`
 *   keeps only what differs from DEFAULT_PREFERENCES. The console's record goes to
 *   state.notifications (bounded per person: MAX_KEPT_PER_USER); an e-mail goes to
 *   state.notificationOutbox, which the server appends to its outbox table in the same
 *   transaction (server/state-store.ts) and its worker delivers (server/notify-worker.ts).
 */
import type { BudgetAlert } from '../domain/budgets';
import type { CloudContext } from './context';
import { hashString } from './rng';
import type {
  CloudState,
  NotificationChannel,
  NotificationKind,
  NotificationPreferenceOverrides,
  NotificationRecord,
  OutboxRecord,
  Pod,
  User,
} from './model';

export const NOTIFICATION_KINDS: readonly NotificationKind[] = [
  'pod.idle',
  'pod.auto-stopped',
  'pod.launch-failed',
  'budget.threshold',
  'budget.acting',
  'egress.threshold',
  'capacity.available',
  'recommendation.saving',
  'webhook.disabled',
];
export const NOTIFICATION_CHANNELS: readonly NotificationChannel[] = ['console', 'email', 'webhook'];

/** In words, for the preferences and the e-mails. */
export const KIND_LABEL: Record<NotificationKind, string> = {
  'pod.idle': 'A pod of mine is idle and will be auto-stopped',
  'pod.auto-stopped': 'A pod of mine was auto-stopped',
  'pod.launch-failed': 'A pod of mine failed to launch or start',
  'budget.threshold': 'A budget crossed an alert threshold',
  'budget.acting': 'A budget’s policy acts (stops idle pods, blocks launches)',
  'egress.threshold': 'A project’s internet egress crossed its warning threshold',
  'capacity.available': 'A GPU I asked to be told about is available again',
  'recommendation.saving': 'A recommendation would save more than my amount a month',
  'webhook.disabled': 'A webhook was disabled after a day of failed deliveries (admins)',
};

/** Everything in the console and by e-mail; the organization's webhooks carry every kind. */
export const DEFAULT_PREFERENCES: Record<NotificationKind, Record<NotificationChannel, boolean>> = {
  'pod.idle': { console: true, email: true, webhook: true },
  'pod.auto-stopped': { console: true, email: true, webhook: true },
  'pod.launch-failed': { console: true, email: true, webhook: true },
  'budget.threshold': { console: true, email: true, webhook: true },
  'budget.acting': { console: true, email: true, webhook: true },
  'egress.threshold': { console: true, email: true, webhook: true },
  'capacity.available': { console: true, email: true, webhook: true },
  'recommendation.saving': { console: true, email: true, webhook: true },
  'webhook.disabled': { console: true, email: true, webhook: true },
};

/** The simulator keeps a person's newest notifications (its state lives in localStorage); so does the server's state. */
export const MAX_KEPT_PER_USER = 200;
/** The simulator's outbox shows the latest deliveries it would have made; a server's state holds only its request's. */
export const MAX_OUTBOX_KEPT = 200;

export function preferenceOf(overrides: NotificationPreferenceOverrides | undefined, kind: NotificationKind, channel: NotificationChannel): boolean {
  return overrides?.[kind]?.[channel] ?? DEFAULT_PREFERENCES[kind][channel];
}

export interface NotificationEvent {
  eventId: string;
  kind: NotificationKind;
  atMs: number;
  title: string;
  body: string;
  link: string | null;
  projectId: string | null;
  /** E-mails carry action links for this pod ("keep it running", "stop it now"). */
  actionsOnPod?: string;
}

/**
 * A notification's id: its time (readers order by time, then id) and a 64-bit hash of its event
 * and recipient, so the same event for the same person has the same id everywhere (a replayed
 * reconciler, another server instance, a seeded world built twice).
 */
export function notificationId(atMs: number, eventId: string, userId: string): string {
  const key = `${eventId}|${userId}`;
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  return `ntf-${Math.max(0, atMs).toString(36).padStart(9, '0')}-${hex(hashString(key))}${hex(hashString(`${key}|2`))}`;
}

/**
 * Notifies each recipient once per event id, on the channels they keep on. Returns how many
 * records (console and outbox) it made.
 */
export function notify(ctx: CloudContext, event: NotificationEvent, recipients: readonly User[]): number {
  const state = ctx.state;
  let count = 0;
  const seen = new Set(
    recipients.length > 0 ? [...(state.notifications ?? []), ...(state.notificationOutbox ?? [])].filter((n) => n.eventId === event.eventId).map((n) => ('channel' in n ? `${n.channel}|${n.to}` : `console|${n.userId}`)) : [],
  );
  // A server's loaded state holds no outbox (the table is the server's): an event someone already has
  // in the console was queued for every channel with it, when it first happened. Without this, an
  // event re-announced on every reconciler pass (a pod still idle) would be queued again each time.
  const earlier = new Set((state.notifications ?? []).filter((n) => n.eventId === event.eventId).map((n) => n.userId));
  const announced = earlier.size > 0;
  const emailed = (user: User) => earlier.has(user.id);
  const done = new Set<string>();
  for (const user of recipients) {
    if (done.has(user.id)) continue;
    done.add(user.id);
    const prefs = state.notificationPreferences?.[user.id];
    if (preferenceOf(prefs, event.kind, 'console') && !seen.has(`console|${user.id}`)) {
      const list = (state.notifications ??= []);
      list.push({ id: notificationId(event.atMs, event.eventId, user.id), eventId: event.eventId, kind: event.kind, userId: user.id, atMs: event.atMs, title: event.title, body: event.body, link: event.link, projectId: event.projectId, readAtMs: null });
      prune(list, user.id);
      count++;
    }
    if (preferenceOf(prefs, event.kind, 'email') && !seen.has(`email|${user.email}`) && !emailed(user)) {
      const outbox = (state.notificationOutbox ??= []);
      const record: OutboxRecord = { eventId: event.eventId, kind: event.kind, channel: 'email', userId: user.id, to: user.email, atMs: event.atMs, title: event.title, body: event.body, link: event.link };
      if (event.actionsOnPod) record.actionsOnPod = event.actionsOnPod;
      outbox.push(record);
      if (outbox.length > MAX_OUTBOX_KEPT) outbox.splice(0, outbox.length - MAX_OUTBOX_KEPT);
      count++;
    }
  }
  // The organization's webhooks of this kind, once per event, unless everyone it is for turned webhooks off for it.
  const hooks = (state.webhooks ?? []).filter((w) => w.disabledAtMs === null && (w.kinds.length === 0 || w.kinds.includes(event.kind)));
  if (hooks.length > 0 && recipients.some((u) => preferenceOf(state.notificationPreferences?.[u.id], event.kind, 'webhook'))) {
    for (const hook of hooks) {
      if (seen.has(`webhook|${hook.id}`) || announced) continue;
      const outbox = (state.notificationOutbox ??= []);
      outbox.push({ eventId: event.eventId, kind: event.kind, channel: 'webhook', userId: null, to: hook.id, atMs: event.atMs, title: event.title, body: event.body, link: event.link });
      if (outbox.length > MAX_OUTBOX_KEPT) outbox.splice(0, outbox.length - MAX_OUTBOX_KEPT);
      count++;
    }
  }
  return count;
}

function prune(list: NotificationRecord[], userId: string): void {
  let mine = 0;
  for (const n of list) if (n.userId === userId) mine++;
  if (mine <= MAX_KEPT_PER_USER) return;
  // Drop this person's oldest (by time, then id).
  let oldest = -1;
  list.forEach((n, i) => {
    const o = oldest >= 0 ? list[oldest] : undefined;
    if (n.userId === userId && (!o || n.atMs < o.atMs || (n.atMs === o.atMs && n.id < o.id))) oldest = i;
  });
  if (oldest >= 0) list.splice(oldest, 1);
}

// --- who ---

const ownerOf = (state: CloudState, pod: Pod): User[] => state.users.filter((u) => u.id === pod.ownerId);

/** Admins, finance, and the engineers of the project (every engineer for the organization's budget, when it acts). */
export function budgetRecipients(state: CloudState, projectId: string | null, acting: boolean): User[] {
  const members = projectId === null ? null : new Set(state.projects.find((p) => p.id === projectId)?.memberIds ?? []);
  return state.users.filter((u) => u.role !== 'engineer' || (members ? members.has(u.id) : acting));
}

// --- the events ---

const dollars = (cents: number): string => `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const clock = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** A pod's GPUs have been idle and its auto-stop is scheduled (pods-autostop.ts). */
export function notifyIdle(ctx: CloudContext, pod: Pod, idleSinceMs: number, stopAtMs: number): number {
  const minutes = Math.max(0, Math.round((stopAtMs - idleSinceMs) / 60_000));
  return notify(
    ctx,
    {
      eventId: `idle:${pod.id}:${stopAtMs}`,
      kind: 'pod.idle',
      atMs: idleSinceMs,
      title: `${pod.name} is idle: it stops at ${clock(stopAtMs)}`,
      body: `Every GPU of ${pod.name} has been idle since ${clock(idleSinceMs)}. Unless they get busy or you keep it running, auto-stop stops it after ${minutes} idle minutes, at ${clock(stopAtMs)}; its disk is kept.`,
      link: `/pods/${pod.id}`,
      projectId: pod.projectId,
      actionsOnPod: pod.id,
    },
    ownerOf(ctx.state, pod),
  );
}

/** Auto-stop stopped a pod (audit.ts reconcileAudit). */
export function notifyAutoStopped(ctx: CloudContext, pod: Pod, atMs: number, reason: string): void {
  notify(
    ctx,
    {
      eventId: `auto-stop:${pod.id}:${atMs}`,
      kind: 'pod.auto-stopped',
      atMs,
      title: `${pod.name} was auto-stopped`,
      body: `${reason}. Its GPUs were released at ${clock(atMs)}; its disk is kept. Start it again when you need it.`,
      link: `/pods/${pod.id}`,
      projectId: pod.projectId,
    },
    ownerOf(ctx.state, pod),
  );
}

/** A budget's policy stopped a pod (budget-reconcile.ts): its owner is told. */
export function notifyPolicyStop(ctx: CloudContext, pod: Pod, scopeName: string, atMs: number): void {
  notify(
    ctx,
    {
      eventId: `policy-stop:${pod.id}:${atMs}`,
      kind: 'budget.acting',
      atMs,
      title: `The ${scopeName} budget stopped ${pod.name}`,
      body: `The ${scopeName} budget is spent for this month, and its policy stops idle pods: ${pod.name} was stopped at ${clock(atMs)}. Its disk is kept; start it again when you need it.`,
      link: `/pods/${pod.id}`,
      projectId: pod.projectId,
    },
    ownerOf(ctx.state, pod),
  );
}

/** A budget alert fired (budget-reconcile.ts); with its policy's action when it acted. */
export function notifyBudgetAlert(ctx: CloudContext, alert: BudgetAlert, scopeName: string): void {
  const acting = alert.action !== null && alert.action.kind !== 'no-idle-pods';
  const what = !alert.action
    ? ''
    : alert.action.kind === 'blocked-launches'
      ? ' Its policy blocks new launches until the month ends.'
      : alert.action.kind === 'stopped-idle-pods'
        ? ` Its policy stopped ${alert.action.pods.length} idle pod${alert.action.pods.length === 1 ? '' : 's'}: ${alert.action.pods.map((p) => p.name).join(', ')}.`
        : ' Its policy stops idle pods; none was idle.';
  const state = ctx.state;
  // Engineers see what a budget does, not its amounts.
  const recipients = budgetRecipients(state, alert.projectId, acting);
  const words = (amounts: boolean): string =>
    amounts
      ? `The ${scopeName} budget reached ${alert.thresholdPercent} % (${dollars(alert.spentCents)} of ${dollars(alert.budgetCents)}) at ${clock(alert.crossedAtMs)}.${what}`
      : `The ${scopeName} budget reached ${alert.thresholdPercent} % at ${clock(alert.crossedAtMs)}.${what}`;
  const base = {
    eventId: `budget-alert:${alert.id}:${alert.firedAtMs}`,
    kind: (acting ? 'budget.acting' : 'budget.threshold') as NotificationKind,
    atMs: alert.firedAtMs,
    title: acting ? `The ${scopeName} budget is spent: its policy acts` : `The ${scopeName} budget reached ${alert.thresholdPercent} %`,
    projectId: alert.projectId,
  };
  notify(ctx, { ...base, body: words(true), link: '/billing?tab=budgets' }, recipients.filter((u) => u.role !== 'engineer'));
  notify(ctx, { ...base, body: words(false), link: acting ? '/pods' : '/billing' }, recipients.filter((u) => u.role === 'engineer'));
}

/** A GPU type someone asked to be told about is available again in a region (ops/capacity-watches.ts): the watcher is told once per watch. */
export function notifyCapacityAvailable(
  ctx: CloudContext,
  watch: { id: string; userId: string; gpuTypeId: string; regionId: string },
  names: { gpu: string; region: string },
  freeGpus: number,
  atMs: number,
): void {
  notify(
    ctx,
    {
      eventId: `capacity:${watch.id}`,
      kind: 'capacity.available',
      atMs,
      title: `${names.gpu} is available in ${names.region}`,
      body: `${freeGpus} ${names.gpu} GPU${freeGpus === 1 ? ' is' : 's are'} free in ${names.region} at ${clock(atMs)}, as you asked to be told. Capacity is not held for you: launch soon.`,
      link: `/pods/new?gpuTypeId=${encodeURIComponent(watch.gpuTypeId)}&regionId=${encodeURIComponent(watch.regionId)}`,
      projectId: null,
    },
    ctx.state.users.filter((u) => u.id === watch.userId),
  );
}

/** A pod failed to launch or start (its container never ran): its owner is told. */
export function notifyLaunchFailed(ctx: CloudContext, pod: Pod, reason: string, atMs: number): void {
  notify(
    ctx,
    {
      eventId: `launch-failed:${pod.id}:${atMs}`,
      kind: 'pod.launch-failed',
      atMs,
      title: `${pod.name} failed to start`,
      body: `${reason}, at ${clock(atMs)}. Its GPUs are released. Launch it again, or choose another image or region.`,
      link: `/pods/${pod.id}`,
      projectId: pod.projectId,
    },
    ownerOf(ctx.state, pod),
  );
}

/** A project's internet egress reached its warning threshold, or used up the free allowance, this month (notify-reconcile.ts). */
export function notifyEgressThreshold(
  ctx: CloudContext,
  project: { id: string; name: string },
  month: string,
  level: 'reached' | 'exhausted',
  usedPercent: number,
  thresholdPercent: number,
  atMs: number,
): void {
  notify(
    ctx,
    {
      eventId: `egress:${project.id}:${month}:${level}`,
      kind: 'egress.threshold',
      atMs,
      title: level === 'exhausted' ? `${project.name} used up its free egress this month` : `${project.name} used ${usedPercent} % of its free egress this month`,
      body:
        level === 'exhausted'
          ? `Internet egress of ${project.name} passed the month’s free allowance at ${clock(atMs)}: every further GB is billed until the month ends. See what sends it.`
          : `Internet egress of ${project.name} reached ${usedPercent} % of the month’s free allowance (its warning is at ${thresholdPercent} %). Past the allowance, every GB is billed: see what sends it.`,
      link: `/egress?project=${encodeURIComponent(project.id)}`,
      projectId: project.id,
    },
    budgetRecipients(ctx.state, project.id, false),
  );
}

/** The amount a recommendation must save a month before someone is told, unless they chose another (cents). */
export const DEFAULT_RECOMMENDATION_MIN_CENTS = 10_000;

/** A new recommendation saves more than a person's amount a month (notify-reconcile.ts): the pods' owners, admins and finance, each by their own amount. */
export function notifyRecommendation(
  ctx: CloudContext,
  rec: { id: string; title: string; monthlySavingsCents: number; ownerIds: readonly string[]; projectId: string; link: string },
  atMs: number,
): void {
  const state = ctx.state;
  const recipients = state.users.filter((u) => {
    const concerned = u.role !== 'engineer' || rec.ownerIds.includes(u.id);
    const min = state.notificationPreferences?.[u.id]?.['recommendation.saving']?.minMonthlySavingsCents ?? DEFAULT_RECOMMENDATION_MIN_CENTS;
    return concerned && rec.monthlySavingsCents >= min;
  });
  notify(
    ctx,
    {
      eventId: `recommendation:${rec.id}`,
      kind: 'recommendation.saving',
      atMs,
      title: `Save ${dollars(rec.monthlySavingsCents)} a month: ${rec.title}`,
      body: `A new recommendation would save about ${dollars(rec.monthlySavingsCents)} a month. Its evidence is on the Recommendations page; applying it is one click.`,
      link: rec.link,
      projectId: rec.projectId,
    },
    recipients,
  );
}
