/**
 * What the guided story reads (the waste of the last 30 days, the pods idle now, the open
 * recommendations, the month's forecast) and the one change it makes: applying a recommendation
 * in place (PATCH /v1/pods/{podId}), noting the forecast before it.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';
import { RESTART_SKIP_MS } from '../story';
import { setTourState, type TourState } from '../tour-store';

type Recommendation = components['schemas']['Recommendation'];

const storyKey = (what: string) => ['demo', 'story', what] as const;

export const storyWasteQueryOptions = () =>
  queryOptions({
    queryKey: storyKey('waste'),
    queryFn: async ({ signal }) => unwrap(await api.GET('/v1/utilization/summary', { params: { query: { range: '30d' } }, signal })).current,
  });

export const storyIdleNowQueryOptions = () =>
  queryOptions({
    queryKey: storyKey('idle-now'),
    queryFn: async ({ signal }) => unwrap(await api.GET('/v1/utilization/idle-now', { params: { query: { limit: 10 } }, signal })),
  });

export const storyRecommendationsQueryOptions = () =>
  queryOptions({
    queryKey: storyKey('recommendations'),
    queryFn: async ({ signal }) => unwrap(await api.GET('/v1/recommendations', { params: { query: { limit: 500 } }, signal })),
  });

async function getForecast(signal?: AbortSignal) {
  const s = unwrap(await api.GET('/v1/billing/summary', { params: { query: {} }, signal }));
  return { monthEndCents: s.forecast.monthEndCents, monthStart: s.monthStart };
}

export const storyForecastQueryOptions = () => queryOptions({ queryKey: storyKey('forecast'), queryFn: ({ signal }) => getForecast(signal) });

/** The inference chapter's figures: the week's serving summary (models by GPU type, the serving recommendations). */
export const storyInferenceQueryOptions = () =>
  queryOptions({
    queryKey: storyKey('inference'),
    queryFn: async ({ signal }) => unwrap(await api.GET('/v1/inference/summary', { params: { query: { range: '7d', limit: 50 } }, signal })),
  });

export const useStoryWaste = () => useQuery(storyWasteQueryOptions());
export const useStoryInference = () => useQuery(storyInferenceQueryOptions());
export const useStoryIdleNow = () => useQuery(storyIdleNowQueryOptions());
export const useStoryRecommendations = () => useQuery(storyRecommendationsQueryOptions());
export const useStoryForecast = () => useQuery(storyForecastQueryOptions());

/** Applies the recommendation in place; a pod that restarts is given the minute its restart takes. */
export async function applyStoryRecommendation(r: Recommendation): Promise<{ forecastBeforeCents: number }> {
  if (r.action.type !== 'patch') throw new Error('Only a change made in place can be applied from the story.');
  const before = await getForecast();
  unwrap(await api.PATCH('/v1/pods/{podId}', { params: { path: { podId: r.action.podId } }, body: r.action.patch }));
  if (r.action.patch.gpuCount !== undefined) unwrap(await api.POST('/v1/simulation/advance', { body: { durationMs: RESTART_SKIP_MS } }));
  return { forecastBeforeCents: before.monthEndCents };
}

/** Applies the story's recommendation and notes it in the tour (before the queries refresh, whatever is on screen then). */
export function useApplyStoryRecommendation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ recommendation }: { recommendation: Recommendation; title: string; tour: TourState }) => applyStoryRecommendation(recommendation),
    onSuccess: ({ forecastBeforeCents }, { recommendation, title, tour }) => {
      setTourState({ ...tour, applied: { title, monthlySavingsCents: recommendation.monthlySavingsCents, forecastBeforeCents } });
      return client.invalidateQueries();
    },
  });
}
