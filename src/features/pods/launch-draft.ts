/**
 * The launch form's draft, kept in sessionStorage with its Idempotency-Key: one key per launch
 * intent, so a retry, a second click, Enter pressed twice or a reload in the middle of a
 * submit all send the same key, and the API launches one pod. A new intent (launch done, or
 * the user starts over) gets a new key.
 */

export interface LaunchValues {
  name: string;
  projectId: string;
  gpuTypeId: string;
  gpuCount: number;
  /** A MIG slice of the GPU (its profile name) instead of whole GPUs; '' (or absent, in drafts stored before slices): whole GPUs. */
  migProfile?: string;
  regionId: string;
  imageId: string;
  /** As typed: validated on submit, so a half-typed number is never lost. */
  diskGb: string;
  autoStopIdleMinutes: number | null;
  /** A saved key's id (GET /v1/ssh-keys), sent instead of sshPublicKey; '' for a key pasted. */
  sshKeyId: string;
  sshPublicKey: string;
  /** "Keep my data in …": '' for anywhere. */
  residency: string;
  replacesPodId: string;
  /** With replacesPodId: stop the old pod once the new one runs. */
  stopReplaced: boolean;
}

export interface LaunchDraft {
  values: LaunchValues;
  idempotencyKey: string;
  /** The URL prefill this draft started from, so a reload keeps what was typed since. */
  source: string;
  /** Set while a submit is under way (or its outcome unknown): a reload finds out what happened. */
  submittedAtMs: number | null;
}

const STORAGE_KEY = 'northlight.pods.launch-draft';

export function newIdempotencyKey(): string {
  // randomUUID needs a secure context (https or localhost); getRandomValues does not.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function loadDraft(): LaunchDraft | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as LaunchDraft) : null;
  } catch {
    return null;
  }
}

export function saveDraft(draft: LaunchDraft): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(draft));
  } catch {
    // Storage blocked: the draft lives as long as the page.
  }
}

export function clearDraft(): void {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing to clear
  }
}

/** URL search parameters the launch form takes as a prefill (the Recommendations page links with them). */
export const PREFILL_PARAMS = ['name', 'projectId', 'gpuTypeId', 'gpuCount', 'migProfile', 'regionId', 'imageId', 'diskGb', 'autoStopIdleMinutes', 'sshPublicKey', 'replacesPodId'] as const;

/** The prefill part of a URL's search, in a stable order ('' when there is none). */
export function prefillSource(search: URLSearchParams): string {
  const kept = new URLSearchParams();
  for (const p of PREFILL_PARAMS) {
    const v = search.get(p);
    if (v !== null) kept.set(p, v);
  }
  return kept.toString();
}

/** Applies a URL prefill over defaults; values that do not parse are ignored. */
export function applyPrefill(defaults: LaunchValues, search: URLSearchParams): LaunchValues {
  const v = { ...defaults };
  const text = (p: string) => search.get(p) ?? undefined;
  const int = (p: string) => {
    const raw = search.get(p);
    const n = raw === null ? NaN : Number(raw);
    return Number.isInteger(n) && n > 0 ? n : undefined;
  };
  v.name = text('name') ?? v.name;
  v.projectId = text('projectId') ?? v.projectId;
  v.gpuTypeId = text('gpuTypeId') ?? v.gpuTypeId;
  v.gpuCount = int('gpuCount') ?? v.gpuCount;
  v.migProfile = text('migProfile') ?? v.migProfile ?? '';
  v.regionId = text('regionId') ?? v.regionId;
  v.imageId = text('imageId') ?? v.imageId;
  v.diskGb = int('diskGb')?.toString() ?? v.diskGb;
  // A public key is not a secret: the Recommendations page passes the replaced pod's key along.
  const key = text('sshPublicKey');
  if (key !== undefined) {
    v.sshPublicKey = key;
    v.sshKeyId = ''; // the key given; reconcileSshKey chooses the saved one if it is saved
  }
  const autoStop = search.get('autoStopIdleMinutes');
  if (autoStop === 'off' || autoStop === 'null') v.autoStopIdleMinutes = null;
  else v.autoStopIdleMinutes = int('autoStopIdleMinutes') ?? v.autoStopIdleMinutes;
  const replaces = text('replacesPodId');
  if (replaces) {
    v.replacesPodId = replaces;
    v.stopReplaced = true;
  }
  return v;
}

/** Picks the draft to start from: the stored one when it came from the same prefill, else a new intent. */
export function initialDraft(defaults: LaunchValues, search: URLSearchParams, stored: LaunchDraft | null): LaunchDraft {
  const source = prefillSource(search);
  if (stored && (source === '' || stored.source === source)) return stored;
  return { values: applyPrefill(defaults, search), idempotencyKey: newIdempotencyKey(), source, submittedAtMs: null };
}

/** What the form needs of a saved SSH key (GET /v1/ssh-keys). */
export interface SavedSshKey {
  id: string;
  publicKey: string;
  lastUsedAt: string | null;
}

/** Saved keys, the most recently used first, then those never used, newest first (the API's order). */
export function savedKeysByUse<K extends SavedSshKey>(keys: readonly K[]): K[] {
  const usedAtMs = (k: SavedSshKey) => (k.lastUsedAt === null ? -Infinity : Date.parse(k.lastUsedAt));
  return [...keys].sort((a, b) => usedAtMs(b) - usedAtMs(a));
}

/** The key a new launch starts with: the saved key used most recently (else the newest); '' (paste one) when none is saved. */
export function defaultSshKeyId(keys: readonly SavedSshKey[]): string {
  return savedKeysByUse(keys)[0]?.id ?? '';
}

/** "type base64" of a key line: its identity, whatever its comment. */
const keyBody = (line: string): string => line.trim().split(/\s+/).slice(0, 2).join(' ');

/**
 * A draft's key choice against the keys saved now: a saved key since removed falls back to
 * pasting, and a pasted key that is saved (a recommendation's link passes the old pod's key) is
 * chosen as that saved key. Drafts stored before saved keys existed have no sshKeyId.
 */
export function reconcileSshKey(values: LaunchValues, keys: readonly SavedSshKey[]): LaunchValues {
  const chosen = values.sshKeyId ?? '';
  if (chosen !== '' && keys.some((k) => k.id === chosen)) return { ...values, sshKeyId: chosen };
  const pasted = keyBody(values.sshPublicKey);
  const same = chosen === '' && pasted !== '' ? keys.find((k) => keyBody(k.publicKey) === pasted) : undefined;
  return { ...values, sshKeyId: same?.id ?? '' };
}
