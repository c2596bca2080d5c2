/** What every operation of the simulated cloud works with: its state, its clock, persistence, its telemetry. */
import type { CloudState, Role, User } from './model';
import { forbidden } from './problem';
import type { ServingSampler } from './serving-telemetry';
import type { GpuSampler } from './telemetry';

export interface CloudContext {
  state: CloudState;
  /** The simulated time now, in ms since the epoch. */
  now(): number;
  /** Persist the state after a change. */
  save(): void;
  /** Replace the whole state (reset, scenario switch). */
  replaceState(next: CloudState): void;
  /** Real time, for the clock's anchor. */
  realNow(): number;
  /**
   * Where the utilization answers, the recommendations, the pods' current GPU use and their
   * metrics read GPU samples; absent: the simulator's (gpuSample). A server reading Prometheus
   * sets it per request (server/telemetry-rounds.ts). The reconcilers (auto-stop, budgets) always
   * read the simulator.
   */
  telemetry?: GpuSampler;
  /**
   * Where the inference answers read serving pods' vLLM figures per period; absent: generated
   * from their GPU samples (serving-telemetry.ts). A server reading Prometheus sets it with
   * `telemetry`, from the vllm:* series (server/prometheus-serving.ts).
   */
  servingTelemetry?: ServingSampler;
  /**
   * GPUs held across the whole fleet, where the state holds only some pods (a server's write that
   * loads only its own rows: server/pod-writes.ts); absent: counted over state.pods.
   */
  fleet?: FleetFigures;
  /**
   * The request came with an API token narrower than its owner (server/api.ts): the owner acts
   * with the token's role and sees only its projects. Absent: the user's own role and projects.
   */
  scope?: AccessScope;
  /**
   * What lies beyond this organization (a server's other tenants): e-mail addresses are unique
   * across organizations, and an SSO domain signs people into one organization only. Absent (the
   * simulator, one organization): nothing is taken elsewhere.
   */
  directory?: Directory;
  /**
   * Webhook deliveries kept outside the state (a server's outbox, server/webhook-reads.ts); absent
   * (the simulator): the state's own outbox, which nothing sends.
   */
  deliveries?: DeliveryStore;
  /**
   * The watched figures (egress past its threshold, recommendations worth telling of:
   * notify-reconcile.ts) are checked by a job of their own (a server's, server/figure-watch.ts,
   * from its stored rows), not in the reconcile pass; absent (the simulator): in the pass.
   */
  figuresWatchedElsewhere?: boolean;
}

export interface DeliveryStore {
  /** Sends a webhook's delivery again from now (a new day of retries); false: no such delivery of that webhook. */
  replay(webhookId: string, deliveryId: string): Promise<boolean>;
}

export interface Directory {
  emailTakenElsewhere(email: string): Promise<boolean>;
  /** The domains among these that another organization signs in with SSO. */
  domainsClaimedElsewhere(domains: readonly string[]): Promise<string[]>;
  /** An http:// issuer on this machine is accepted (development and tests, never production). */
  allowHttpIssuer: boolean;
}

/** What an API token narrows its owner to (cloud/ops/api-tokens.ts). */
export interface AccessScope {
  role: Role;
  /** null: every project the role lets the owner see. */
  projectIds: readonly string[] | null;
}

/** What capacity and quota checks count over every pod (pods-capacity.ts, ops/catalog.ts gpusInUse). */
export interface FleetFigures {
  /** GPUs held (queued to stopping) at atMs, per "gpuTypeId/regionId" and per project id. */
  gpusHeld(atMs: number): { byOffer: ReadonlyMap<string, number>; byProject: ReadonlyMap<string, number> };
}

export function currentUser(ctx: CloudContext): User {
  const user = ctx.state.users.find((u) => u.id === ctx.state.currentUserId) ?? ctx.state.users[0];
  if (!user) throw new Error('the world has no users');
  return ctx.scope ? { ...user, role: ctx.scope.role } : user;
}

export function requireRole(ctx: CloudContext, roles: Role[], action: string): User {
  const user = currentUser(ctx);
  if (!roles.includes(user.role)) {
    throw forbidden(`As ${article(user.role)} ${user.role}, you cannot ${action}.`);
  }
  return user;
}

function article(role: Role): string {
  return role === 'admin' || role === 'engineer' ? 'an' : 'a';
}

/** Projects the user can see: all for admin and finance, their own for engineers. */
export function visibleProjectIds(ctx: CloudContext): Set<string> {
  const user = currentUser(ctx);
  const all = ctx.state.projects;
  const only = ctx.scope?.projectIds ? new Set(ctx.scope.projectIds) : null;
  return new Set(
    (user.role === 'engineer' ? all.filter((p) => p.memberIds.includes(user.id)) : all).filter((p) => !only || only.has(p.id)).map((p) => p.id),
  );
}

/** A person's name, also once they have left (pods, tokens and log entries keep their maker's). */
export function personName(state: CloudState, id: string): string {
  return state.users.find((u) => u.id === id)?.name ?? state.formerMembers?.find((m) => m.id === id)?.name ?? id;
}

/** Every name a person id may stand for, members and former members. */
export function peopleNames(state: CloudState): Map<string, string> {
  return new Map([...(state.formerMembers ?? []).map((m) => [m.id, m.name] as const), ...state.users.map((u) => [u.id, u.name] as const)]);
}
