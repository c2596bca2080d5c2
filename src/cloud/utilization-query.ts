/**
 * Reads the utilization calls' shared query: the window (a named range ending now, or a custom
 * from/to), the scope (organization, project, user, GPU type, region) and the waste thresholds,
 * and answers a 400 with field errors for anything out of bounds.
 */
import { MS_PER_DAY, MS_PER_HOUR } from '../domain/units';
import { DEFAULT_WASTE_SETTINGS, type WasteSettings } from '../domain/waste';
import type { Schemas } from './api-types';
import { gpuTypes, regions } from './catalog-data';
import { visibleProjectIds, type CloudContext } from './context';
import type { Pod } from './model';
import { USAGE_PERIOD_MS } from '../domain/usage-rollup';
import { badRequest, notFound, type FieldError } from './problem';
import type { Window } from './utilization-ledger';

export type UtilizationRange = Schemas['UtilizationRange'];
export type ScopeKind = Schemas['UtilizationScopeKind'];

export const RANGE_MS: Record<UtilizationRange, number> = { '24h': MS_PER_DAY, '7d': 7 * MS_PER_DAY, '30d': 30 * MS_PER_DAY };
const SCOPE_KINDS: ScopeKind[] = ['organization', 'project', 'user', 'gpuType', 'region'];
/** The world keeps 90 days of history; a custom window may reach a little past it. */
export const MAX_CUSTOM_MS = 92 * MS_PER_DAY;
/** Shorter windows say little about waste and have too few samples to judge a tier. */
export const MIN_CUSTOM_MS = MS_PER_HOUR;

export interface ResolvedWindow extends Window {
  range: UtilizationRange | null;
}

/** The window a query asks for, and the previous one of the same length. */
/** The end of the telemetry's last whole 5-minute period at a time. */
export function lastPeriodEnd(nowMs: number): number {
  return Math.floor(nowMs / USAGE_PERIOD_MS) * USAGE_PERIOD_MS;
}

export function parseWindow(query: URLSearchParams, nowMs: number): { current: ResolvedWindow; previous: ResolvedWindow } {
  const fromRaw = query.get('from');
  const toRaw = query.get('to');
  const rangeRaw = query.get('range');
  let current: ResolvedWindow;
  if ((fromRaw ?? '') !== '' || (toRaw ?? '') !== '') {
    const errors: FieldError[] = [];
    const fromParsed = Date.parse(fromRaw ?? '');
    const toParsed = Date.parse(toRaw ?? '');
    if (Number.isNaN(fromParsed)) errors.push({ field: 'from', message: 'Give a start date and time (RFC 3339).' });
    if (Number.isNaN(toParsed)) errors.push({ field: 'to', message: 'Give an end date and time (RFC 3339).' });
    // The ledger's rows are hours: a window starts and ends on one, or ends now (the telemetry's
    // last whole period) when it reaches past it.
    const liveEndMs = lastPeriodEnd(nowMs);
    const toMs = Math.min(Math.ceil(toParsed / MS_PER_HOUR) * MS_PER_HOUR, liveEndMs);
    const fromMs = Math.floor(fromParsed / MS_PER_HOUR) * MS_PER_HOUR;
    if (errors.length === 0 && toMs - fromMs < MIN_CUSTOM_MS) errors.push({ field: 'from', message: 'The start must be at least an hour before the end (and before now).' });
    if (errors.length === 0 && toMs - fromMs > MAX_CUSTOM_MS) errors.push({ field: 'from', message: 'A window is at most 92 days long.' });
    if (errors.length > 0) throw badRequest('The time window is not valid.', errors);
    current = { fromMs, toMs, stepMs: USAGE_PERIOD_MS, range: null };
  } else {
    const range = (rangeRaw ?? '7d') as UtilizationRange;
    if (!(range in RANGE_MS)) throw badRequest('Choose a range of 24h, 7d or 30d, or give from and to.', [{ field: 'range', message: 'Choose 24h, 7d or 30d.' }]);
    const lengthMs = RANGE_MS[range];
    // A named range is its length in hours, the last one the open hour up to the telemetry's last
    // whole period, so every call of a page visit within those 5 minutes sees the same window.
    const toMs = lastPeriodEnd(nowMs);
    const fromMs = Math.floor(toMs / MS_PER_HOUR) * MS_PER_HOUR + (toMs % MS_PER_HOUR === 0 ? 0 : MS_PER_HOUR) - lengthMs;
    current = { fromMs, toMs, stepMs: USAGE_PERIOD_MS, range };
  }
  const lengthMs = Math.ceil((current.toMs - current.fromMs) / MS_PER_HOUR) * MS_PER_HOUR;
  return { current, previous: { fromMs: current.fromMs - lengthMs, toMs: current.fromMs, stepMs: current.stepMs, range: current.range } };
}

