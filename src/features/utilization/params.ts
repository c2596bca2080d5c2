/**
 * The Utilization page's state, all of it in the URL: the time range (a named range or a custom
 * pair of UTC dates), the scope, the breakdown's dimension and sort, and the waste thresholds.
 * Pure functions from URLSearchParams and back, so links, reloads and the back button agree.
 */
import type { components } from '../../api/schema';

type Schemas = components['schemas'];
export type NamedRange = Schemas['UtilizationRange'];
export type ScopeKind = Schemas['UtilizationScopeKind'];
export type BreakdownBy = Schemas['UtilizationBreakdownBy'];
export type BreakdownSort = Schemas['UtilizationBreakdownSort'];

export const NAMED_RANGES: Array<{ value: NamedRange; label: string }> = [
  { value: '24h', label: '24 h' },
  { value: '7d', label: '7 d' },
  { value: '30d', label: '30 d' },
];
export const SCOPE_KINDS: Array<{ value: ScopeKind; label: string }> = [
  { value: 'organization', label: 'Organization' },
  { value: 'project', label: 'Project' },
  { value: 'user', label: 'User' },
  { value: 'gpuType', label: 'GPU type' },
  { value: 'region', label: 'Region' },
];
export const BREAKDOWNS: Array<{ value: BreakdownBy; label: string }> = [
  { value: 'project', label: 'Project' },
  { value: 'user', label: 'User' },
  { value: 'gpuType', label: 'GPU type' },
  { value: 'pod', label: 'Pod' },
];
const SORTS: BreakdownSort[] = ['name', 'spend', 'waste', 'idle', 'underUsed', 'oversized', 'efficiency', 'allocated'];

export type RangeChoice = { kind: 'named'; range: NamedRange } | { kind: 'custom'; fromDate: string; toDate: string };

export interface UtilizationParams {
  range: RangeChoice;
  scope: ScopeKind;
  /** Empty for the organization. */
  scopeId: string;
  by: BreakdownBy;
  sort: BreakdownSort;
  order: 'asc' | 'desc';
  /** Thresholds as ratios; null for the API's defaults. */
  idleEngineActive: number | null;
  smActiveTarget: number | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isNamed = (v: string | null): v is NamedRange => NAMED_RANGES.some((r) => r.value === v);

function ratioParam(raw: string | null, min: number, max: number): number | null {
  if (raw === null || raw === '') return null;
  const pct = Number(raw);
  return Number.isFinite(pct) && pct / 100 >= min && pct / 100 <= max ? pct / 100 : null;
}

/**
 * The page's parameters from its URL; without a scope in the URL, the header's project (when one
 * is chosen) is the scope, so the page follows the project switcher like every other page.
 */
export function readParams(search: URLSearchParams, headerProjectId?: string): UtilizationParams {
  const rangeRaw = search.get('range');
  const fromDate = search.get('from') ?? '';
  const toDate = search.get('to') ?? '';
  const range: RangeChoice =
    rangeRaw === 'custom' && DATE.test(fromDate) && DATE.test(toDate)
      ? { kind: 'custom', fromDate, toDate }
      : { kind: 'named', range: isNamed(rangeRaw) ? rangeRaw : '7d' };
  const scopeRaw = search.get('scope');
  const scopeId = search.get('scopeId') ?? '';
  const named = SCOPE_KINDS.some((s) => s.value === scopeRaw) && (scopeRaw === 'organization' || scopeId !== '');
  const fromHeader = !named && headerProjectId !== undefined && headerProjectId !== 'all';
  const scope: ScopeKind = named ? (scopeRaw as ScopeKind) : fromHeader ? 'project' : 'organization';
  const byRaw = search.get('by');
  const sortRaw = search.get('sort');
  return {
    range,
    scope,
    scopeId: scope === 'organization' ? '' : fromHeader ? headerProjectId : scopeId,
    by: BREAKDOWNS.some((b) => b.value === byRaw) ? (byRaw as BreakdownBy) : 'project',
    sort: SORTS.includes(sortRaw as BreakdownSort) ? (sortRaw as BreakdownSort) : 'waste',
    order: search.get('order') === 'asc' ? 'asc' : 'desc',
    idleEngineActive: ratioParam(search.get('idle'), 0.01, 0.5),
    smActiveTarget: ratioParam(search.get('sm'), 0.05, 1),
  };
}

/** Writes the parameters back, leaving out defaults so URLs stay short. */
export function writeParams(p: UtilizationParams): URLSearchParams {
  const out = new URLSearchParams();
  if (p.range.kind === 'custom') {
    out.set('range', 'custom');
    out.set('from', p.range.fromDate);
    out.set('to', p.range.toDate);
  } else if (p.range.range !== '7d') out.set('range', p.range.range);
  if (p.scope !== 'organization') {
    out.set('scope', p.scope);
    out.set('scopeId', p.scopeId);
  }
  if (p.by !== 'project') out.set('by', p.by);
  if (p.sort !== 'waste') out.set('sort', p.sort);
  if (p.order !== 'desc') out.set('order', p.order);
  if (p.idleEngineActive !== null) out.set('idle', String(Math.round(p.idleEngineActive * 100)));
  if (p.smActiveTarget !== null) out.set('sm', String(Math.round(p.smActiveTarget * 100)));
  return out;
}

/** The query the API's utilization calls share. */
export interface WindowQuery {
  range?: NamedRange;
  from?: string;
  to?: string;
  scope?: ScopeKind;
  scopeId?: string;
  idleEngineActive?: number;
  smActiveTarget?: number;
}

/** A custom range runs from the start of its first UTC day to the end of its last. */
export function windowQuery(p: UtilizationParams): WindowQuery {
  const q: WindowQuery = {};
  if (p.range.kind === 'custom') {
    q.from = `${p.range.fromDate}T00:00:00.000Z`;
    q.to = new Date(Date.parse(`${p.range.toDate}T00:00:00.000Z`) + 86_400_000).toISOString();
  } else q.range = p.range.range;
  if (p.scope !== 'organization') {
    q.scope = p.scope;
    q.scopeId = p.scopeId;
  }
  if (p.idleEngineActive !== null) q.idleEngineActive = p.idleEngineActive;
  if (p.smActiveTarget !== null) q.smActiveTarget = p.smActiveTarget;
  return q;
}

/** Where a breakdown row leads: the pod's page, or this page narrowed to the row. */
export function breakdownRowHref(p: UtilizationParams, by: BreakdownBy, id: string): string {
  if (by === 'pod') return `/pods/${encodeURIComponent(id)}`;
  return `/utilization?${writeParams({ ...p, scope: by, scopeId: id, by: 'pod' }).toString()}`;
}

export function rangeLabel(r: RangeChoice): string {
  if (r.kind === 'custom') return `${r.fromDate} to ${r.toDate}`;
  return { '24h': 'last 24 hours', '7d': 'last 7 days', '30d': 'last 30 days' }[r.range];
}
