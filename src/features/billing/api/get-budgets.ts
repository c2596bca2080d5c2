/** GET /v1/budgets: the budgets the user can see, with this month's standing. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';

export async function getBudgets(signal?: AbortSignal) {
  return unwrap(await api.GET('/v1/budgets', { signal }));
}

export const budgetsQueryOptions = () => queryOptions({ queryKey: ['budgets', 'list'], queryFn: ({ signal }) => getBudgets(signal), refetchInterval: 60_000 });

export function useBudgets() {
  return useQuery(budgetsQueryOptions());
}
