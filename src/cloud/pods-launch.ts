/**
 * Pods: launching one. Checks every field of the request (all wrong fields at once, in plain
 * words), then quota and capacity, then creates the pod with its lifecycle scheduled ahead
 * (queued → provisioning → running), its idle watch, and the stop of the pod it replaces.
 */
import { gpuSevenths, MIG_COMPUTE_SLICES } from '../domain/mig';
import { podRates } from '../domain/pricing';
import { dnsLabelProblem } from '../domain/validation/dns-label';
import { sshPublicKeyProblem } from '../domain/validation/ssh-public-key';
import type { Schemas } from './api-types';
import { diskPricing, gpuTypes, images, offers, regions } from './catalog-data';
import { currentUser, visibleProjectIds, type CloudContext } from './context';
import { statusAt } from './lifecycle';
import type { Archetype, Pod, SshKeyRecord, User } from './model';
import { badRequest, type FieldError } from './problem';
import { requireCapacity, requireQuota } from './pods-capacity';
import { watchIdle } from './pods-autostop';
import { hashString } from './rng';
import { LIFECYCLE_MS, launchTransitions } from './world';

export type LaunchRequest = Schemas['PodCreate'];

export const AUTO_STOP_MIN_MINUTES = 5;
export const AUTO_STOP_MAX_MINUTES = 1440;

const FIELDS: ReadonlyArray<keyof LaunchRequest> = ['name', 'projectId', 'gpuTypeId', 'gpuCount', 'migProfile', 'regionId', 'imageId', 'diskGb', 'autoStopIdleMinutes', 'sshPublicKey', 'sshKeyId', 'replacesPodId', 'residency'];

const GONE = new Set(['terminating', 'terminated', 'failed']);

