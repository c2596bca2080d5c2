/**
 * Generates the simulated organization: users, projects and pods with 90 days of
 * lifecycle history, deterministically from a seed. The same seed and preset always
 * give the same world, on every machine.
 */
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from '../domain/units';
import { diskMicroUsdPerHour } from '../domain/pricing';
import { diskPricing, offers } from './catalog-data';
import type { Archetype, CloudState, Organization, Pod, Preset, Project, ScenarioId, Transition, User } from './model';
import { hashString, pick, seededRandom } from './rng';

/** The simulated "now" of a fresh world: Wednesday 18 November 2026, 10:00 in Montréal. */
export const DEFAULT_ANCHOR_MS = Date.UTC(2026, 10, 18, 15, 0, 0);
export const DEFAULT_SEED = 20261118;
export const HISTORY_DAYS = 90;

/** How long each lifecycle step takes in the simulation (shortened from real clouds). */
export const LIFECYCLE_MS = {
  queued: 5_000,
  provisioning: 20_000,
  stopping: 8_000,
  terminating: 6_000,
} as const;

/**
 * Each user's SSH public key: a well-formed ssh-ed25519 key (RFC 8709 wire format: the type
 * string, then 32 key bytes) whose key bytes come from the user's id, so every machine sees
 * the same keys without shipping them as text.
 */
function sshPublicKeyOf(userId: string): string {
  const rand = seededRandom(hashString(`ssh:${userId}`));
  const type = 'ssh-ed25519';
  const bytes = [0, 0, 0, type.length, ...Array.from(type, (c) => c.charCodeAt(0)), 0, 0, 0, 32];
  for (let i = 0; i < 32; i++) bytes.push(Math.floor(rand() * 256));
  return `${type} ${btoa(String.fromCharCode(...bytes))} ${userId.slice(2)}@laptop`;
}

const USERS: Array<Omit<User, 'email'>> = [
  { id: 'u-maya', name: 'Maya Chen', role: 'admin' },
  { id: 'u-oskar', name: 'Oskar Lindqvist', role: 'finance' },
  { id: 'u-ana', name: 'Ana Souza', role: 'engineer' },
  { id: 'u-felix', name: 'Félix Tremblay', role: 'engineer' },
  { id: 'u-priya', name: 'Priya Raman', role: 'engineer' },
  { id: 'u-jonas', name: 'Jonas Berg', role: 'engineer' },
  { id: 'u-li', name: 'Li Wei', role: 'engineer' },
  { id: 'u-sam', name: 'Sam Okafor', role: 'engineer' },
];

const PROJECTS: Project[] = [
  { id: 'p-vision', name: 'Vision', memberIds: ['u-maya', 'u-ana', 'u-felix'] },
  { id: 'p-llm', name: 'LLM research', memberIds: ['u-maya', 'u-priya', 'u-jonas', 'u-li'] },
  { id: 'p-search', name: 'Search ranking', memberIds: ['u-maya', 'u-sam', 'u-felix'] },
  { id: 'p-serving', name: 'Model serving', memberIds: ['u-maya', 'u-li', 'u-sam', 'u-ana'] },
];

interface ArchetypePlan {
  archetype: Archetype;
  weight: number;
  gpus: Array<[string, number[]]>;
  words: string[];
}

const PLANS: ArchetypePlan[] = [
  { archetype: 'notebook', weight: 34, gpus: [['a100-80-sxm', [1]], ['l40s', [1]], ['h100-sxm', [1]], ['l4', [1]], ['a10', [1]]], words: ['notebook', 'explore', 'eda', 'scratch', 'dev', 'proto'] },
  { archetype: 'training', weight: 22, gpus: [['h100-sxm', [2, 4, 8]], ['h200', [4, 8]], ['b200', [8]], ['a100-80-sxm', [4, 8]]], words: ['llama-ft', 'vit-pretrain', 'diffusion', 'sft-run', 'rlhf-sweep', 'distill'] },
  { archetype: 'inference', weight: 14, gpus: [['l40s', [1, 2]], ['l4', [1, 2]], ['h100-pcie', [1]]], words: ['serve', 'embed-api', 'rerank-api', 'chat-api'] },
  { archetype: 'small-model', weight: 12, gpus: [['h100-sxm', [1]], ['a100-80-sxm', [1]], ['h200', [1]]], words: ['mistral-7b', 'bert-serve', 'whisper', 'qwen-7b'] },
  { archetype: 'hoarder', weight: 6, gpus: [['h100-sxm', [8]], ['a100-80-sxm', [4, 8]]], words: ['multi-gpu-dev', 'ddp-test', 'fsdp-debug'] },
  { archetype: 'forgotten', weight: 12, gpus: [['l40s', [1]], ['a100-80-sxm', [1, 2]], ['h100-sxm', [1]], ['t4', [1]]], words: ['old-exp', 'tmp', 'test', 'benchmark'] },
];

