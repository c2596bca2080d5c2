/** The simulated cloud's state: plain data, serializable, owned by the service. */
import type { IdempotencyRecord } from '../domain/idempotency';
import type { Budget, BudgetAlert } from '../domain/budgets';
import type { WasteSettingsVersion } from './waste-settings';

export type PodStatus =
  | 'queued'
  | 'provisioning'
  | 'running'
  | 'stopping'
  | 'stopped'
  | 'terminating'
  | 'terminated'
  | 'failed';

export const POD_STATUSES: PodStatus[] = [
  'queued',
  'provisioning',
  'running',
  'stopping',
  'stopped',
  'terminating',
  'terminated',
  'failed',
];

export type Role = 'admin' | 'engineer' | 'finance';

/** Workload archetypes a real GPU fleet has; telemetry is generated from them. */
export type Archetype =
  | 'training' // steady, near full activity
  | 'notebook' // bursty during working hours, idle at night and on weekends
  | 'inference' // diurnal load
  | 'hoarder' // holds several GPUs, uses one
  | 'small-model' // a small model on a big GPU: little memory, low SM activity
  | 'forgotten'; // left running, does nothing

export interface Transition {
  status: PodStatus;
  atMs: number;
  /** Why it happened, in a user's words ("Stopped by Ana Souza", "Idle for 60 minutes"). */
  reason: string;
}

export interface Pod {
  id: string;
  name: string;
  projectId: string;
  ownerId: string;
  gpuTypeId: string;
  /** GPUs held; 1 for a slice pod. */
  gpuCount: number;
  /**
   * A MIG slice instead of whole GPUs (issue 18): NVIDIA's profile name ("1g.10gb"); absent: whole
   * GPUs. The pod is g/7 of a GPU wherever GPUs are counted (domain/mig.ts), and
   * rateMicroUsdPerGpuHour is the slice's rate, so its bill is its fraction.
   */
  migProfile?: string;
  /** GPU counts over time when the count was changed in place (ascending fromMs); absent: always gpuCount. */
  gpuCountHistory?: Array<{ fromMs: number; gpuCount: number }>;
  regionId: string;
  imageId: string;
  diskGb: number;
  autoStopIdleMinutes: number | null;
  sshPublicKey: string;
  createdAtMs: number;
  archetype: Archetype;
  /** Per-pod seed for its telemetry noise. */
  seed: number;
  /** Demo scenarios: this pod sends this many times its archetype's usual traffic (egress-traffic.ts); absent: 1. */
  egressFactor?: number;
  /** Price locked at launch: per GPU-hour (a slice pod: per hour of its slice), and the disk per hour. */
  rateMicroUsdPerGpuHour: number;
  diskMicroUsdPerHour: number;
  /** Ordered by time; may include scheduled future transitions (provisioning → running). */
  transitions: Transition[];
}

export interface User {
  id: string;
  name: string;
  email: string;
  role: Role;
  /** How they joined and sign in (absent: seeded, with a password on the server). */
  signsInWith?: 'password' | 'sso';
}

/** Someone removed from the organization: their name stays on what they made (pods, the audit log). */
export interface FormerMember {
  id: string;
  name: string;
  email: string;
  removedAtMs: number;
}

/** Members: an invitation to join, a one-time link (cloud/ops/members.ts). Times are real ms. */
export interface InvitationRecord {
  id: string;
  email: string;
  role: Role;
  projectIds: string[];
  invitedById: string;
  secretHash: string;
  createdAtMs: number;
  expiresAtMs: number;
  acceptedAtMs: number | null;
  /** Who joined with it. */
  acceptedUserId: string | null;
  revokedAtMs: number | null;
}

