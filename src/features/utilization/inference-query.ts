/**
 * The Inference view's query from the Utilization page's own state: the same range (named or
 * custom dates), and the scope where the API can narrow to it. GET /v1/inference/summary narrows
 * to a project only; a user, GPU type or region scope is answered for the whole organization, and
 * the view says so (`scopeNotApplied`).
 */
import type { components, operations } from '../../api/schema';
import { SCOPE_KINDS, windowQuery, type UtilizationParams } from './params';

export type InferenceSummary = components['schemas']['InferenceSummary'];
export type InferenceQuery = NonNullable<operations['getInferenceSummary']['parameters']['query']>;
export type PodSort = NonNullable<InferenceQuery['sort']>;

export const POD_SORTS: Array<{ value: PodSort; label: string }> = [
  { value: 'spend', label: 'GPU spend' },
  { value: 'tokens', label: 'Tokens' },
  { value: 'blendedCost', label: 'Cost per million tokens (cheapest first)' },
  { value: 'name', label: 'Name' },
];

export function readPodSort(raw: string | null): PodSort {
  return POD_SORTS.find((s) => s.value === raw)?.value ?? 'spend';
}

export function inferenceQuery(p: UtilizationParams, sort: PodSort, limit: number): InferenceQuery {
  const w = windowQuery(p);
  const q: InferenceQuery = w.range ? { range: w.range } : { from: w.from, to: w.to };
  if (p.scope === 'project' && p.scopeId) q.projectId = p.scopeId;
  if (sort !== 'spend') q.sort = sort;
  q.limit = limit;
  return q;
}

/** GET /v1/inference/over-time's query: the summary's window and project, no pod rows. */
export type InferenceDaysQuery = Pick<InferenceQuery, 'range' | 'from' | 'to' | 'projectId'>;

export function inferenceDaysQuery(p: UtilizationParams): InferenceDaysQuery {
  const { sort: _sort, limit: _limit, ...q } = inferenceQuery(p, 'spend', 1);
  return q;
}

/** The scope the page names that these figures do not follow ("GPU type"), or null when they do. */
export function scopeNotApplied(p: UtilizationParams): string | null {
  if (p.scope === 'organization' || p.scope === 'project') return null;
  return SCOPE_KINDS.find((s) => s.value === p.scope)?.label ?? p.scope;
}
