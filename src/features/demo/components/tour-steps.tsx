/**
 * The guided story's six steps: where each happens and what it says, with the figures of the
 * world loaded now (so every scenario tells its own numbers). The inference platform's tour adds
 * a chapter of two steps after the idle GPUs: what a million tokens cost, and a cheaper GPU at the
 * same latency (tourSteps).
 */
import type { ReactNode } from 'react';
import { errorMessage } from '../../../api/problem';
import { formatCentsWhole, formatInteger, formatMonth, formatPercent } from '../../../lib/format';
import { formatLatency, formatMicroUsd } from '../../../lib/format-serving';
import { Stat } from '../../../ui/card';
import { Skeleton } from '../../../ui/states';
import { useApplyStoryRecommendation, useStoryForecast, useStoryIdleNow, useStoryInference, useStoryRecommendations, useStoryWaste } from '../api/story-data';
import { forecastDropCents, storyModel, storyRecommendation, storyRecommendationTitle, storyServingRecommendation } from '../story';
import type { TourState } from '../tour-store';

export interface TourStep {
  title: string;
  /** The page the step is told on. */
  path: string;
  Body: (props: { tour: TourState }) => ReactNode;
}

export const TOUR_STEPS: TourStep[] = [
  { title: 'GPUs paid for, doing nothing', path: '/utilization?range=30d', Body: WasteStep },
  { title: 'Idle at this moment', path: '/utilization?range=30d', Body: IdleNowStep },
  { title: 'From waste to a fix', path: '/recommendations', Body: RecommendationsStep },
  { title: 'Apply the biggest one-click fix', path: '/recommendations', Body: ApplyStep },
  { title: 'The saving lands on Billing', path: '/billing', Body: BillingStep },
  { title: 'Your turn', path: '/', Body: YourTurnStep },
];

/** The inference chapter: Utilization's Inference tab, over the week. */
const INFERENCE_PATH = '/utilization?range=7d&view=inference';
export const INFERENCE_STEPS: TourStep[] = [
  { title: 'What a million tokens cost', path: INFERENCE_PATH, Body: TokenCostStep },
  { title: 'A cheaper GPU at the same latency', path: INFERENCE_PATH, Body: CheaperGpuStep },
];

/** The steps of a tour: the story's six, with the inference chapter after the idle GPUs when the tour tells it. */
export function tourSteps(tour: TourState): TourStep[] {
  if (tour.story !== 'inference') return TOUR_STEPS;
  return [...TOUR_STEPS.slice(0, 2), ...INFERENCE_STEPS, ...TOUR_STEPS.slice(2)];
}

function Loading() {
  return <Skeleton className="h-16" label="Loading the figures…" />;
}

function Failed({ error }: { error: unknown }) {
  return <p role="alert" className="field-error">{errorMessage(error)}</p>;
}

function WasteStep() {
  const waste = useStoryWaste();
  if (waste.isPending) return <Loading />;
  if (waste.isError) return <Failed error={waste.error} />;
  const { wasteCents, spendCents } = waste.data;
  return (
    <p>
      In the last 30 days, <strong>{formatCentsWhole(wasteCents)}</strong> of the {formatCentsWhole(spendCents)} spent on GPUs
      {spendCents > 0 ? ` (${formatPercent(wasteCents / spendCents)})` : ''} paid for GPUs that sat idle, were under-used, or were bigger than the work
      needed. The charts on this page show where, by project, pod and day.
    </p>
  );
}

function IdleNowStep() {
  const idle = useStoryIdleNow();
  if (idle.isPending) return <Loading />;
  if (idle.isError) return <Failed error={idle.error} />;
  if (idle.data.total === 0) return <p>No pod is idle right now. Move the clock forward in the Demo menu and idle notebooks show up here.</p>;
  return (
    <p>
      <strong>{formatInteger(idle.data.total)}</strong> running pod{idle.data.total === 1 ? ' has' : 's have'} every GPU idle right now. The “Idle now”
      list on this page names each one, what its idle GPUs cost an hour, and stops it in one click.
    </p>
  );
}

function RecommendationsStep() {
  const recs = useStoryRecommendations();
  if (recs.isPending) return <Loading />;
  if (recs.isError) return <Failed error={recs.error} />;
  return (
    <p>
      That waste became <strong>{formatInteger(recs.data.total)}</strong> recommendations worth{' '}
      <strong>{formatCentsWhole(recs.data.totalMonthlySavingsCents)} a month</strong>: fewer GPUs, a cheaper GPU tier, auto-stop, a commitment. Each one
      shows the evidence it rests on (peak memory, SM activity, idle hours) and acts in a click.
    </p>
  );
}