/** Single sign-on with OpenID Connect: the organization's one connection (cloud/ops/sso.ts). */
export interface SsoConnectionRecord {
  issuer: string;
  clientId: string;
  /** Kept for the server's token request; never answered. null: a public client (PKCE only). */
  clientSecret: string | null;
  scopes: string;
  /** Lower case, without "@". */
  allowedDomains: string[];
  roleClaim: string;
  adminGroups: string[];
  financeGroups: string[];
  defaultRole: 'engineer' | 'finance';
  defaultProjectIds: string[];
  enabled: boolean;
  updatedAtMs: number;
  updatedById: string;
}

export interface Project {
  id: string;
  name: string;
  memberIds: string[];
}

export interface Organization {
  id: string;
  name: string;
}

export type Preset = 'default' | 'large';

/** The demo's seeded worlds (cloud/scenarios.ts). */
export type ScenarioId = 'default' | 'startup' | 'research-lab' | 'inference-platform';

export interface CloudState {
  version: 1;
  seed: number;
  preset: Preset;
  /** The simulated "now" when the world was generated. */
  anchorMs: number;
  organization: Organization;
  users: User[];
  projects: Project[];
  pods: Pod[];
  /** The acting user (the demo's role switch changes it). */
  currentUserId: string;
  /**
   * The simulated clock: now = anchorMs + offsetMs + (real now - realStartMs). Real time
   * moves it (lifecycle steps take seconds); time travel adds to offsetMs.
   */
  clock: { realStartMs: number; offsetMs: number };
  /** Demo: the scenario this world was generated from (cloud/scenarios.ts); absent: the default. */
  scenario?: ScenarioId;
  /** When the reconcilers last caught up with the clock (see reconcile.ts); absent: at the anchor. */
  reconciledAtMs?: number;
  /** Pods: Idempotency-Key records of launches (domain/idempotency.ts), kept across reloads. */
  idempotency?: IdempotencyRecord[];
  /** Pods: the idle auto-stop watch of each pod that has one (cloud/pods-autostop.ts), by pod id. */
  autoStopWatches?: Record<string, AutoStopWatch>;
  /** Pods: a launch that replaces a pod, new pod id → old pod id (stopped once the new one runs). */
  podReplacements?: Record<string, string>;
  /** Egress: per project, the share of the monthly free allowance (percent) at which the console warns. */
  egressWarningThresholds?: Record<string, number>;
  /** Billing: monthly budgets (domain/budgets.ts). */
  budgets?: Budget[];
  /** Billing: alerts the budgets fired, oldest first (cloud/ops/budget-reconcile.ts). */
  budgetAlerts?: BudgetAlert[];
  /** Recommendations: what people decided about one, by recommendation id (dismissed, snoozed). */
  recommendationDecisions?: Record<string, RecommendationDecision>;
  /** Utilization: the organization's waste thresholds in time (cloud/waste-settings.ts); absent: the defaults. */
  wasteSettingsVersions?: WasteSettingsVersion[];
  /** Access: API tokens, oldest first (cloud/ops/api-tokens.ts). */
  apiTokens?: ApiTokenRecord[];
  /** Access: saved SSH public keys, oldest first (cloud/ops/ssh-keys.ts). */
  sshKeys?: SshKeyRecord[];
  /** Members: invitations, oldest first (cloud/ops/members.ts). */
  invitations?: InvitationRecord[];
  /** Members: people removed, oldest first. */
  formerMembers?: FormerMember[];
  /** Single sign-on, when set up (cloud/ops/sso.ts). */
  ssoConnection?: SsoConnectionRecord;
  /**
   * Audit: entries in the order they were made (cloud/audit.ts). Append-only. The simulator keeps
   * the latest ones; a server's loaded state holds only the entries its request adds (the table
   * is read a page at a time, server/audit-reads.ts).
   */
  auditLog?: AuditRecord[];
  /** Notifications: the console's notification centre, per recipient (cloud/notifications.ts); bounded per person. */
  notifications?: NotificationRecord[];
  /** Notifications: each person's choices per event kind and channel, only where they differ from the defaults. */
  notificationPreferences?: Record<string, NotificationPreferenceOverrides>;
  /**
   * Notifications: deliveries to make outside the console (e-mail), in the order they were made.
   * Like auditLog, a server's loaded state holds none: those a request adds are written to the
   * outbox table in its transaction (server/state-store.ts) and delivered by server/notify-worker.ts.
   * The simulator keeps the latest few, to show what would have been sent.
   */
  notificationOutbox?: OutboxRecord[];
  /** Fault injection (POST /v1/simulation/provisioning-faults): how many of the next launches fail while provisioning. */
  provisioningFaults?: number;
  /** Launches that fail (or failed) while provisioning, their owners not yet told (reconcile-watches.ts tells them when it happens). */
  launchFailures?: Array<{ podId: string; atMs: number; reason: string }>;
  /** Notifications of figures crossing a line (notify-reconcile.ts): when egress and recommendations were last checked. */
  figureWatch?: { egressHourMs: number; recommendationDayMs: number };
  /** Notifications: the organization's webhooks (cloud/ops/webhooks.ts), oldest first. Admins only. */
  webhooks?: WebhookRecord[];
  /** Notifications: "tell me when this GPU is available here again", oldest first (cloud/ops/capacity-watches.ts); a watch ends when it fires. */
  capacityWatches?: CapacityWatch[];
}

