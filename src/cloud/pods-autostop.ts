/**
 * Pods: idle auto-stop that watches the GPU, not SSH sessions. When a pod starts (or its
 * countdown is snoozed), the telemetry — a pure function of time — tells when every one of its
 * GPUs will first have been idle for the chosen minutes; the stop is scheduled then as future
 * transitions. Idle = DCGM_FI_PROF_GR_ENGINE_ACTIVE below 5% on every GPU.
 */
import { reconcileAudit } from './audit';
import { costCentsForDuration } from '../domain/money';
import { MS_PER_DAY, MS_PER_MINUTE } from '../domain/units';
import type { GpuType } from '../domain/catalog';
import type { Schemas } from './api-types';
import { gpuTypes } from './catalog-data';
import type { CloudContext } from './context';
import { lastTransitionAt, statusAt } from './lifecycle';
import type { AutoStopWatch, CloudState, Pod, Transition } from './model';
import { gpuSample, SAMPLE_PERIOD_MS } from './telemetry';
import { notifyIdle } from './notifications';
import { LIFECYCLE_MS } from './world';

/**
 * Below this engine activity a GPU counts as idle: an idle notebook kernel reads about 1%,
 * a cell running reads 35% or more (telemetry.ts), so 5% separates them with room for noise.
 */
export const IDLE_ENGINE_ACTIVE_BELOW = 0.05;
/** How far ahead the telemetry is searched at a time for an idle stretch. */
export const AUTO_STOP_SEARCH_MS = 2 * MS_PER_DAY;
export const DEFAULT_SNOOZE_MINUTES = 60;

const AUTO_STOP_PREFIX = 'Idle for ';
export const autoStopReason = (minutes: number): string => `${AUTO_STOP_PREFIX}${minutes} minutes: auto-stopped`;
const isAutoStop = (t: Transition): boolean => t.status === 'stopping' && t.reason.startsWith(AUTO_STOP_PREFIX);

function gpuOf(pod: Pod): GpuType | undefined {
  return gpuTypes.find((g) => g.id === pod.gpuTypeId);
}

function allGpusIdle(pod: Pod, gpu: GpuType, tMs: number): boolean {
  for (let i = 0; i < pod.gpuCount; i++) {
    if (gpuSample(pod, gpu, i, tMs).DCGM_FI_PROF_GR_ENGINE_ACTIVE >= IDLE_ENGINE_ACTIVE_BELOW) return false;
  }
  return true;
}

export interface IdleStop {
  idleSinceMs: number;
  stopAtMs: number;
}

/**
 * The first moment at or after fromMs when every GPU has been idle for idleMs without a break,
 * looking no further than untilMs. Telemetry holds one value per sample period.
 */
export function firstIdleStop(pod: Pod, fromMs: number, idleMs: number, untilMs: number): IdleStop | null {
  const gpu = gpuOf(pod);
  if (!gpu) return null;
  let idleSince: number | null = null;
  for (let t = Math.floor(fromMs / SAMPLE_PERIOD_MS) * SAMPLE_PERIOD_MS; t < untilMs; t += SAMPLE_PERIOD_MS) {
    if (!allGpusIdle(pod, gpu, t)) {
      idleSince = null;
      continue;
    }
    idleSince ??= Math.max(t, fromMs);
    if (idleSince + idleMs <= t + SAMPLE_PERIOD_MS) return { idleSinceMs: idleSince, stopAtMs: idleSince + idleMs };
  }
  return null;
}

/** Drops a scheduled auto-stop (and what follows it) from the pod's future. */
export function cancelScheduledAutoStop(pod: Pod, nowMs: number): void {
  const i = pod.transitions.findIndex((t) => t.atMs > nowMs && isAutoStop(t));
  if (i >= 0) pod.transitions = pod.transitions.slice(0, i);
}

export function scheduledAutoStop(pod: Pod, nowMs: number): Transition | undefined {
  return pod.transitions.find((t) => t.atMs > nowMs && isAutoStop(t));
}

/** When the pod runs (next, or since), if it is on its way up or up. */
function runningFromMs(pod: Pod, nowMs: number): number | null {
  const status = statusAt(pod, nowMs);
  if (status === 'running') {
    for (let i = pod.transitions.length - 1; i >= 0; i--) {
      const t = pod.transitions[i];
      if (t && t.atMs <= nowMs && t.status === 'running' && pod.transitions[i - 1]?.status !== 'running') return t.atMs;
    }
    return lastTransitionAt(pod, nowMs)?.atMs ?? null;
  }
  if (status === 'queued' || status === 'provisioning') return pod.transitions.find((t) => t.atMs > nowMs && t.status === 'running')?.atMs ?? null;
  return null;
}

/** Another stop, terminate or resize already planned for the pod's future. */
function otherPlannedChange(pod: Pod, nowMs: number): Transition | undefined {
  return pod.transitions.find((t) => t.atMs > nowMs && !isAutoStop(t) && t.status !== 'running' && t.status !== 'stopped');
}

