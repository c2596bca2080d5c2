/** GET /v1/billing/summary: month to date, last month, the forecast and the budget's run-out date. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';

export async function getBillingSummary(projectId: string | undefined, signal?: AbortSignal) {
  return unwrap(await api.GET('/v1/billing/summary', { params: { query: projectId ? { projectId } : {} }, signal }));
}

export const billingSummaryQueryOptions = (projectId: string | undefined) =>
  queryOptions({ queryKey: ['billing', 'summary', projectId ?? null], queryFn: ({ signal }) => getBillingSummary(projectId, signal), refetchInterval: 60_000 });

export function useBillingSummary(projectId: string | undefined) {
  return useQuery(billingSummaryQueryOptions(projectId));
}
