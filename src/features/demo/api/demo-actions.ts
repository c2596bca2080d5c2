/**
 * The presenter's actions on the simulator: load a scenario or go back to its start
 * (POST /v1/simulation/reset), move the clock (POST /v1/simulation/advance), act as someone
 * else (POST /v1/simulation/act-as). Each changes what every page shows, so every query is
 * refreshed; a new world or another person's view starts from empty queries, not old figures.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import { ALL_PROJECTS, useProjectScope } from '../../../lib/project-scope';
import { setTourState } from '../tour-store';
import type { ScenarioId } from './get-simulation';

export type DemoAction =
  | { type: 'reset'; scenario?: ScenarioId }
  | { type: 'advance'; durationMs: number }
  | { type: 'act-as'; userId: string };

export async function runDemoAction(action: DemoAction): Promise<void> {
  switch (action.type) {
    case 'reset':
      unwrap(await api.POST('/v1/simulation/reset', { body: action.scenario ? { scenario: action.scenario } : {} }));
      return;
    case 'advance':
      unwrap(await api.POST('/v1/simulation/advance', { body: { durationMs: action.durationMs } }));
      return;
    case 'act-as':
      unwrap(await api.POST('/v1/simulation/act-as', { body: { userId: action.userId } }));
      return;
  }
}

/**
 * `say` is called with the action's `done` message once it succeeded, before the queries are
 * refreshed: the control that started it may be replaced by a loading state meanwhile, so the
 * message cannot wait for it (TanStack Query drops a mutate() call's own callbacks on unmount).
 */
export function useDemoAction(say?: (message: string) => void) {
  const client = useQueryClient();
  const { setProjectId } = useProjectScope();
  return useMutation({
    mutationFn: (action: DemoAction & { done?: string }) => runDemoAction(action),
    onSuccess: async (_, action) => {
      if (action.done) say?.(action.done);
      if (action.type === 'advance') {
        await client.invalidateQueries();
        return;
      }
      // Another world or another person: the project in the header may not exist or be visible.
      setProjectId(ALL_PROJECTS);
      if (action.type === 'reset') setTourState(null);
      await client.resetQueries();
    },
  });
}
