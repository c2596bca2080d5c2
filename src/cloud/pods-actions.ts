/**
 * Pods: what a person does to a pod — stop, start, terminate, change auto-stop or GPU count,
 * keep it running. Each writes the lifecycle ahead as transitions; acting again on a pod that
 * is already where it was asked to go answers it as it is (a retry after a lost answer is safe).
 */
import { MS_PER_MINUTE } from '../domain/units';
import { gpuTypes } from './catalog-data';
import type { CloudContext } from './context';
import { statusAt } from './lifecycle';
import type { Pod, PodStatus, User } from './model';
import { badRequest, problem } from './problem';
import { requireCapacity, requireQuota } from './pods-capacity';
import { gpuSevenths, MIG_COMPUTE_SLICES } from '../domain/mig';
import { DEFAULT_SNOOZE_MINUTES, watchIdle } from './pods-autostop';
import { autoStopProblem, cancelReplacement, gpuCountProblem } from './pods-launch';
import { LIFECYCLE_MS } from './world';

const conflict = (detail: string) => problem(409, 'pod-state-conflict', 'Not possible in this state', detail);

const UP: ReadonlySet<PodStatus> = new Set(['queued', 'provisioning', 'running']);
const GONE: ReadonlySet<PodStatus> = new Set(['terminating', 'terminated', 'failed']);

/** Forget the pod's planned future: a person's action replaces it. */
function dropFuture(pod: Pod, nowMs: number): void {
  pod.transitions = pod.transitions.filter((t) => t.atMs <= nowMs);
}

function body(input: unknown): Record<string, unknown> {
  return typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
}

export function stopPod(ctx: CloudContext, pod: Pod, user: User, nowMs: number): void {
  const status = statusAt(pod, nowMs);
  if (status === 'stopping' || status === 'stopped') return;
  if (GONE.has(status)) throw conflict('This pod is terminated; there is nothing to stop.');
  dropFuture(pod, nowMs);
  pod.transitions.push(
    { status: 'stopping', atMs: nowMs, reason: `Stopped by ${user.name}` },
    { status: 'stopped', atMs: nowMs + LIFECYCLE_MS.stopping, reason: 'GPU released; disk kept' },
  );
  if (status !== 'running') cancelReplacement(ctx, pod, nowMs);
  watchIdle(ctx.state, pod, nowMs);
}

export function startPod(ctx: CloudContext, pod: Pod, user: User, nowMs: number): void {
  const status = statusAt(pod, nowMs);
  if (UP.has(status)) return;
  if (GONE.has(status)) throw conflict('This pod is terminated; launch a new one instead.');
  if (status === 'stopping') throw conflict('This pod is still stopping. Start it again once it has stopped (a few seconds).');
  requireQuota(ctx, pod.projectId, gpuSevenths(pod.gpuCount, pod.migProfile) / MIG_COMPUTE_SLICES, nowMs);
  requireCapacity(ctx, { gpuTypeId: pod.gpuTypeId, regionId: pod.regionId, gpuCount: pod.gpuCount, migProfile: pod.migProfile }, nowMs, false);
  dropFuture(pod, nowMs);
  pod.transitions.push(
    { status: 'provisioning', atMs: nowMs, reason: `Started by ${user.name}` },
    { status: 'running', atMs: nowMs + LIFECYCLE_MS.provisioning, reason: 'Container started' },
  );
  watchIdle(ctx.state, pod, nowMs);
}

export function terminatePod(ctx: CloudContext, pod: Pod, user: User, nowMs: number, input: unknown): void {
  const confirmName = body(input).confirmName;
  const status = statusAt(pod, nowMs);
  if (status === 'terminating' || status === 'terminated') return;
  if (confirmName !== pod.name) {
    throw badRequest('Type the pod’s name to confirm.', [{ field: 'confirmName', message: `Type “${pod.name}” to confirm: its disk and everything on it will be deleted.` }]);
  }
  if (status !== 'running') cancelReplacement(ctx, pod, nowMs);
  dropFuture(pod, nowMs);
  pod.transitions.push(
    { status: 'terminating', atMs: nowMs, reason: `Terminated by ${user.name}` },
    { status: 'terminated', atMs: nowMs + LIFECYCLE_MS.terminating, reason: 'Disk deleted' },
  );
  watchIdle(ctx.state, pod, nowMs);
}

