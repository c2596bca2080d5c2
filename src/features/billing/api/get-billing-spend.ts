/** GET /v1/billing/spend: spend per day or week, stacked by one dimension, already aggregated. */
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { SpendDimension, SpendQuery } from './types';

export interface SpendSeriesQuery extends SpendQuery {
  by: SpendDimension;
  granularity: 'day' | 'week';
}

export async function getBillingSpend(query: SpendSeriesQuery, signal?: AbortSignal) {
  return unwrap(await api.GET('/v1/billing/spend', { params: { query }, signal }));
}

export const billingSpendQueryOptions = (query: SpendSeriesQuery) =>
  queryOptions({ queryKey: ['billing', 'spend', query], queryFn: ({ signal }) => getBillingSpend(query, signal), placeholderData: keepPreviousData });

export function useBillingSpend(query: SpendSeriesQuery, enabled = true) {
  return useQuery({ ...billingSpendQueryOptions(query), enabled });
}