function searchAndSchedule(pod: Pod, watch: AutoStopWatch, fromMs: number, nowMs: number): void {
  const minutes = pod.autoStopIdleMinutes;
  if (minutes === null) return;
  const until = Math.max(nowMs, fromMs) + AUTO_STOP_SEARCH_MS;
  const found = firstIdleStop(pod, fromMs, minutes * MS_PER_MINUTE, until);
  watch.searchedUntilMs = found?.stopAtMs ?? until;
  if (!found) return;
  const planned = otherPlannedChange(pod, nowMs);
  if (planned && planned.atMs <= found.stopAtMs) return;
  // The stop may be due already when the search ran late (a reload after time travel): it
  // happens when the GPUs said so, never before now.
  const at = Math.max(found.stopAtMs, nowMs + 1);
  pod.transitions.push(
    { status: 'stopping', atMs: at, reason: autoStopReason(minutes) },
    { status: 'stopped', atMs: at + LIFECYCLE_MS.stopping, reason: 'GPU released; disk kept' },
  );
  pod.transitions.sort((a, b) => a.atMs - b.atMs);
}

/**
 * (Re)starts a pod's idle watch: the countdown counts idleness from countFromMs on. Call at
 * launch, start, snooze and when auto-stop is changed; it removes the watch when auto-stop is off
 * or the pod is not running or starting.
 */
export function watchIdle(state: CloudState, pod: Pod, nowMs: number, options: { countFromMs?: number; snoozed?: boolean } = {}): void {
  cancelScheduledAutoStop(pod, nowMs);
  const watches = (state.autoStopWatches ??= {});
  const runFrom = runningFromMs(pod, nowMs);
  if (pod.autoStopIdleMinutes === null || runFrom === null) {
    delete watches[pod.id];
    return;
  }
  const countFromMs = Math.max(runFrom, options.countFromMs ?? runFrom);
  const watch: AutoStopWatch = { countFromMs, snoozed: options.snoozed ?? false, searchedUntilMs: countFromMs };
  watches[pod.id] = watch;
  searchAndSchedule(pod, watch, countFromMs, nowMs);
}

/**
 * Keeps the watches going as time passes: the first time a world is seen, its running pods with
 * auto-stop start being watched (from when the world began, so nothing already seen changes);
 * a watch that found no idle stretch yet searches further; a watch on a pod that no longer runs ends.
 */
export function reconcileAutoStop(ctx: CloudContext, nowMs: number): void {
  const state = ctx.state;
  // The audit log's entries for the auto-stops that happened since the last run (state.reconciledAtMs).
  reconcileAudit(ctx, nowMs, AUTO_STOP_PREFIX);
  let changed = false;
  if (state.autoStopWatches === undefined) {
    state.autoStopWatches = {};
    for (const pod of state.pods) {
      if (pod.autoStopIdleMinutes === null || statusAt(pod, nowMs) !== 'running') continue;
      watchIdle(state, pod, nowMs, { countFromMs: state.anchorMs });
    }
    changed = true;
  }
  const watched = Object.entries(state.autoStopWatches);
  if (watched.length === 0) {
    if (changed) ctx.save();
    return;
  }
  // Runs before every request: one pass over the pods, not one per watch (10,000 pods in the large preset).
  const ids = new Set(watched.map(([id]) => id));
  const podsById = new Map(state.pods.filter((p) => ids.has(p.id)).map((p) => [p.id, p]));
  for (const [podId, watch] of watched) {
    const pod = podsById.get(podId);
    const status = pod ? statusAt(pod, nowMs) : 'terminated';
    if (!pod || pod.autoStopIdleMinutes === null || !['queued', 'provisioning', 'running'].includes(status)) {
      if (!pod || !pod.transitions.some((t) => t.atMs > nowMs)) {
        delete state.autoStopWatches[podId];
        changed = true;
      }
      continue;
    }
    const next = scheduledAutoStop(pod, nowMs);
    if (next) {
      // Its GPUs have been idle and the countdown runs: its owner is told once, with the stop's time.
      const idleSinceMs = next.atMs - pod.autoStopIdleMinutes * MS_PER_MINUTE;
      if (idleSinceMs <= nowMs && notifyIdle(ctx, pod, idleSinceMs, next.atMs) > 0) changed = true;
      continue;
    }
    if (watch.searchedUntilMs > nowMs + AUTO_STOP_SEARCH_MS / 2) continue;
    const idleMs = pod.autoStopIdleMinutes * MS_PER_MINUTE;
    // An idle stretch not found yet starts no earlier than idleMs before where the search ended.
    searchAndSchedule(pod, watch, Math.max(watch.countFromMs, watch.searchedUntilMs - idleMs - SAMPLE_PERIOD_MS), nowMs);
    changed = true;
  }
  if (changed) ctx.save();
}

/** The pod page's countdown: when the pod stops if its GPUs stay idle, and what that saves a day. */
export function autoStopView(state: CloudState, pod: Pod, nowMs: number): Schemas['PodAutoStop'] | null {
  const minutes = pod.autoStopIdleMinutes;
  if (minutes === null || !['queued', 'provisioning', 'running'].includes(statusAt(pod, nowMs))) return null;
  const next = scheduledAutoStop(pod, nowMs);
  const idleSinceMs = next ? next.atMs - minutes * MS_PER_MINUTE : null;
  const counting = next !== undefined && idleSinceMs !== null && idleSinceMs <= nowMs;
  const watch = state.autoStopWatches?.[pod.id];
  return {
    idleMinutes: minutes,
    idleSince: counting ? new Date(idleSinceMs).toISOString() : null,
    stopsAt: counting ? new Date(next.atMs).toISOString() : null,
    snoozedUntil: watch?.snoozed && watch.countFromMs > nowMs ? new Date(watch.countFromMs).toISOString() : null,
    savesCentsPerDay: costCentsForDuration(pod.rateMicroUsdPerGpuHour * pod.gpuCount, MS_PER_DAY),
  };
}
