/** GET /v1/recommendations: the savings that match the filters, biggest first, with their total. */
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components, paths } from '../../../api/schema';

export type Recommendation = components['schemas']['Recommendation'];
export type RecommendationKind = components['schemas']['RecommendationKind'];
export type RecommendationStatus = components['schemas']['RecommendationStatus'];
export type RecommendationList = components['schemas']['RecommendationList'];
export type RecommendationFilters = NonNullable<paths['/v1/recommendations']['get']['parameters']['query']>;

export async function getRecommendations(filters: RecommendationFilters, signal?: AbortSignal) {
  return unwrap(await api.GET('/v1/recommendations', { params: { query: filters }, signal }));
}

export const recommendationsQueryOptions = (filters: RecommendationFilters) =>
  queryOptions({
    queryKey: ['recommendations', 'list', filters],
    queryFn: ({ signal }) => getRecommendations(filters, signal),
    // The judgement moves with the hour; a minute is fresh enough and keeps pages calm.
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });

export function useRecommendations(filters: RecommendationFilters) {
  return useQuery(recommendationsQueryOptions(filters));
}
