/**
 * The demo's seeded worlds: each scenario is a set of parameters to the world generator (how many
 * pods, which workloads, which regions, who is careful with auto-stop, whose traffic surprises)
 * and the budgets finance had set. Same scenario, same seed: the same numbers on every machine.
 */
import type { Budget } from '../domain/budgets';
import { MS_PER_DAY, startOfUtcMonth } from '../domain/units';
import type { CloudContext } from './context';
import type { CloudState, Preset, Project, ScenarioId } from './model';
import { evaluateBudgets } from './ops/budget-reconcile';
import { monthSpendAt } from './spend';
import { DEFAULT_SEED, DEFAULT_WORLD_PARAMS, generateWorld, type WorldParams } from './world';

export interface Scenario {
  id: ScenarioId;
  /** What a presenter picks it by. */
  name: string;
  /** One sentence on the organization and what its numbers show. */
  description: string;
  /** Where in the console the story of this scenario shows, for the presenter. */
  highlights: string[];
  seed: number;
  params: WorldParams;
  /** The monthly budgets finance had set when the demo starts (none: no budget). */
  budgets: BudgetPlan[];
}

/**
 * A budget as the scenario sets it: sized from the month's spend when the world starts, so the
 * story holds whatever the generated numbers are. `daysOfSpendLeft` is how many days of the last
 * day's pace are left in it (0.75: it runs out the next morning).
 */
interface BudgetPlan {
  projectId: string | null;
  daysOfSpendLeft: number;
  policy: Budget['policy'];
}

const FINANCE_USER_ID = 'u-oskar';

function projects(list: Array<[string, string, string[]]>): Project[] {
  return list.map(([id, name, memberIds]) => ({ id, name, memberIds: ['u-maya', ...memberIds] }));
}

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'default',
    name: 'Growing ML team',
    description: 'Lumen AI: four teams training, exploring in notebooks and serving models, with some good habits and some waste.',
    highlights: ['Utilization: idle notebooks at night and a pod holding 8 GPUs while using 1', 'Recommendations: cheaper GPU tiers with their evidence', 'Egress: the serving project nears its free allowance'],
    seed: DEFAULT_SEED,
    params: DEFAULT_WORLD_PARAMS,
    budgets: [],
  },
  {
    id: 'startup',
    name: 'AI startup burning cash',
    description: 'Blitzscale AI: a fast-moving startup with idle and oversized GPUs everywhere, a chat API whose traffic blew through its free egress, and a budget that runs out tomorrow.',
    highlights: [
      'Utilization: most GPU spend is waste: forgotten pods, 8-GPU pods using 1, small models on H100s',
      'Egress: the Chat API sends many times its free allowance',
      'Billing: the budget runs out tomorrow; move the clock a day and watch idle pods stop',
    ],
    seed: 20261119,
    params: {
      scenario: 'startup',
      organization: { id: 'org-blitzscale', name: 'Blitzscale AI' },
      emailDomain: 'blitzscale.example',
      projects: projects([
        ['p-chat', 'Chat API', ['u-li', 'u-sam', 'u-ana']],
        ['p-agents', 'Agents', ['u-ana', 'u-felix', 'u-priya']],
        ['p-pretrain', 'Pretraining', ['u-priya', 'u-jonas']],
        ['p-growth', 'Growth experiments', ['u-felix', 'u-jonas', 'u-sam']],
      ]),
      podCount: 64,
      archetypeWeights: { notebook: 26, training: 10, inference: 10, 'small-model': 18, hoarder: 16, forgotten: 20 },
      archetypeProjects: { inference: ['p-chat'], training: ['p-pretrain', 'p-agents'] },
      regionWeights: [['ca-mtl-1', 55], ['ca-tor-1', 30], ['se-bod-1', 15]],
      notebookAutoStopShare: 0.1,
      // Streaming tokens and images to every user: many times the usual serving traffic.
      egressFactorByProject: { 'p-chat': 9 },
    },
    budgets: [{ projectId: null, daysOfSpendLeft: 0.75, policy: 'stop-idle-pods' }],
  },
  {
    id: 'research-lab',
    name: 'Efficient research lab',
    description: 'Fjord Institute: long training runs that keep their GPUs busy, notebooks that stop themselves when idle, and green regions; little left to save.',
    highlights: ['Utilization: a small share of waste', 'Overview: most running GPUs in hydro-powered regions', 'Billing: comfortably within budget'],
    seed: 20261120,
    params: {
      scenario: 'research-lab',
      organization: { id: 'org-fjord', name: 'Fjord Institute' },
      emailDomain: 'fjord.example',
      projects: projects([
        ['p-protein', 'Protein folding', ['u-priya', 'u-jonas']],
        ['p-climate', 'Climate models', ['u-felix', 'u-li']],
        ['p-vision', 'Vision', ['u-ana', 'u-sam']],
        ['p-notebooks', 'Shared notebooks', ['u-ana', 'u-felix', 'u-priya', 'u-jonas', 'u-li', 'u-sam']],
      ]),
      podCount: 48,
      archetypeWeights: { notebook: 34, training: 52, inference: 4, 'small-model': 2, hoarder: 2, forgotten: 1 },
      archetypeProjects: { notebook: ['p-notebooks', 'p-vision'], training: ['p-protein', 'p-climate', 'p-vision'] },
      regionWeights: [['se-bod-1', 50], ['ca-mtl-1', 40], ['py-itp-1', 10]],
      notebookAutoStopShare: 0.95,
      egressFactorByProject: {},
    },
    budgets: [{ projectId: null, daysOfSpendLeft: 16, policy: 'notify' }],
  },
  {
    id: 'inference-platform',
    name: 'Inference platform',
    description: 'Relay: APIs serving models around the clock with a daily rhythm; steady GPUs where a commitment pays off.',
    highlights: [
      'Recommendations: commitments on the steady serving GPUs',
      'Utilization: the daily rhythm of inference load; Inference: cost per million tokens, and serving recommendations (a cheaper GPU, fewer replicas, prefix-cache reuse)',
      'Egress: serving traffic near the free allowance',
    ],
    seed: 20261121,
    params: {
      scenario: 'inference-platform',
      organization: { id: 'org-relay', name: 'Relay' },
      emailDomain: 'relay.example',
      projects: projects([
        ['p-chat', 'Chat API', ['u-li', 'u-sam']],
        ['p-embed', 'Embeddings API', ['u-ana', 'u-sam']],
        ['p-vision-api', 'Vision API', ['u-felix', 'u-ana']],
        ['p-eval', 'Evaluation', ['u-priya', 'u-jonas', 'u-felix']],
      ]),
      podCount: 60,
      archetypeWeights: { notebook: 14, training: 8, inference: 60, 'small-model': 12, hoarder: 3, forgotten: 3 },
      archetypeProjects: { inference: ['p-chat', 'p-embed', 'p-vision-api'], 'small-model': ['p-embed', 'p-vision-api'], notebook: ['p-eval'], training: ['p-eval'] },
      regionWeights: [['ca-mtl-1', 65], ['se-bod-1', 35]],
      notebookAutoStopShare: 0.7,
      egressFactorByProject: {},
      // Sized for a launch-day peak that never came: four replicas where three carry the busiest hour.
      servingDeployments: [
        { name: 'embed-mistral-7b', projectId: 'p-embed', ownerId: 'u-ana', archetype: 'small-model', gpuTypeId: 'a100-80-sxm', gpuCount: 1, regionId: 'se-bod-1', replicas: 4, launchedDaysAgo: 45 },
      ],
    },
    budgets: [{ projectId: null, daysOfSpendLeft: 20, policy: 'notify' }],
  },
];

