/**
 * The demo's plain facts and choices, apart from the components that show them: the clock's
 * steps, the roles a presenter can view as, and which recommendation the guided story applies.
 */
import type { components } from '../../api/schema';

type Recommendation = components['schemas']['Recommendation'];
type Role = components['schemas']['Role'];

const HOUR_MS = 3_600_000;

export const CLOCK_STEPS = [
  { label: '1 hour', durationMs: HOUR_MS },
  { label: '1 day', durationMs: 24 * HOUR_MS },
  { label: '1 week', durationMs: 7 * 24 * HOUR_MS },
] as const;

export const ROLES: ReadonlyArray<{ role: Role; label: string; sees: string }> = [
  { role: 'engineer', label: 'Engineer', sees: 'their own projects’ pods, waste and budgets.' },
  { role: 'finance', label: 'Finance', sees: 'every project’s spend, budgets and invoices; no pod actions.' },
  { role: 'admin', label: 'Admin', sees: 'everything, and may act on any pod.' },
];

/** The restart after "fewer GPUs" takes about 28 s (stopping, then provisioning): the story moves a minute on. */
export const RESTART_SKIP_MS = 60_000;

/**
 * The recommendation the story applies: one the console applies in place, in one click. A smaller
 * GPU count saves from the moment the pod restarts, so it lands on the forecast at once; auto-stop
 * saves only once the pod next goes idle. Among those, the biggest monthly saving.
 */
export function storyRecommendation(items: readonly Recommendation[]): Recommendation | null {
  const inPlace = items.filter((r) => r.status === 'open' && r.action.type === 'patch');
  const bySaving = (a: Recommendation, b: Recommendation) => b.monthlySavingsCents - a.monthlySavingsCents;
  const immediate = inPlace.filter((r) => r.action.type === 'patch' && r.action.patch.gpuCount !== undefined).sort(bySaving);
  return immediate[0] ?? [...inPlace].sort(bySaving)[0] ?? null;
}

/** What the story says it does, in a user's words. */
export function storyRecommendationTitle(r: Recommendation): string {
  const pod = r.podNames[0] ?? 'the pod';
  if (r.action.type === 'patch' && r.action.patch.gpuCount !== undefined) {
    const n = r.action.patch.gpuCount;
    return `Run ${pod} on ${n} GPU${n === 1 ? '' : 's'} instead of ${r.from.gpuCount}`;
  }
  if (r.action.type === 'patch' && r.action.patch.autoStopIdleMinutes !== undefined) {
    return `Stop ${pod} after ${r.action.patch.autoStopIdleMinutes} idle minutes`;
  }
  return `Apply the recommendation for ${pod}`;
}

/** How much lower the month's forecast is than before the change (negative: higher). */
export function forecastDropCents(beforeCents: number, nowCents: number): number {
  return beforeCents - nowCents;
}

type InferenceSummary = components['schemas']['InferenceSummary'];
type InferenceModel = InferenceSummary['models'][number];
type ServingRecommendation = InferenceSummary['recommendations'][number];

/**
 * The model the inference chapter prices: one served on two GPU types or more (so the console's
 * comparison shows), the one with the most spend; else the one with the most spend.
 */
export function storyModel(summary: InferenceSummary): InferenceModel | null {
  const spend = (m: InferenceModel) => m.figures.spendCents;
  const bySpend = [...summary.models].sort((a, b) => spend(b) - spend(a));
  return bySpend.find((m) => m.gpuTypes.length >= 2) ?? bySpend[0] ?? null;
}

/** The serving recommendation the chapter follows: a cheaper GPU for one pod, the biggest saving (the API lists them largest first). */
export function storyServingRecommendation(summary: InferenceSummary): (ServingRecommendation & { evidence: { kind: 'cheaper-gpu' } }) | null {
  const r = summary.recommendations.find((x) => x.launch !== undefined && x.evidence.kind === 'cheaper-gpu');
  return r && r.evidence.kind === 'cheaper-gpu' ? (r as ServingRecommendation & { evidence: { kind: 'cheaper-gpu' } }) : null;
}