/** The thresholds a query gives, each one it leaves out taken from `base` (default: the defaults). */
export function parseSettings(query: URLSearchParams, base: WasteSettings = DEFAULT_WASTE_SETTINGS): WasteSettings {
  const errors: FieldError[] = [];
  const read = (name: keyof WasteSettings, min: number, max: number): number => {
    const raw = query.get(name);
    if (raw === null || raw === '') return base[name];
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max) {
      errors.push({ field: name, message: `Must be a number from ${min} to ${max}.` });
      return DEFAULT_WASTE_SETTINGS[name];
    }
    return value;
  };
  const settings: WasteSettings = {
    idleEngineActive: read('idleEngineActive', 0.01, 0.5),
    smActiveTarget: read('smActiveTarget', 0.05, 1),
    memoryHeadroom: DEFAULT_WASTE_SETTINGS.memoryHeadroom,
  };
  if (errors.length > 0) throw badRequest('A waste threshold is out of bounds.', errors);
  return settings;
}

export interface Scope {
  kind: ScopeKind;
  id: string | null;
  name: string;
  /** The visible pods in the scope. */
  pods: Pod[];
}

export function parseScope(ctx: CloudContext, query: URLSearchParams): Scope {
  const kind = (query.get('scope') ?? 'organization') as ScopeKind;
  if (!SCOPE_KINDS.includes(kind)) throw badRequest(`Unknown scope “${kind}”.`, [{ field: 'scope', message: 'Choose organization, project, user, gpuType or region.' }]);
  const visible = visibleProjectIds(ctx);
  const visiblePods = ctx.state.pods.filter((p) => visible.has(p.projectId));
  if (kind === 'organization') return { kind, id: null, name: ctx.state.organization.name, pods: visiblePods };
  const id = query.get('scopeId') ?? '';
  if (id === '') throw badRequest('Say which one the scope is.', [{ field: 'scopeId', message: `Choose a ${kind === 'gpuType' ? 'GPU type' : kind}.` }]);
  switch (kind) {
    case 'project': {
      const project = ctx.state.projects.find((p) => p.id === id && visible.has(p.id));
      if (!project) throw notFound('Project', id);
      return { kind, id, name: project.name, pods: visiblePods.filter((p) => p.projectId === id) };
    }
    case 'user': {
      const user = ctx.state.users.find((u) => u.id === id);
      if (!user) throw notFound('User', id);
      return { kind, id, name: user.name, pods: visiblePods.filter((p) => p.ownerId === id) };
    }
    case 'gpuType': {
      const gpu = gpuTypes.find((g) => g.id === id);
      if (!gpu) throw notFound('GPU type', id);
      return { kind, id, name: gpu.name, pods: visiblePods.filter((p) => p.gpuTypeId === id) };
    }
    case 'region': {
      const region = regions.find((r) => r.id === id);
      if (!region) throw notFound('Region', id);
      return { kind, id, name: region.name, pods: visiblePods.filter((p) => p.regionId === id) };
    }
  }
}