const REGION_WEIGHTS: Array<[string, number]> = [
  ['ca-mtl-1', 40],
  ['se-bod-1', 30],
  ['ca-tor-1', 20],
  ['py-itp-1', 10],
];

function weighted<T>(rand: () => number, items: Array<[T, number]>): T {
  const total = items.reduce((a, [, w]) => a + w, 0);
  let r = rand() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  const last = items[items.length - 1];
  if (!last) throw new Error('weighted pick from an empty list');
  return last[0];
}

export function launchTransitions(atMs: number, reason: string): Transition[] {
  return [
    { status: 'queued', atMs, reason },
    { status: 'provisioning', atMs: atMs + LIFECYCLE_MS.queued, reason: 'Capacity assigned' },
    { status: 'running', atMs: atMs + LIFECYCLE_MS.queued + LIFECYCLE_MS.provisioning, reason: 'Container started' },
  ];
}

function stop(atMs: number, reason: string): Transition[] {
  return [
    { status: 'stopping', atMs, reason },
    { status: 'stopped', atMs: atMs + LIFECYCLE_MS.stopping, reason: 'GPU released; disk kept' },
  ];
}

function start(atMs: number, reason: string): Transition[] {
  return [
    { status: 'provisioning', atMs, reason },
    { status: 'running', atMs: atMs + LIFECYCLE_MS.provisioning, reason: 'Container started' },
  ];
}

function terminate(atMs: number, reason: string): Transition[] {
  return [
    { status: 'terminating', atMs, reason },
    { status: 'terminated', atMs: atMs + LIFECYCLE_MS.terminating, reason: 'Disk deleted' },
  ];
}

/** 09:00 in Montréal (UTC-5) on the day of a time, in UTC ms. */
function workStartOfDay(dayMs: number): number {
  return Math.floor(dayMs / MS_PER_DAY) * MS_PER_DAY + 14 * MS_PER_HOUR;
}

interface PodHistory {
  createdAtMs: number;
  transitions: Transition[];
}

function history(
  archetype: Archetype,
  rand: () => number,
  owner: string,
  startMs: number,
  anchorMs: number,
  autoStopIdleMinutes: number | null,
): PodHistory {
  const created = startMs + Math.floor(rand() * (anchorMs - startMs - 2 * MS_PER_HOUR));
  const t: Transition[] = launchTransitions(created, `Launched by ${owner}`);
  const up = created + LIFECYCLE_MS.queued + LIFECYCLE_MS.provisioning;
  const endMs = (ms: number): number => Math.min(ms, anchorMs);
  switch (archetype) {
    case 'training': {
      const runFor = (2 + rand() * 18) * MS_PER_DAY;
      if (up + runFor < anchorMs) {
        t.push(...stop(up + runFor, 'Training run finished; stopped by its owner'));
        if (rand() < 0.6) t.push(...terminate(endMs(up + runFor + rand() * 3 * MS_PER_DAY), `Terminated by ${owner}`));
      }
      break;
    }
    case 'notebook': {
      if (autoStopIdleMinutes === null) {
        if (rand() < 0.35) {
          const life = (10 + rand() * 40) * MS_PER_DAY;
          if (up + life < anchorMs) {
            t.push(...stop(up + life, `Stopped by ${owner}`));
            t.push(...terminate(up + life + MS_PER_HOUR, `Terminated by ${owner}`));
          }
        }
        break;
      }
      // With auto-stop: stopped each evening once idle long enough, started again on workdays.
      let day = workStartOfDay(up) + MS_PER_DAY;
      let running = true;
      let stopAt = workStartOfDay(up) + 9 * MS_PER_HOUR + autoStopIdleMinutes * MS_PER_MINUTE;
      if (stopAt <= up) stopAt = up + autoStopIdleMinutes * MS_PER_MINUTE;
      while (true) {
        if (running) {
          if (stopAt >= anchorMs) break;
          t.push(...stop(stopAt, `Idle for ${autoStopIdleMinutes} minutes: auto-stopped`));
          running = false;
        }
        while (new Date(day - 5 * MS_PER_HOUR).getUTCDay() % 6 === 0) day += MS_PER_DAY;
        const wake = day + Math.floor(rand() * 90) * MS_PER_MINUTE;
        if (wake >= anchorMs) break;
        t.push(...start(wake, `Started by ${owner}`));
        running = true;
        stopAt = day + 9 * MS_PER_HOUR + autoStopIdleMinutes * MS_PER_MINUTE;
        day += MS_PER_DAY;
      }
      break;
    }
    case 'forgotten':
    case 'inference':
    case 'small-model':
    case 'hoarder':
      if (rand() < 0.15) {
        const life = (5 + rand() * 30) * MS_PER_DAY;
        if (up + life < anchorMs) t.push(...stop(up + life, `Stopped by ${owner}`));
      }
      break;
  }
  return { createdAtMs: created, transitions: t.filter((x) => x.atMs <= anchorMs) };
}

