/**
 * What the Billing page borrows from the Utilization and Recommendations APIs: the waste of the
 * last 30 days against its GPU spend, and the monthly savings the open recommendations offer.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';

/**
 * The last 30 days' waste and GPU spend: the totals of the utilization series (two points, the
 * fewest it draws), not the summary, which also adds up the 30 days before for its comparison
 * (twice the rows, for a figure this card does not show). Both sum the same rows: the same cents.
 */
export async function getWasteShare(projectId: string | undefined, signal?: AbortSignal) {
  const query = { range: '30d' as const, maxPoints: 2, ...(projectId ? { scope: 'project' as const, scopeId: projectId } : {}) };
  const s = unwrap(await api.GET('/v1/utilization/timeseries', { params: { query }, signal }));
  return { wasteCents: s.totals.wasteCents, gpuSpendCents: s.totals.spendCents, from: s.window.from, to: s.window.to };
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
