/** GET /v1/billing/breakdown: amount, share and change per project, GPU type, region, user or cost kind. */
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { SpendDimension, SpendQuery } from './types';

export interface BreakdownQuery extends SpendQuery {
  by: SpendDimension;
}

export async function getBillingBreakdown(query: BreakdownQuery, signal?: AbortSignal) {
  return unwrap(await api.GET('/v1/billing/breakdown', { params: { query }, signal }));
}

export const billingBreakdownQueryOptions = (query: BreakdownQuery) =>
  queryOptions({ queryKey: ['billing', 'breakdown', query], queryFn: ({ signal }) => getBillingBreakdown(query, signal), placeholderData: keepPreviousData });

export function useBillingBreakdown(query: BreakdownQuery, enabled = true) {
  return useQuery({ ...billingBreakdownQueryOptions(query), enabled });
}
