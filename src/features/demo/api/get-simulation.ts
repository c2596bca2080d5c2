/** GET /v1/simulation: the simulated clock, the scenario loaded, and the scenarios to choose from. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type Simulation = components['schemas']['Simulation'];
export type ScenarioId = components['schemas']['ScenarioId'];

export async function getSimulation(signal?: AbortSignal) {
  return unwrap(await api.GET('/v1/simulation', { signal }));
}

export const simulationQueryOptions = () => queryOptions({ queryKey: ['simulation'], queryFn: ({ signal }) => getSimulation(signal) });

export function useSimulation() {
  return useQuery(simulationQueryOptions());
}
