/** GET /v1/budgets/acting: the spent budgets whose policy acts on the user's projects now. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';

export const actingBudgetsQueryOptions = () =>
  queryOptions({ queryKey: ['budgets', 'acting'], queryFn: async ({ signal }) => unwrap(await api.GET('/v1/budgets/acting', { signal })), refetchInterval: 60_000 });

export function useActingBudgets() {
  return useQuery(actingBudgetsQueryOptions());
}