export const SCENARIO_IDS: readonly ScenarioId[] = SCENARIOS.map((s) => s.id);

export function scenarioById(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}

export interface ScenarioWorldOptions {
  preset?: Preset;
  anchorMs?: number;
  realNowMs?: number;
  /** Another seed than the scenario's own (the default scenario keeps a world's seed on reset). */
  seed?: number;
}

/**
 * The scenario's world at its start: the generated organization, then the budgets finance had
 * set, with the alerts they have fired so far (a fresh world is consistent at its anchor: the
 * reconcilers only catch up with time that passes after it, see reconcile.ts).
 */
export function scenarioWorld(id: ScenarioId, options: ScenarioWorldOptions = {}): CloudState {
  const scenario = scenarioById(id);
  if (!scenario) throw new Error(`no scenario ${id}`);
  const state = generateWorld({
    seed: options.seed ?? scenario.seed,
    params: scenario.params,
    ...(options.preset === undefined ? {} : { preset: options.preset }),
    ...(options.anchorMs === undefined ? {} : { anchorMs: options.anchorMs }),
    ...(options.realNowMs === undefined ? {} : { realNowMs: options.realNowMs }),
  });
  if (scenario.budgets.length > 0) {
    state.budgets = scenario.budgets.map((plan) => plannedBudget(state, plan));
    evaluateBudgets(atAnchor(state), state.anchorMs);
    // The seeded history is in the notification centre, never e-mailed.
    delete state.notificationOutbox;
  }
  return state;
}

/** A context whose clock stands at the world's anchor, to bring a new world up to date. */
function atAnchor(state: CloudState): CloudContext {
  return { state, now: () => state.anchorMs, realNow: () => state.clock.realStartMs, save: () => undefined, replaceState: () => undefined };
}

/**
 * A budget worth the month's spend so far plus `daysOfSpendLeft` days at the last day's pace,
 * rounded to whole hundreds of dollars; set on the first of the month by finance.
 */
function plannedBudget(state: CloudState, plan: BudgetPlan): Budget {
  const anchorMs = state.anchorMs;
  const scopeCents = (atMs: number) => {
    const spend = monthSpendAt(state.pods, atMs, startOfUtcMonth(anchorMs));
    return plan.projectId === null ? spend.organizationCents : (spend.byProjectCents[plan.projectId] ?? 0);
  };
  const spentCents = scopeCents(anchorMs);
  const lastDayCents = spentCents - scopeCents(anchorMs - MS_PER_DAY);
  const amountCents = Math.max(10_000, Math.round((spentCents + lastDayCents * plan.daysOfSpendLeft) / 10_000) * 10_000);
  const setAtMs = startOfUtcMonth(anchorMs);
  return {
    id: `bgt-${state.scenario ?? 'default'}-${plan.projectId ?? 'org'}`,
    projectId: plan.projectId,
    amountCents,
    thresholdsPercent: [50, 80, 100],
    policy: plan.policy,
    createdAtMs: setAtMs,
    createdById: FINANCE_USER_ID,
    updatedAtMs: setAtMs,
    updatedById: FINANCE_USER_ID,
  };
}
