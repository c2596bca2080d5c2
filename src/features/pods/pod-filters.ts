/** The pod list's filters and sort, read from and written to the URL (page state lives there). */
import type { PodFilters, PodStatus } from './api/types';

export const POD_STATUSES: PodStatus[] = ['queued', 'provisioning', 'running', 'stopping', 'stopped', 'terminating', 'terminated', 'failed'];
const SORTS: Array<PodFilters['sort']> = ['createdAt', 'name', 'status', 'costToDate', 'gpuCount'];

/** A status choice of the filter: one status, or a named set of them. */
export const STATUS_CHOICES: Array<{ value: string; label: string; statuses: PodStatus[] }> = [
  { value: '', label: 'Any status', statuses: [] },
  { value: 'active', label: 'Not terminated', statuses: ['queued', 'provisioning', 'running', 'stopping', 'stopped'] },
  { value: 'changing', label: 'Changing state', statuses: ['queued', 'provisioning', 'stopping', 'terminating'] },
  ...POD_STATUSES.map((s) => ({ value: s, label: s[0]!.toUpperCase() + s.slice(1), statuses: [s] })),
];

export function filtersFromSearch(search: URLSearchParams, defaultProjectId?: string): PodFilters {
  const sort = search.get('sort') as PodFilters['sort'] | null;
  const statuses = search.getAll('status').filter((s): s is PodStatus => POD_STATUSES.includes(s as PodStatus));
  const text = (name: string) => search.get(name) || undefined;
  return {
    status: statuses,
    projectId: search.has('projectId') ? text('projectId') : defaultProjectId,
    ownerId: text('ownerId'),
    gpuTypeId: text('gpuTypeId'),
    regionId: text('regionId'),
    q: text('q'),
    sort: sort && SORTS.includes(sort) ? sort : 'createdAt',
    order: search.get('order') === 'asc' ? 'asc' : 'desc',
  };
}

/** The status choice that matches the filter's statuses ('' when it matches none of the named ones). */
export function statusChoiceOf(statuses: PodStatus[]): string {
  const key = [...statuses].sort().join(',');
  return STATUS_CHOICES.find((c) => [...c.statuses].sort().join(',') === key)?.value ?? '';
}

/** A copy of the search with one filter changed ('' removes it). */
export function withFilter(search: URLSearchParams, name: string, value: string | string[]): URLSearchParams {
  const next = new URLSearchParams(search);
  next.delete(name);
  for (const v of Array.isArray(value) ? value : [value]) if (v !== '') next.append(name, v);
  return next;
}
