/**
 * The organization's waste thresholds, as versions in time: an admin who changes them says how
 * far back the change applies (from now on, the last 7 or 30 days, or all history), and every
 * hour is judged by the version in effect then. Hours a change reaches back to are recomputed:
 * in the background, newest first, with progress the console shows; a read of an hour not
 * recomputed yet builds it itself, so no answer ever mixes old rows into a new version.
 */
import { MS_PER_DAY } from '../domain/units';
import { DEFAULT_WASTE_SETTINGS, type WasteSettings } from '../domain/waste';
import type { CloudState, Pod } from './model';
import type { GpuSampler } from './telemetry';
import { daysOf, startOfHour, usageLedgerFor, type UsageLedger } from './usage-ledger';
import { forEachSliced } from './utilization-ledger';
import { HISTORY_DAYS } from './world';

/** One setting of the thresholds and the hour it applies from (0: all history). */
export interface WasteSettingsVersion {
  fromMs: number;
  idleEngineActive: number;
  smActiveTarget: number;
  setAtMs: number;
  setById: string;
}

export type ApplyTo = 'future' | 'last7d' | 'last30d' | 'all';
export const APPLY_TO: readonly ApplyTo[] = ['future', 'last7d', 'last30d', 'all'];

/** Versions kept: older ones are folded into the next when more accumulate. */
const MAX_VERSIONS = 12;

/** The versions in time order, the first from the start of history (the defaults until an admin sets any). */
export function settingsVersions(state: CloudState): WasteSettingsVersion[] {
  const versions = state.wasteSettingsVersions ?? [];
  if (versions.length > 0 && versions[0]?.fromMs === 0) return versions;
  return [{ fromMs: 0, idleEngineActive: DEFAULT_WASTE_SETTINGS.idleEngineActive, smActiveTarget: DEFAULT_WASTE_SETTINGS.smActiveTarget, setAtMs: 0, setById: '' }, ...versions];
}

export function settingsOf(v: Pick<WasteSettingsVersion, 'idleEngineActive' | 'smActiveTarget'>): WasteSettings {
  return { idleEngineActive: v.idleEngineActive, smActiveTarget: v.smActiveTarget, memoryHeadroom: DEFAULT_WASTE_SETTINGS.memoryHeadroom };
}

/** The thresholds in effect now: the last version. */
export function currentSettings(state: CloudState): WasteSettings {
  const versions = settingsVersions(state);
  return settingsOf(versions[versions.length - 1] ?? versions[0]!);
}

/** Where a change that applies to `applyTo` starts: the open hour for "from now on", else whole days back. */
export function applyFromMs(applyTo: ApplyTo, nowMs: number): number {
  switch (applyTo) {
    case 'future':
      return startOfHour(nowMs);
    case 'last7d':
      return startOfHour(nowMs) - 7 * MS_PER_DAY;
    case 'last30d':
      return startOfHour(nowMs) - 30 * MS_PER_DAY;
    case 'all':
      return 0;
  }
}

/** Records a change: versions from fromMs on are replaced by it. */
export function setSettings(state: CloudState, version: WasteSettingsVersion): void {
  const kept = settingsVersions(state).filter((v) => v.fromMs < version.fromMs);
  const next = [...kept, version];
  while (next.length > MAX_VERSIONS) next.splice(1, 1);
  state.wasteSettingsVersions = next;
}

/** A stretch of a window judged by one setting, and the store of its rows. */
export interface SettingsSegment {
  fromMs: number;
  toMs: number;
  settings: WasteSettings;
  ledger: UsageLedger;
}

/**
 * The window cut where the versions change, each part with its store. Thresholds given with the
 * request (a what-if) judge the whole window by themselves.
 */
export function settingsSegments(state: CloudState, window: { fromMs: number; toMs: number }, override: WasteSettings | null, sample?: GpuSampler): SettingsSegment[] {
  if (override) return [{ ...window, settings: override, ledger: usageLedgerFor(override, sample) }];
  const versions = settingsVersions(state);
  const out: SettingsSegment[] = [];
  versions.forEach((v, i) => {
    const fromMs = Math.max(window.fromMs, v.fromMs);
    const toMs = Math.min(window.toMs, versions[i + 1]?.fromMs ?? Infinity);
    if (toMs <= fromMs) return;
    const settings = settingsOf(v);
    out.push({ fromMs, toMs, settings, ledger: usageLedgerFor(settings, sample) });
  });
  return out;
}

export interface Recompute {
  fromMs: number;
  toMs: number;
  state: 'running' | 'done';
  /** Share of the pod-days rebuilt, 0-1. */
  progress: number;
}

/** The background rebuild of the last change's hours, per organization (the simulator's only). */
const recomputes = new Map<string, Recompute>();

export function recomputeOf(state: CloudState): Recompute | null {
  return recomputes.get(`${state.organization.id}|${state.seed}`) ?? null;
}

/**
 * Rebuilds the hours [fromMs, closedUntilMs) under the current version, newest day first, in
 * slices (the browser keeps answering); reads in the meantime build what they need themselves.
 */
export function startRecompute(state: CloudState, fromMs: number, closedUntilMs: number, pods: readonly Pod[]): Recompute {
  const key = `${state.organization.id}|${state.seed}`;
  const startMs = Math.max(fromMs, closedUntilMs - HISTORY_DAYS * MS_PER_DAY);
  const days = daysOf(startMs, closedUntilMs).reverse();
  const job: Recompute = { fromMs: startMs, toMs: closedUntilMs, state: days.length > 0 && startMs < startOfHour(closedUntilMs) ? 'running' : 'done', progress: days.length > 0 ? 0 : 1 };
  recomputes.set(key, job);
  if (job.state === 'done') return job;
  const ledger = usageLedgerFor(currentSettings(state));
  const work = days.flatMap((dayMs) => pods.map((pod) => ({ pod, dayMs })));
  let done = 0;
  void forEachSliced(work, ({ pod, dayMs }) => {
    if (recomputes.get(key) !== job) return;
    if (dayMs + MS_PER_DAY > startMs && dayMs < closedUntilMs) ledger.podDay(pod, dayMs, closedUntilMs);
    done++;
    job.progress = Math.floor((done / work.length) * 1000) / 1000;
  }).then(() => {
    job.state = 'done';
    job.progress = 1;
  });
  return job;
}
