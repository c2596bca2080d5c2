/** GET /v1/billing/breakdown/items: the pods (and a project's egress) behind one breakdown row. */
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { BreakdownQuery } from './get-billing-breakdown';

export interface BreakdownItemsQuery extends BreakdownQuery {
  key: string;
}

export async function getBreakdownItems(query: BreakdownItemsQuery, signal?: AbortSignal) {
  return unwrap(await api.GET('/v1/billing/breakdown/items', { params: { query }, signal }));
}

export const breakdownItemsQueryOptions = (query: BreakdownItemsQuery) =>
  queryOptions({ queryKey: ['billing', 'items', query], queryFn: ({ signal }) => getBreakdownItems(query, signal), placeholderData: keepPreviousData });

export function useBreakdownItems(query: BreakdownItemsQuery | null) {
  return useQuery({ ...breakdownItemsQueryOptions(query ?? { by: 'project', key: '' }), enabled: query !== null });
}
