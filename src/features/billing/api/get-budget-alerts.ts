/** GET /v1/budgets/alerts: the alerts budgets fired, newest first. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';

export async function getBudgetAlerts(signal?: AbortSignal) {
  return unwrap(await api.GET('/v1/budgets/alerts', { signal }));
}

export const budgetAlertsQueryOptions = () => queryOptions({ queryKey: ['budgets', 'alerts'], queryFn: ({ signal }) => getBudgetAlerts(signal), refetchInterval: 60_000 });

export function useBudgetAlerts() {
  return useQuery(budgetAlertsQueryOptions());
}