function ApplyStep({ tour }: { tour: TourState }) {
  const recs = useStoryRecommendations();
  const apply = useApplyStoryRecommendation();
  if (tour.applied) {
    return (
      <p>
        Applied: <strong>{tour.applied.title}</strong>. It saves {formatCentsWhole(tour.applied.monthlySavingsCents)} a month. Next: where finance sees
        it.
      </p>
    );
  }
  if (recs.isPending) return <Loading />;
  if (recs.isError) return <Failed error={recs.error} />;
  const pick = storyRecommendation(recs.data.items);
  if (!pick) {
    return <p>No one-click fix is open in this world. Apply one from the list on this page, or load the “AI startup burning cash” scenario.</p>;
  }
  const title = storyRecommendationTitle(pick);
  const restarts = pick.action.type === 'patch' && pick.action.patch.gpuCount !== undefined;
  return (
    <div className="space-y-2">
      <p>
        <strong>{title}</strong>: it saves <strong>{formatCentsWhole(pick.monthlySavingsCents)} a month</strong>, and the evidence is on its card in
        the list.
      </p>
      {restarts && <p className="text-slate-600 dark:text-slate-300">The pod restarts with its disk kept; the demo moves the clock a minute on so the restart is done.</p>}
      <button
        type="button"
        className="btn-primary"
        disabled={apply.isPending}
        onClick={() => apply.mutate({ recommendation: pick, title, tour })}
      >
        {apply.isPending ? 'Applying…' : 'Apply it'}
      </button>
      {apply.isError && <Failed error={apply.error} />}
    </div>
  );
}

function BillingStep({ tour }: { tour: TourState }) {
  const forecast = useStoryForecast();
  if (forecast.isPending) return <Loading />;
  if (forecast.isError) return <Failed error={forecast.error} />;
  const month = formatMonth(`${forecast.data.monthStart}T00:00:00Z`);
  if (!tour.applied) {
    return (
      <p>
        The forecast for {month} is <strong>{formatCentsWhole(forecast.data.monthEndCents)}</strong>. Go back a step and apply the fix to see it fall.
      </p>
    );
  }
  const dropCents = forecastDropCents(tour.applied.forecastBeforeCents, forecast.data.monthEndCents);
  return (
    <div className="space-y-2">
      <div className="grid gap-2 min-[26rem]:grid-cols-2">
        <Stat label="Forecast before" value={formatCentsWhole(tour.applied.forecastBeforeCents)} />
        <Stat label="Forecast now" value={formatCentsWhole(forecast.data.monthEndCents)} />
      </div>
      <p>
        {dropCents > 0 ? (
          <>
            The forecast for {month} is <strong>{formatCentsWhole(dropCents)} lower</strong> for the rest of this month alone, and the change keeps saving{' '}
            {formatCentsWhole(tour.applied.monthlySavingsCents)} every month.
          </>
        ) : (
          <>The forecast has not fallen yet: a fix like auto-stop saves once the pod next sits idle. Move the clock forward in the Demo menu to see it land.</>
        )}{' '}
        Finance reads the same figure under “Forecast for {month}” on this page.
      </p>
    </div>
  );
}

const perMillion = (microUsd: number | null) => `${formatMicroUsd(microUsd)} per million`;

function TokenCostStep() {
  const inference = useStoryInference();
  if (inference.isPending) return <Loading />;
  if (inference.isError) return <Failed error={inference.error} />;
  const model = storyModel(inference.data);
  if (!model) return <p>No pod served a model this week. Load the “Inference platform” scenario from the Demo menu to see its serving figures.</p>;
  const [first, second] = model.gpuTypes;
  const hosted = model.hosted[0];
  return (
    <>
      <p>
        This week, serving <strong>{model.modelName}</strong> cost <strong>{perMillion(model.figures.inputMicroUsdPerMillionTokens)}</strong> input and{' '}
        <strong>{perMillion(model.figures.outputMicroUsdPerMillionTokens)}</strong> output tokens
        {first && second ? (
          <>
            : {perMillion(first.figures.outputMicroUsdPerMillionTokens)} output on {first.gpuTypeName}, {perMillion(second.figures.outputMicroUsdPerMillionTokens)}{' '}
            on {second.gpuTypeName}
          </>
        ) : null}
        .
      </p>
      {hosted && (
        <p>
          {hosted.provider}’s {hosted.model} lists {perMillion(hosted.microUsdPer1MInputTokens)} input and {perMillion(hosted.microUsdPer1MOutputTokens)} output
          tokens. The GPU figures come from the same ledger as the waste, so they add up to the bill.
        </p>
      )}
    </>
  );
}

function CheaperGpuStep() {
  const inference = useStoryInference();
  if (inference.isPending) return <Loading />;
  if (inference.isError) return <Failed error={inference.error} />;
  const pick = storyServingRecommendation(inference.data);
  if (!pick?.launch) return <p>Every serving pod is on the cheapest GPU that keeps its latency this week: nothing to move.</p>;
  const e = pick.evidence;
  return (
    <>
      <p>
        <strong>
          Serve {pick.podNames[0]} on {e.toGpuCount}× {e.toGpuTypeName} instead of {e.fromGpuCount}× {e.fromGpuTypeName}
        </strong>
        : it saves <strong>{formatCentsWhole(pick.monthlySavingsCents)} a month</strong>, and its p95 time to first token would be {formatLatency(e.expectedTtftP95Seconds)}{' '}
        against {formatLatency(e.ttftP95Seconds)} today. A GPU that would miss the latency is never proposed.
      </p>
      <p>
        Its card in “Serving recommendations” opens the launch form filled in (“Launch {pick.launch.name} on {e.toGpuTypeName}”); the new pod replaces the old one once it
        runs.
      </p>
    </>
  );
}

function YourTurnStep() {
  return (
    <p>
      That is the story. From the Demo menu, move the clock a day ahead to watch idle pods stop and budgets alert, view the console as finance or an
      engineer, load another scenario, or reset the demo to its start.
    </p>
  );
}
