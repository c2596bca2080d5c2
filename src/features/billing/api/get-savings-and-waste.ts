/**
 * What the Billing page borrows from the Utilization and Recommendations APIs: the waste of the
 * last 30 days against its GPU spend, and the monthly savings the open recommendations offer.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';

export async function getWasteShare(projectId: string | undefined, signal?: AbortSignal) {
  const query = projectId ? { range: '30d' as const, scope: 'project' as const, scopeId: projectId } : { range: '30d' as const };
  const s = unwrap(await api.GET('/v1/utilization/summary', { params: { query }, signal }));
  return { wasteCents: s.current.wasteCents, gpuSpendCents: s.current.spendCents, from: s.window.from, to: s.window.to };
}

export async function getRecommendationSavings(projectId: string | undefined, signal?: AbortSignal) {
  const r = unwrap(await api.GET('/v1/recommendations', { params: { query: projectId ? { projectId, limit: 1 } : { limit: 1 } }, signal }));
  return { monthlySavingsCents: r.totalMonthlySavingsCents, count: r.total };
}

export const wasteShareQueryOptions = (projectId: string | undefined) =>
  queryOptions({ queryKey: ['billing', 'waste-share', projectId ?? null], queryFn: ({ signal }) => getWasteShare(projectId, signal), staleTime: 5 * 60_000 });

export const recommendationSavingsQueryOptions = (projectId: string | undefined) =>
  queryOptions({ queryKey: ['billing', 'recommendation-savings', projectId ?? null], queryFn: ({ signal }) => getRecommendationSavings(projectId, signal), staleTime: 5 * 60_000 });

export function useWasteShare(projectId: string | undefined) {
  return useQuery(wasteShareQueryOptions(projectId));
}

export function useRecommendationSavings(projectId: string | undefined) {
  return useQuery(recommendationSavingsQueryOptions(projectId));
}
