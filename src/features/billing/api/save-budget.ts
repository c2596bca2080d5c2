/** POST /v1/budgets and PUT /v1/budgets/{id}: set or change a budget; DELETE removes it. Spend figures refresh after. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { BudgetCreate, BudgetUpdate } from './types';

export async function createBudget(body: BudgetCreate) {
  return unwrap(await api.POST('/v1/budgets', { body }));
}

export async function updateBudget(budgetId: string, body: BudgetUpdate) {
  return unwrap(await api.PUT('/v1/budgets/{budgetId}', { params: { path: { budgetId } }, body }));
}

export async function deleteBudget(budgetId: string) {
  const result = await api.DELETE('/v1/budgets/{budgetId}', { params: { path: { budgetId } } });
  unwrap(result);
}

export type SaveBudget = { budgetId: null; body: BudgetCreate } | { budgetId: string; body: BudgetUpdate };

function useRefreshAfter() {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: ['budgets'] }), client.invalidateQueries({ queryKey: ['billing', 'summary'] })]);
}

export function useSaveBudget() {
  const refresh = useRefreshAfter();
  return useMutation({
    mutationFn: (save: SaveBudget) => (save.budgetId === null ? createBudget(save.body) : updateBudget(save.budgetId, save.body)),
    onSuccess: refresh,
  });
}

export function useDeleteBudget() {
  const refresh = useRefreshAfter();
  return useMutation({ mutationFn: deleteBudget, onSuccess: refresh });
}
