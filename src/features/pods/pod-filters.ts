/** The pod list's filters and sort, read from and written to the URL (page state lives there). */
import type { PodFilters, PodStatus } from './api/types';

export const POD_STATUSES: PodStatus[] = ['queued', 'provisioning', 'running', 'stopping', 'stopped', 'terminating', 'terminated', 'failed'];
const SORTS: Array<PodFilters['sort']> = ['createdAt', 'name', 'status', 'costToDate', 'gpuCount'];

/**
 * The statuses the list shows when the URL names none: everything but terminated pods, which
 * pile up over time and are rarely what anyone looks for (issue 17); "Any status" shows them.
 */
export const DEFAULT_STATUSES: PodStatus[] = POD_STATUSES.filter((s) => s !== 'terminated');
/** The URL's status value for "every status, terminated included". */
export const ANY_STATUS = 'any';

/** A status choice of the filter: one status, or a named set of them. */
export const STATUS_CHOICES: Array<{ value: string; label: string; statuses: PodStatus[] }> = [
  { value: '', label: 'Not terminated', statuses: DEFAULT_STATUSES },
  { value: ANY_STATUS, label: 'Any status', statuses: [] },
  { value: 'changing', label: 'Changing state', statuses: ['queued', 'provisioning', 'stopping', 'terminating'] },
  ...POD_STATUSES.map((s) => ({ value: s, label: s[0]!.toUpperCase() + s.slice(1), statuses: [s] })),
];

/** Whether the list leaves terminated pods out because the URL chose no status (the default). */
export function hidesTerminated(search: URLSearchParams): boolean {
  return !search.has('status');
}

/** The URL's status values for a choice of the filter ('' is the default, no value at all). */
export function statusSearchValues(choice: string): string[] {
  if (choice === ANY_STATUS) return [ANY_STATUS];
  return choice === '' ? [] : (STATUS_CHOICES.find((c) => c.value === choice)?.statuses ?? []);
}

export function filtersFromSearch(search: URLSearchParams, defaultProjectId?: string): PodFilters {
  const sort = search.get('sort') as PodFilters['sort'] | null;
  const named = search.getAll('status');
  const statuses = named.includes(ANY_STATUS) ? [] : named.filter((s): s is PodStatus => POD_STATUSES.includes(s as PodStatus));
  const text = (name: string) => search.get(name) || undefined;
  return {
    status: hidesTerminated(search) ? DEFAULT_STATUSES : statuses,
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

/** How many filters the person has set (the header's project scope and the default status are not counted). */
export function activeFilterCount(search: URLSearchParams): number {
  return ['status', 'projectId', 'ownerId', 'gpuTypeId', 'regionId', 'q'].filter((p) => (search.get(p) ?? '') !== '' || (p === 'projectId' && search.has(p))).length;
}

/** A copy of the search with one filter changed ('' removes it). */
export function withFilter(search: URLSearchParams, name: string, value: string | string[]): URLSearchParams {
  const next = new URLSearchParams(search);
  next.delete(name);
  for (const v of Array.isArray(value) ? value : [value]) if (v !== '') next.append(name, v);
  return next;
}