export function keepPodRunning(ctx: CloudContext, pod: Pod, nowMs: number, input: unknown): void {
  const snooze = body(input).snoozeMinutes ?? DEFAULT_SNOOZE_MINUTES;
  if (typeof snooze !== 'number' || !Number.isInteger(snooze) || snooze < 0 || snooze > 1440) {
    throw badRequest('Snooze for 0 to 1440 minutes.', [{ field: 'snoozeMinutes', message: 'Choose 0 to 1440 minutes.' }]);
  }
  if (pod.autoStopIdleMinutes === null) throw conflict('Auto-stop is off for this pod, so it keeps running already.');
  if (!UP.has(statusAt(pod, nowMs))) throw conflict('This pod is not running.');
  watchIdle(ctx.state, pod, nowMs, { countFromMs: nowMs + snooze * MS_PER_MINUTE, snoozed: snooze > 0 });
}

/** PATCH: auto-stop and GPU count, in place. A running pod restarts to change its GPU count. */
export function updatePod(ctx: CloudContext, pod: Pod, user: User, nowMs: number, input: unknown): void {
  const patch = body(input);
  const errors = Object.keys(patch)
    .filter((k) => k !== 'autoStopIdleMinutes' && k !== 'gpuCount')
    .map((k) => ({ field: k, message: `“${k}” cannot be changed in place.` }));
  if ('autoStopIdleMinutes' in patch) {
    const m = autoStopProblem(patch.autoStopIdleMinutes);
    if (m) errors.push({ field: 'autoStopIdleMinutes', message: m });
  }
  if ('gpuCount' in patch && pod.migProfile && patch.gpuCount !== pod.gpuCount) {
    errors.push({ field: 'gpuCount', message: `This pod holds one ${pod.migProfile} slice; launch a pod on a larger slice or on whole GPUs instead.` });
  } else if ('gpuCount' in patch) {
    const m = gpuCountProblem(pod.gpuTypeId, patch.gpuCount);
    if (m) errors.push({ field: 'gpuCount', message: m });
  }
  if (Object.keys(patch).length === 0) errors.push({ field: '', message: 'Send autoStopIdleMinutes, gpuCount or both.' });
  if (errors.length > 0) throw badRequest('Check the change and send it again.', errors);
  const status = statusAt(pod, nowMs);
  if (GONE.has(status)) throw conflict('This pod is terminated; it cannot be changed.');
  const gpuCount = patch.gpuCount as number | undefined;
  if (gpuCount !== undefined && gpuCount !== pod.gpuCount) {
    const holding = UP.has(status) || status === 'stopping';
    const more = gpuCount - pod.gpuCount;
    if (holding && more > 0) {
      requireQuota(ctx, pod.projectId, more, nowMs);
      requireCapacity(ctx, { gpuTypeId: pod.gpuTypeId, regionId: pod.regionId, gpuCount: more }, nowMs, false);
    }
    // Past hours stay billed at the count they ran with (see billing.ts).
    pod.gpuCountHistory = [...(pod.gpuCountHistory ?? [{ fromMs: pod.createdAtMs, gpuCount: pod.gpuCount }]), { fromMs: nowMs, gpuCount }];
    pod.gpuCount = gpuCount;
    if (status === 'running' || status === 'provisioning') {
      const gpu = gpuTypes.find((g) => g.id === pod.gpuTypeId)?.name ?? pod.gpuTypeId;
      dropFuture(pod, nowMs);
      pod.transitions.push(
        { status: 'provisioning', atMs: nowMs, reason: `Restarting with ${gpuCount} × ${gpu}, changed by ${user.name}` },
        { status: 'running', atMs: nowMs + LIFECYCLE_MS.provisioning, reason: 'Container started' },
      );
    }
  }
  if ('autoStopIdleMinutes' in patch) pod.autoStopIdleMinutes = patch.autoStopIdleMinutes as number | null;
  // A new setting counts idleness from now on, not retroactively.
  watchIdle(ctx.state, pod, nowMs, 'autoStopIdleMinutes' in patch ? { countFromMs: nowMs } : {});
}
