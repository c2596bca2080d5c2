/**
 * GET /v1/pods, one page at a time by position, so a virtualized list of 10,000 pods asks only
 * for the pages on screen. A page refreshes itself only while one of its pods is changing state.
 */
import { keepPreviousData, queryOptions, useQueries, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import { podKeys, retryRead, retryReadDelay, TRANSITIONAL, type PodFilters } from './types';

export const POD_PAGE_SIZE = 100;
/** How often a page with a pod in transition refreshes (the simulator's steps take 5-20 s). */
export const TRANSITION_REFRESH_MS = 3_000;

export async function listPods(filters: PodFilters, page: number, signal?: AbortSignal, limit = POD_PAGE_SIZE) {
  const query = {
    ...(filters.status.length > 0 ? { status: filters.status } : {}),
    ...(filters.projectId ? { projectId: filters.projectId } : {}),
    ...(filters.ownerId ? { ownerId: filters.ownerId } : {}),
    ...(filters.gpuTypeId ? { gpuTypeId: filters.gpuTypeId } : {}),
    ...(filters.regionId ? { regionId: filters.regionId } : {}),
    ...(filters.q ? { q: filters.q } : {}),
    sort: filters.sort,
    order: filters.order,
    offset: page * POD_PAGE_SIZE,
    limit,
  };
  return unwrap(await api.GET('/v1/pods', { params: { query }, signal }));
}

export const podPageQueryOptions = (filters: PodFilters, page: number) =>
  queryOptions({
    queryKey: [...podKeys.list(filters), page] as const,
    queryFn: ({ signal }) => listPods(filters, page, signal),
    retry: retryRead,
    retryDelay: retryReadDelay,
    refetchInterval: (query) => (query.state.data?.items.some((pod) => TRANSITIONAL.has(pod.status)) ? TRANSITION_REFRESH_MS : false),
  });

/** The first page: it carries the total, so the list knows its height before anything else loads. */
export function usePodListHead(filters: PodFilters) {
  return useQuery({ ...podPageQueryOptions(filters, 0), placeholderData: keepPreviousData });
}

export function usePodPages(filters: PodFilters, pages: number[]) {
  return useQueries({ queries: pages.map((page) => podPageQueryOptions(filters, page)) });
}

/** How many pods match the filters (one pod asked for: the answer carries the total). */
export function usePodCount(filters: PodFilters, enabled: boolean) {
  return useQuery({
    queryKey: [...podKeys.list(filters), 'count'] as const,
    queryFn: async ({ signal }) => (await listPods(filters, 0, signal, 1)).total,
    retry: retryRead,
    retryDelay: retryReadDelay,
    enabled,
  });
}