/** "1, 2, 4 or 8" */
export function orList(values: readonly (string | number)[]): string {
  const parts = values.map(String);
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`;
}

export function autoStopProblem(value: unknown): string | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < AUTO_STOP_MIN_MINUTES || value > AUTO_STOP_MAX_MINUTES) {
    return `Choose from ${AUTO_STOP_MIN_MINUTES} minutes to 24 hours, or turn auto-stop off.`;
  }
  return null;
}

/** A MIG profile the GPU type is sold in (null or absent: whole GPUs); a slice pod holds one slice. */
export function migProfileProblem(gpuTypeId: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const gpu = gpuTypes.find((g) => g.id === gpuTypeId);
  if (!gpu) return null;
  const sold = (gpu.migProfiles ?? []).map((p) => p.name);
  if (sold.length === 0) return `${gpu.name} is sold as whole GPUs only: leave out migProfile.`;
  if (typeof value !== 'string' || !sold.includes(value)) return `${gpu.name} slices are ${orList(sold)}, or whole GPUs (null).`;
  return null;
}

export function gpuCountProblem(gpuTypeId: string, value: unknown): string | null {
  const gpu = gpuTypes.find((g) => g.id === gpuTypeId);
  if (!gpu) return null;
  if (typeof value !== 'number' || !gpu.allowedCounts.includes(value)) return `${gpu.name} pods have ${orList(gpu.allowedCounts)} GPUs.`;
  return null;
}

/** Every field error of a launch request; empty when it can be tried. */
export function launchFieldErrors(ctx: CloudContext, raw: unknown, nowMs: number): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, message: string | null): void => {
    if (message) errors.push({ field, message });
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [{ field: '', message: 'Send the pod to launch as a JSON object.' }];
  const body = raw as Record<string, unknown>;
  for (const k of Object.keys(body)) if (!FIELDS.includes(k as keyof LaunchRequest)) add(k, `“${k}” is not a field of a launch request.`);
  const str = (k: string): string | null => (typeof body[k] === 'string' ? (body[k] as string) : null);

  const projectId = str('projectId');
  const visible = visibleProjectIds(ctx);
  add('projectId', projectId && visible.has(projectId) ? null : 'Choose a project you are a member of.');

  const name = str('name');
  if (name === null) add('name', 'Give the pod a name.');
  else {
    add('name', dnsLabelProblem(name));
    const taken = ctx.state.pods.some((p) => p.projectId === projectId && p.name === name && !GONE.has(statusAt(p, nowMs)));
    if (taken && dnsLabelProblem(name) === null) add('name', `A pod named “${name}” already exists in this project. Choose another name.`);
  }

  const gpuTypeId = str('gpuTypeId') ?? '';
  const gpu = gpuTypes.find((g) => g.id === gpuTypeId);
  add('gpuTypeId', gpu ? null : 'Choose a GPU type.');
  const regionId = str('regionId') ?? '';
  const region = regions.find((r) => r.id === regionId);
  add('regionId', region ? null : 'Choose a region.');
  if (gpu && region && !offers.some((o) => o.gpuTypeId === gpu.id && o.regionId === region.id)) {
    add('regionId', `${gpu.name} is not offered in ${region.name}. Choose another region or GPU type.`);
  }
  const migProblem = gpu ? migProfileProblem(gpu.id, body.migProfile) : null;
  add('migProfile', migProblem);
  if (gpu && body.migProfile !== undefined && body.migProfile !== null && !migProblem) add('gpuCount', body.gpuCount === 1 ? null : 'A pod on a MIG slice holds one slice: choose 1.');
  else if (gpu) add('gpuCount', gpuCountProblem(gpu.id, body.gpuCount));
  else if (typeof body.gpuCount !== 'number' || !Number.isInteger(body.gpuCount) || body.gpuCount < 1) add('gpuCount', 'Choose how many GPUs.');

  add('imageId', images.some((i) => i.id === body.imageId) ? null : 'Choose an image.');
  const disk = body.diskGb;
  const { minGb, maxGb } = diskPricing;
  add('diskGb', typeof disk === 'number' && Number.isInteger(disk) && disk >= minGb && disk <= maxGb ? null : `Choose a disk of ${minGb} to ${maxGb} GB, in whole GB.`);
  add('autoStopIdleMinutes', 'autoStopIdleMinutes' in body ? autoStopProblem(body.autoStopIdleMinutes) : 'Choose an idle auto-stop time, or turn it off.');
  // One of the two: a key pasted, or one the user saved (ops/ssh-keys.ts).
  if (body.sshKeyId !== undefined) {
    const keyId = str('sshKeyId');
    add('sshKeyId', keyId !== null && savedSshKey(ctx, keyId, currentUser(ctx).id) ? null : 'Choose one of your saved SSH keys, or paste a key.');
    if (body.sshPublicKey !== undefined) add('sshPublicKey', 'Paste a key or choose a saved one, not both.');
  } else {
    add('sshPublicKey', sshPublicKeyProblem(str('sshPublicKey') ?? ''));
  }

  if (body.replacesPodId !== undefined) {
    const old = ctx.state.pods.find((p) => p.id === body.replacesPodId && visible.has(p.projectId));
    add('replacesPodId', old && !GONE.has(statusAt(old, nowMs)) ? null : 'The pod to replace no longer exists.');
  }
  if (body.residency !== undefined && !regions.some((r) => r.residency.includes(String(body.residency)))) {
    add('residency', `No region keeps data in “${String(body.residency)}”.`);
  }
  return errors;
}

/** The user's own saved key with this id; another user's key is not theirs to use. */
function savedSshKey(ctx: CloudContext, keyId: string, userId: string): SshKeyRecord | undefined {
  return (ctx.state.sshKeys ?? []).find((k) => k.id === keyId && k.ownerId === userId);
}

function archetypeFor(imageId: string): Archetype {
  // An inference image serves all day; anything else is an interactive dev pod.
  return imageId.startsWith('vllm') ? 'inference' : 'notebook';
}

/** The id a launch tries at each attempt (the first not taken is the pod's); salt as launchPod makes it. */
export function launchPodIdAttempt(seed: number, salt: string, attempt: number): string {
  return `pod-${hashString(`${seed}:${salt}:${attempt}`).toString(36).padStart(7, '0')}`;
}

/** launchPod's salt for the ids it tries. */
export const launchPodIdSalt = (salt: string, userId: string, nowMs: number): string => `${salt}:${userId}:${nowMs}`;

function newPodId(ctx: CloudContext, salt: string): string {
  for (let attempt = 0; ; attempt++) {
    const id = launchPodIdAttempt(ctx.state.seed, salt, attempt);
    if (!ctx.state.pods.some((p) => p.id === id)) return id;
  }
}

/** Validates and launches; throws the problem (400 fields, 409 quota or capacity) otherwise. */
export function launchPod(ctx: CloudContext, raw: unknown, user: User, nowMs: number, salt: string): Pod {
  const errors = launchFieldErrors(ctx, raw, nowMs);
  if (errors.length > 0) throw badRequest(`Check ${errors.length === 1 ? 'this field' : `these ${errors.length} fields`} and launch again.`, errors);
  const req = raw as LaunchRequest;
  const offer = offers.find((o) => o.gpuTypeId === req.gpuTypeId && o.regionId === req.regionId);
  if (!offer) throw badRequest('This GPU type is not offered in this region.');
  const migProfile = req.migProfile ?? null;
  // A slice is billed at its own rate (catalog-data.ts, domain/mig.ts): the pod's GPU rate is the slice's.
  const slice = migProfile === null ? null : offer.migSlices?.find((s) => s.profile === migProfile);
  if (migProfile !== null && !slice) throw badRequest('This MIG slice is not sold in this region.', [{ field: 'migProfile', message: 'This slice is not sold in this region.' }]);
  const rateMicroUsdPerGpuHour = slice ? slice.rateMicroUsdPerHour : offer.rateMicroUsdPerGpuHour;
  requireQuota(ctx, req.projectId, gpuSevenths(req.gpuCount, migProfile) / MIG_COMPUTE_SLICES, nowMs);
  requireCapacity(ctx, { gpuTypeId: req.gpuTypeId, regionId: req.regionId, gpuCount: req.gpuCount, residency: req.residency, migProfile }, nowMs, true);
  const rates = podRates({ rateMicroUsdPerGpuHour }, diskPricing, { gpuCount: req.gpuCount, diskGb: req.diskGb });
  const id = newPodId(ctx, launchPodIdSalt(salt, user.id, nowMs));
  const savedKey = req.sshKeyId === undefined ? undefined : savedSshKey(ctx, req.sshKeyId, user.id);
  const pod: Pod = {
    id,
    name: req.name,
    projectId: req.projectId,
    ownerId: user.id,
    gpuTypeId: req.gpuTypeId,
    gpuCount: req.gpuCount,
    ...(migProfile !== null ? { migProfile } : {}),
    regionId: req.regionId,
    imageId: req.imageId,
    diskGb: req.diskGb,
    autoStopIdleMinutes: req.autoStopIdleMinutes,
    sshPublicKey: savedKey ? savedKey.publicKey : (req.sshPublicKey ?? '').trim(),
    createdAtMs: nowMs,
    archetype: archetypeFor(req.imageId),
    seed: hashString(`${ctx.state.seed}:pod:${id}`),
    // Prices are locked at launch: the estimate the user saw is what the ledger bills.
    rateMicroUsdPerGpuHour,
    diskMicroUsdPerHour: rates.diskMicroUsdPerHour,
    transitions: launchTransitions(nowMs, `Launched by ${user.name}`),
  };
  ctx.state.pods.unshift(pod);
  // Real time, like the key's other times: "last used" is when the user last launched with it.
  if (savedKey) savedKey.lastUsedAtMs = ctx.realNow();
  if (failsProvisioning(ctx, pod)) return pod;
  watchIdle(ctx.state, pod, nowMs);
  if (req.replacesPodId) scheduleReplacement(ctx, pod, req.replacesPodId, nowMs);
  return pod;
}

/**
 * An injected provisioning fault (POST /v1/simulation/provisioning-faults): the container never
 * starts, the pod ends failed where it would have run (its GPUs released, billed the seconds it
 * was queued and provisioning, as any launch is), a pod it replaces keeps running, and its owner
 * is told when it happens (reconcile-watches.ts).
 */
function failsProvisioning(ctx: CloudContext, pod: Pod): boolean {
  const pending = ctx.state.provisioningFaults ?? 0;
  if (pending <= 0) return false;
  if (pending === 1) delete ctx.state.provisioningFaults;
  else ctx.state.provisioningFaults = pending - 1;
  const last = pod.transitions[pod.transitions.length - 1]!;
  const reason = 'The container did not start: its image could not be pulled (a fault injected by the simulation)';
  pod.transitions[pod.transitions.length - 1] = { status: 'failed', atMs: last.atMs, reason };
  (ctx.state.launchFailures ??= []).push({ podId: pod.id, atMs: last.atMs, reason });
  return true;
}

/** The replaced pod stops when its replacement is up (if it still runs then). */
function scheduleReplacement(ctx: CloudContext, pod: Pod, oldId: string, nowMs: number): void {
  const old = ctx.state.pods.find((p) => p.id === oldId);
  if (!old || !['queued', 'provisioning', 'running'].includes(statusAt(old, nowMs))) return;
  const upAt = nowMs + LIFECYCLE_MS.queued + LIFECYCLE_MS.provisioning;
  old.transitions = old.transitions.filter((t) => t.atMs <= nowMs);
  old.transitions.push(
    { status: 'stopping', atMs: upAt, reason: `Replaced by ${pod.name}, now running` },
    { status: 'stopped', atMs: upAt + LIFECYCLE_MS.stopping, reason: 'GPU released; disk kept' },
  );
  (ctx.state.podReplacements ??= {})[pod.id] = old.id;
}

/** When a replacement is stopped before it runs, the pod it was to replace keeps running. */
export function cancelReplacement(ctx: CloudContext, pod: Pod, nowMs: number): void {
  const oldId = ctx.state.podReplacements?.[pod.id];
  if (!oldId) return;
  const old = ctx.state.pods.find((p) => p.id === oldId);
  const i = old ? old.transitions.findIndex((t) => t.atMs > nowMs && t.reason.startsWith(`Replaced by ${pod.name}`)) : -1;
  if (old && i >= 0) {
    old.transitions = old.transitions.slice(0, i);
    watchIdle(ctx.state, old, nowMs);
  }
  delete ctx.state.podReplacements?.[pod.id];
}
