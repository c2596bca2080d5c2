/** GET /v1/pods, page by page as the list scrolls; refreshes itself only while a pod is changing. */
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import { podKeys, TRANSITIONAL, type PodFilters } from './types';

export const POD_PAGE_SIZE = 200;
/** How often a list with a pod in transition refreshes (the simulator's steps take 5-20 s). */
export const TRANSITION_REFRESH_MS = 3_000;

export async function listPods(filters: PodFilters, offset: number, signal?: AbortSignal) {
  const query = {
    ...(filters.status.length > 0 ? { status: filters.status } : {}),
    ...(filters.projectId ? { projectId: filters.projectId } : {}),
    ...(filters.ownerId ? { ownerId: filters.ownerId } : {}),
    ...(filters.gpuTypeId ? { gpuTypeId: filters.gpuTypeId } : {}),
    ...(filters.regionId ? { regionId: filters.regionId } : {}),
    ...(filters.q ? { q: filters.q } : {}),
    sort: filters.sort,
    order: filters.order,
    offset,
    limit: POD_PAGE_SIZE,
  };
  return unwrap(await api.GET('/v1/pods', { params: { query }, signal }));
}

export const podListQueryOptions = (filters: PodFilters) =>
  infiniteQueryOptions({
    queryKey: podKeys.list(filters),
    queryFn: ({ pageParam, signal }) => listPods(filters, pageParam, signal),
    initialPageParam: 0,
    getNextPageParam: (last) => (last.offset + last.items.length < last.total ? last.offset + last.items.length : undefined),
    refetchInterval: (query) =>
      query.state.data?.pages.some((p) => p.items.some((pod) => TRANSITIONAL.has(pod.status))) ? TRANSITION_REFRESH_MS : false,
  });

export function usePodList(filters: PodFilters) {
  return useInfiniteQuery(podListQueryOptions(filters));
}
