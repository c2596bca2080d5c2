/** The contract's pod shapes, named as the pods feature uses them. */
import type { components } from '../../../api/schema';

type S = components['schemas'];
export type Pod = S['Pod'];
export type PodDetail = S['PodDetail'];
export type PodStatus = S['PodStatus'];
export type PodCreate = S['PodCreate'];
export type PodMetrics = S['PodMetrics'];
export type MetricsRange = S['MetricsRange'];
export type CapacityAlternative = S['CapacityAlternative'];
export type Catalog = S['Catalog'];
export type GpuType = S['GpuType'];
export type Region = S['Region'];

/** Statuses on the way somewhere: a pod in one of them changes by itself within seconds. */
export const TRANSITIONAL: ReadonlySet<PodStatus> = new Set(['queued', 'provisioning', 'stopping', 'terminating']);

export const podKeys = {
  all: ['pods'] as const,
  lists: () => ['pods', 'list'] as const,
  list: (filters: PodFilters) => ['pods', 'list', filters] as const,
  detail: (podId: string) => ['pods', 'detail', podId] as const,
  metrics: (podId: string, range: MetricsRange, maxPoints: number) => ['pods', 'metrics', podId, range, maxPoints] as const,
};

export interface PodFilters {
  status: PodStatus[];
  projectId?: string | undefined;
  ownerId?: string | undefined;
  gpuTypeId?: string | undefined;
  regionId?: string | undefined;
  q?: string | undefined;
  sort: 'createdAt' | 'name' | 'status' | 'costToDate' | 'gpuCount';
  order: 'asc' | 'desc';
}

/**
 * Reads retry a flaky network a few more times than the app's default before showing an error
 * (a problem the API explained, 4xx, is final at once).
 */
export function retryRead(failureCount: number, error: unknown): boolean {
  const explained = typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number' && error.status < 500;
  return !explained && failureCount < 5;
}

/**
 * Waits between those retries: 1, 2, then 4 s at most (not the default's doubling to 30 s), so a
 * page that watches a pod change state catches up within seconds of the network coming back.
 */
export function retryReadDelay(failureCount: number): number {
  return Math.min(1000 * 2 ** failureCount, 4000);
}