/**
 * What a scenario (cloud/scenarios.ts) sets about the world it generates. The defaults below
 * make the default world every other test and page was written against; keep them as they are.
 */
export interface WorldParams {
  scenario: ScenarioId;
  organization: Organization;
  /** The users' e-mail domain (the users themselves are the same eight in every world). */
  emailDomain: string;
  projects: Project[];
  podCount: number;
  /** Relative weight of each workload archetype among the pods (0: none). */
  archetypeWeights: Record<Archetype, number>;
  /** The projects a pod of an archetype may belong to; absent: any project. */
  archetypeProjects: Partial<Record<Archetype, string[]>>;
  regionWeights: Array<[string, number]>;
  /** The share of notebooks launched with idle auto-stop on. */
  notebookAutoStopShare: number;
  /** A project's pods send this many times their archetype's usual traffic (an egress surprise). */
  egressFactorByProject: Record<string, number>;
  /** Replicas of one model a team serves together, added after the drawn pods (they draw nothing); absent: none. */
  servingDeployments?: ServingDeployment[];
}

/**
 * A scenario's serving deployment: `replicas` pods of the same setup behind one router, named
 * `<name>-<n>` (a model named in the name is the one served: serving-telemetry.ts), running since
 * their launch. Made from the seed and the name alone, so the drawn pods stay as they were.
 */
export interface ServingDeployment {
  name: string;
  projectId: string;
  ownerId: string;
  archetype: 'inference' | 'small-model';
  gpuTypeId: string;
  gpuCount: number;
  regionId: string;
  replicas: number;
  launchedDaysAgo: number;
}

export const DEFAULT_WORLD_PARAMS: WorldParams = {
  scenario: 'default',
  organization: { id: 'org-lumen', name: 'Lumen AI' },
  emailDomain: 'lumen.example',
  projects: PROJECTS,
  podCount: 60,
  archetypeWeights: Object.fromEntries(PLANS.map((p) => [p.archetype, p.weight])) as Record<Archetype, number>,
  archetypeProjects: {},
  regionWeights: REGION_WEIGHTS,
  notebookAutoStopShare: 0.55,
  egressFactorByProject: {},
};

export interface WorldOptions {
  seed?: number;
  preset?: Preset;
  anchorMs?: number;
  /** The real time the world starts its clock at. */
  realNowMs?: number;
  /** A scenario's world (cloud/scenarios.ts); absent: the default world. */
  params?: WorldParams;
}