/** A person waits for gpuCount GPUs of a type to be free in a region: told once (capacity.available), then the watch ends. */
export interface CapacityWatch {
  id: string;
  userId: string;
  gpuTypeId: string;
  regionId: string;
  gpuCount: number;
  /** Simulated time, like the notification it leads to. */
  createdAtMs: number;
}

/** A webhook: events of some kinds POSTed to a URL, signed per Standard Webhooks. Times are real ms. */
export interface WebhookRecord {
  id: string;
  url: string;
  /** The kinds it carries; empty: every kind. */
  kinds: NotificationKind[];
  /** standard: the Standard Webhooks JSON payload; slack: {text, blocks} for a Slack incoming webhook. */
  format: 'standard' | 'slack';
  /** whsec_…: kept to sign (the receiver holds the same); answered only when created. */
  secret: string;
  createdAtMs: number;
  createdById: string;
  /** Set when deliveries failed for a day (server/notify-worker.ts): nothing more is sent until it is made again. */
  disabledAtMs: number | null;
  disabledReason: string | null;
}

export type NotificationKind =
  | 'pod.idle'
  | 'pod.auto-stopped'
  | 'pod.launch-failed'
  | 'budget.threshold'
  | 'budget.acting'
  | 'egress.threshold'
  | 'capacity.available'
  | 'recommendation.saving'
  | 'webhook.disabled';
export type NotificationChannel = 'console' | 'email' | 'webhook';

/** One notification for one person: the event's id is stable, so each person gets an event once. */
export interface NotificationRecord {
  id: string;
  /** Derived from the cause (budget-alert:<alertId>, auto-stop:<podId>:<atMs>): the same event never notifies twice. */
  eventId: string;
  kind: NotificationKind;
  userId: string;
  /** Simulated time of the event. */
  atMs: number;
  title: string;
  body: string;
  /** A console path (/pods/pod-1), or null. */
  link: string | null;
  projectId: string | null;
  readAtMs: number | null;
}

/** A person's choices that differ from the defaults: per kind, per channel; for recommendation.saving, the amount a month too. */
export type NotificationPreferenceOverrides = Partial<Record<NotificationKind, Partial<Record<NotificationChannel, boolean>> & { minMonthlySavingsCents?: number }>>;

/** A delivery to make on a channel outside the console (server/notify-worker.ts). */
export interface OutboxRecord {
  eventId: string;
  kind: NotificationKind;
  channel: 'email' | 'webhook';
  /** The person it is for; null for a webhook (the organization's). */
  userId: string | null;
  /** The recipient's address when the event happened; a webhook's id. */
  to: string;
  atMs: number;
  title: string;
  body: string;
  link: string | null;
  /** An e-mail about an idle pod carries action links for this pod (keep it running, stop it now: server/action-links.ts). */
  actionsOnPod?: string;
}

