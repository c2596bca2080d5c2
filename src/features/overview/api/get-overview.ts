/** GET /v1/overview: running pods, GPUs in use, spend this month, for the header's project (or all). */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import { ALL_PROJECTS, useProjectScope } from '../../../lib/project-scope';

export const overviewQueryOptions = (projectId: string) =>
  queryOptions({
    queryKey: ['overview', projectId],
    queryFn: async ({ signal }) => unwrap(await api.GET('/v1/overview', { params: { query: projectId === ALL_PROJECTS ? {} : { projectId } }, signal })),
    refetchInterval: 60_000,
  });

export function useOverview() {
  return useQuery(overviewQueryOptions(useProjectScope().projectId));
}
