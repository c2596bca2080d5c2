/**
 * POST /v1/pods, exactly once. One Idempotency-Key per launch intent (the caller keeps it with
 * the form draft); when an answer is lost or late, the same request is sent again with the
 * same key — the API answers the first result again, so a retry cannot launch a second pod —
 * until the console knows what happened. Offline, nothing is sent (or re-sent) by itself.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import { ApiError } from '../../../api/problem';
import { podKeys, type Pod, type PodCreate } from './types';

/** How long one attempt may take before the console asks again. */
export const LAUNCH_ATTEMPT_TIMEOUT_MS = 15_000;
/** Attempts before the console says it could not find out (the key keeps a later retry safe). */
export const LAUNCH_ATTEMPTS = 5;
const BACKOFF_MS = [400, 800, 1600, 3200];

/** The launch may or may not have happened and the console could not find out. */
export class LaunchUnconfirmedError extends Error {
  constructor(readonly lastError: unknown) {
    super('The console could not confirm the launch: the API did not answer in time. Try again: it uses the same request, so it cannot launch a second pod.');
    this.name = 'LaunchUnconfirmedError';
  }
}

/** The browser is offline: the launch was not sent (or not re-sent); it waits for the user. */
export class LaunchOfflineError extends Error {
  constructor(readonly maybeSent: boolean) {
    super(
      maybeSent
        ? 'You went offline while launching. When you are back online, confirm to find out whether the pod was launched (it will not launch twice).'
        : 'You are offline, so the launch was not sent. When you are back online, confirm to launch.',
    );
    this.name = 'LaunchOfflineError';
  }
}

export interface LaunchResult {
  pod: Pod;
  /** The API answered a stored earlier result: the pod had already been launched. */
  replayed: boolean;
}

export async function createPod(body: PodCreate, idempotencyKey: string, signal?: AbortSignal): Promise<LaunchResult> {
  const result = await api.POST('/v1/pods', { params: { header: { 'Idempotency-Key': idempotencyKey } }, body, ...(signal ? { signal } : {}) });
  return { pod: unwrap(result), replayed: result.response.headers.get('Idempotency-Replayed') === 'true' };
}

/** Worth asking again with the same key: the outcome is unknown or the first is still in progress. */
export function isTransient(error: unknown): boolean {
  if (error instanceof ApiError) return error.status >= 500 || error.problem.type.endsWith('/idempotency-in-flight');
  return error instanceof TypeError || (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError'));
}

export interface LaunchOptions {
  attempts?: number;
  timeoutMs?: number;
  isOnline?: () => boolean;
  sleep?: (ms: number) => Promise<void>;
  /** Told before each retry, so the screen can say what is going on. */
  onRetry?: (attempt: number) => void;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const browserOnline = () => typeof navigator === 'undefined' || navigator.onLine !== false;

export async function launchPodOnce(body: PodCreate, idempotencyKey: string, options: LaunchOptions = {}): Promise<LaunchResult> {
  const attempts = options.attempts ?? LAUNCH_ATTEMPTS;
  const isOnline = options.isOnline ?? browserOnline;
  const sleep = options.sleep ?? defaultSleep;
  let lastError: unknown = null;
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (!isOnline()) throw new LaunchOfflineError(attempt > 0);
    if (attempt > 0) {
      options.onRetry?.(attempt);
      const base = BACKOFF_MS[Math.min(attempt - 1, BACKOFF_MS.length - 1)] ?? 1000;
      await sleep(base + Math.floor(Math.random() * base * 0.25));
      if (!isOnline()) throw new LaunchOfflineError(true);
    }
    try {
      return await createPod(body, idempotencyKey, AbortSignal.timeout(options.timeoutMs ?? LAUNCH_ATTEMPT_TIMEOUT_MS));
    } catch (error) {
      if (!isTransient(error)) throw error;
      lastError = error;
    }
  }
  throw new LaunchUnconfirmedError(lastError);
}

export function useLaunchPod(options: Pick<LaunchOptions, 'onRetry'> = {}) {
  const client = useQueryClient();
  return useMutation({
    // TanStack would pause a mutation while offline and send it by itself once back online: a
    // launch must never go out later without the user, so launchPodOnce decides (and refuses).
    networkMode: 'always',
    mutationFn: ({ body, idempotencyKey }: { body: PodCreate; idempotencyKey: string }) => launchPodOnce(body, idempotencyKey, options),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: podKeys.lists() });
      void client.invalidateQueries({ queryKey: ['catalog'] });
    },
  });
}