export function generateWorld(options: WorldOptions = {}): CloudState {
  const seed = options.seed ?? DEFAULT_SEED;
  const preset = options.preset ?? 'default';
  const anchorMs = options.anchorMs ?? DEFAULT_ANCHOR_MS;
  const params = options.params ?? DEFAULT_WORLD_PARAMS;
  const rand = seededRandom(seed);
  const startMs = anchorMs - HISTORY_DAYS * MS_PER_DAY;
  const users: User[] = USERS.map((u) => ({ ...u, email: `${u.id.slice(2)}@${params.emailDomain}` }));
  const engineers = users.filter((u) => u.role === 'engineer');
  const projects = params.projects;
  const plans = PLANS.map((p) => [p, params.archetypeWeights[p.archetype]] as [ArchetypePlan, number]);
  const podCount = preset === 'large' ? 10_000 : params.podCount;
  const pods: Pod[] = [];
  let runningGpus = 0;
  const gpuTarget = preset === 'large' ? 2_000 : Infinity;
  for (let i = 0; i < podCount; i++) {
    const plan = weighted(rand, plans);
    // A provider dressed with another catalog (brand.config.ts) may not sell every GPU a plan names.
    const offered = plan.gpus.filter(([id]) => offers.some((o) => o.gpuTypeId === id));
    const [gpuTypeId, counts] = pick(rand, offered.length > 0 ? offered : plan.gpus);
    const gpuCount = pick(rand, counts);
    let regionId = weighted(rand, params.regionWeights);
    let offer = offers.find((o) => o.gpuTypeId === gpuTypeId && o.regionId === regionId);
    if (!offer) {
      offer = offers.find((o) => o.gpuTypeId === gpuTypeId);
      if (!offer) throw new Error(`no offer for ${gpuTypeId}`);
      regionId = offer.regionId;
    }
    const projectIds = params.archetypeProjects[plan.archetype];
    const project = pick(rand, projectIds ? projects.filter((p) => projectIds.includes(p.id)) : projects);
    const ownerPool = engineers.filter((u) => project.memberIds.includes(u.id));
    const owner = pick(rand, ownerPool.length > 0 ? ownerPool : engineers);
    const autoStopIdleMinutes = plan.archetype === 'notebook' && rand() < params.notebookAutoStopShare ? pick(rand, [30, 60, 120]) : null;
    const h = history(plan.archetype, rand, owner.name, startMs, anchorMs, autoStopIdleMinutes);
    // The large preset keeps 2,000 GPUs running: older pods beyond that budget are terminated.
    const endsRunning = h.transitions[h.transitions.length - 1]?.status === 'running';
    if (endsRunning && runningGpus + gpuCount > gpuTarget) {
      const at = h.createdAtMs + (anchorMs - h.createdAtMs) * 0.5;
      h.transitions = h.transitions.filter((x) => x.atMs < at);
      h.transitions.push(...stop(at, `Stopped by ${owner.name}`), ...terminate(at + MS_PER_HOUR, `Terminated by ${owner.name}`));
    } else if (endsRunning) {
      runningGpus += gpuCount;
    }
    const word = pick(rand, plan.words);
    const name = `${owner.id.slice(2)}-${word}-${(i + 1).toString(36)}`;
    const diskGb = pick(rand, [100, 200, 250, 500, 1000]);
    const egressFactor = params.egressFactorByProject[project.id];
    pods.push({
      id: `pod-${(hashString(`${seed}:${i}`) >>> 0).toString(36).padStart(7, '0')}`,
      name,
      projectId: project.id,
      ownerId: owner.id,
      gpuTypeId,
      gpuCount,
      regionId,
      imageId: plan.archetype === 'inference' ? 'vllm-0.11' : pick(rand, ['pytorch-2.9-cuda12.8', 'pytorch-2.9-cuda12.8', 'jax-0.8-cuda12.8', 'cuda-12.8-base']),
      diskGb,
      autoStopIdleMinutes,
      sshPublicKey: sshPublicKeyOf(owner.id),
      createdAtMs: h.createdAtMs,
      archetype: plan.archetype,
      seed: hashString(`${seed}:pod:${i}`),
      rateMicroUsdPerGpuHour: offer.rateMicroUsdPerGpuHour,
      diskMicroUsdPerHour: diskMicroUsdPerHour(diskPricing, diskGb),
      transitions: h.transitions,
      ...(egressFactor !== undefined && egressFactor !== 1 ? { egressFactor } : {}),
    });
  }
  for (const d of params.servingDeployments ?? []) pods.push(...deploymentPods(d, seed, anchorMs, users));
  pods.sort((a, b) => b.createdAtMs - a.createdAtMs);
  return {
    version: 1,
    seed,
    preset,
    anchorMs,
    organization: { ...params.organization },
    users,
    projects: projects.map((p) => ({ ...p, memberIds: [...p.memberIds] })),
    pods,
    currentUserId: 'u-maya',
    clock: { realStartMs: options.realNowMs ?? 0, offsetMs: 0 },
    scenario: params.scenario,
  };
}

function deploymentPods(d: ServingDeployment, seed: number, anchorMs: number, users: readonly User[]): Pod[] {
  const offer = offers.find((o) => o.gpuTypeId === d.gpuTypeId && o.regionId === d.regionId);
  const owner = users.find((u) => u.id === d.ownerId);
  if (!offer || !owner) throw new Error(`no offer or owner for the ${d.name} deployment`);
  const diskGb = 200;
  return Array.from({ length: d.replicas }, (_, r) => {
    const key = `${seed}:deployment:${d.name}:${r + 1}`;
    // Launched one after the other, a few minutes apart.
    const createdAtMs = anchorMs - d.launchedDaysAgo * MS_PER_DAY + r * 7 * MS_PER_MINUTE;
    return {
      id: `pod-${(hashString(key) >>> 0).toString(36).padStart(7, '0')}`,
      name: `${d.name}-${r + 1}`,
      projectId: d.projectId,
      ownerId: owner.id,
      gpuTypeId: d.gpuTypeId,
      gpuCount: d.gpuCount,
      regionId: d.regionId,
      imageId: 'vllm-0.11',
      diskGb,
      autoStopIdleMinutes: null,
      sshPublicKey: sshPublicKeyOf(owner.id),
      createdAtMs,
      archetype: d.archetype,
      seed: hashString(`${key}:pod`),
      rateMicroUsdPerGpuHour: offer.rateMicroUsdPerGpuHour,
      diskMicroUsdPerHour: diskMicroUsdPerHour(diskPricing, diskGb),
      transitions: launchTransitions(createdAtMs, `Launched by ${owner.name}`),
    };
  });
}