export type AuditAction =
  | 'session.sign-in'
  | 'session.sign-in-refused'
  | 'pod.launch'
  | 'pod.stop'
  | 'pod.start'
  | 'pod.terminate'
  | 'pod.change'
  | 'pod.keep-running'
  | 'pod.auto-stop'
  | 'budget.create'
  | 'budget.change'
  | 'budget.delete'
  | 'budget.policy-stop'
  | 'recommendation.dismiss'
  | 'recommendation.snooze'
  | 'recommendation.restore'
  | 'egress.threshold'
  | 'utilization.settings'
  | 'api-token.create'
  | 'api-token.revoke'
  | 'ssh-key.create'
  | 'ssh-key.delete'
  | 'simulation.change'
  | 'member.change'
  | 'member.remove'
  | 'member.join'
  | 'invitation.create'
  | 'invitation.revoke'
  | 'sso.change'
  | 'sso.delete';

/** Audit: one change, who made it from where, what it changed and what it does to the monthly bill. */
export interface AuditRecord {
  id: string;
  /** Simulated time (the organization's clock). */
  atMs: number;
  actorKind: 'user' | 'token' | 'policy';
  actorId: string | null;
  actorName: string;
  tokenId: string | null;
  tokenName: string | null;
  address: string | null;
  action: AuditAction;
  summary: string;
  targetType: 'pod' | 'budget' | 'recommendation' | 'api-token' | 'ssh-key' | 'project' | 'organization' | 'user' | 'invitation' | null;
  targetId: string | null;
  targetName: string | null;
  projectId: string | null;
  /** Whose thing it is (a pod's owner): an engineer sees what policies did to their pods. */
  targetOwnerId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  monthlyCostDeltaCents: number | null;
}

/**
 * Access: an API token. Only the secret's SHA-256 (base64url) is kept; the secret is shown once,
 * when the token is created. Times are real (wall-clock) ms, not the simulated clock.
 */
export interface ApiTokenRecord {
  id: string;
  name: string;
  /** personal: for its owner's scripts; service: an admin's, for automation, listed for every admin. */
  kind: 'personal' | 'service';
  /** Who created it: its calls act as this user, within the token's scope. */
  ownerId: string;
  /** At most the owner's role (an admin may give any). */
  role: Role;
  /** The projects it reaches, within its owner's; null: all its owner sees. */
  projectIds: string[] | null;
  readOnly: boolean;
  /** The secret's first characters, to tell tokens apart in a list. */
  prefix: string;
  secretHash: string;
  createdAtMs: number;
  expiresAtMs: number;
  revokedAtMs: number | null;
  lastUsedAtMs: number | null;
  lastUsedAddress: string | null;
}

/** Access: an SSH public key a user saved, to choose at launch. Times are real (wall-clock) ms. */
export interface SshKeyRecord {
  id: string;
  ownerId: string;
  name: string;
  /** The key's algorithm: ssh-ed25519, ecdsa-sha2-nistp256 … */
  type: string;
  /** "SHA256:…" as ssh-keygen -l prints it. */
  fingerprint: string;
  publicKey: string;
  createdAtMs: number;
  lastUsedAtMs: number | null;
}

/** Recommendations: a dismissal (with its reason) or a snooze, and who decided it when. */
export interface RecommendationDecision {
  status: 'dismissed' | 'snoozed';
  reason?: string;
  note?: string;
  /** A snooze ends here; the recommendation is open again after it. */
  untilMs?: number;
  atMs: number;
  byUserId: string;
}

/** Pods: when a pod's idle countdown may start, and how far ahead its telemetry was searched. */
export interface AutoStopWatch {
  /** The countdown counts idleness from here on (running start, or the end of a snooze). */
  countFromMs: number;
  /** Set by "keep running": the countdown is paused until countFromMs. */
  snoozed: boolean;
  /** The telemetry was searched up to here (a stop is scheduled, or none was found so far). */
  searchedUntilMs: number;
}
