/**
 * The launch's submit, as a small state machine around the draft's Idempotency-Key: one submit
 * at a time (a second click or Enter does nothing new), the same key on every retry and after a
 * reload, and an honest account of the outcome — launched, refused with reasons, offline (never
 * sent by itself later), or not confirmed (try again: it cannot launch twice).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../../../api/problem';
import { LaunchOfflineError, LaunchUnconfirmedError, useLaunchPod, type LaunchResult } from '../../api/create-pod';
import type { PodCreate } from '../../api/types';
import type { LaunchDraft } from '../../launch-draft';

export type LaunchPhase =
  | { kind: 'editing' }
  | { kind: 'sending'; retry: number; resuming: boolean }
  | { kind: 'rejected'; error: ApiError }
  | { kind: 'unconfirmed' }
  | { kind: 'offline'; maybeSent: boolean }
  /** The page was reloaded (or closed) in the middle of a submit; the user confirms before it is sent again. */
  | { kind: 'interrupted' };

/** A submit interrupted less than this long ago is finished on its own after a reload (same key, so safe). */
export const AUTO_RESUME_WITHIN_MS = 10 * 60_000;

function useOnline(): boolean {
  const [online, setOnline] = useState(() => typeof navigator === 'undefined' || navigator.onLine !== false);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

export function useLaunchSubmit({ draft, request, updateDraft, onLaunched }: { draft: LaunchDraft; request: PodCreate; updateDraft: (change: Partial<LaunchDraft>) => void; onLaunched: (result: LaunchResult) => void }) {
  const [phase, setPhase] = useState<LaunchPhase>(() => (draft.submittedAtMs !== null ? { kind: 'interrupted' } : { kind: 'editing' }));
  const inFlight = useRef(false);
  const online = useOnline();
  const launch = useLaunchPod({ onRetry: (retry) => setPhase((p) => (p.kind === 'sending' ? { ...p, retry } : p)) });
  const { mutateAsync } = launch;

  const submit = useCallback(
    async (body: PodCreate, idempotencyKey: string, resuming = false) => {
      if (inFlight.current) return;
      inFlight.current = true;
      setPhase({ kind: 'sending', retry: 0, resuming });
      updateDraft({ submittedAtMs: Date.now() });
      try {
        const result = await mutateAsync({ body, idempotencyKey });
        onLaunched(result);
      } catch (error) {
        if (error instanceof LaunchOfflineError) {
          if (!error.maybeSent) updateDraft({ submittedAtMs: null });
          setPhase({ kind: 'offline', maybeSent: error.maybeSent });
        } else if (error instanceof ApiError) {
          updateDraft({ submittedAtMs: null });
          setPhase({ kind: 'rejected', error });
        } else if (error instanceof LaunchUnconfirmedError) {
          setPhase({ kind: 'unconfirmed' });
        } else {
          setPhase({ kind: 'unconfirmed' });
        }
      } finally {
        inFlight.current = false;
      }
    },
    [mutateAsync, onLaunched, updateDraft],
  );

  // After a reload in the middle of a submit: finish it with the same key while it is recent and
  // the browser is online; otherwise wait for the user to confirm.
  const resumed = useRef(false);
  useEffect(() => {
    if (resumed.current || draft.submittedAtMs === null) return;
    resumed.current = true;
    if (online && Date.now() - draft.submittedAtMs < AUTO_RESUME_WITHIN_MS) {
      queueMicrotask(() => void submit(request, draft.idempotencyKey, true));
    }
  }, [draft.submittedAtMs, draft.idempotencyKey, online, request, submit]);

  const reset = useCallback(() => setPhase({ kind: 'editing' }), []);
  return { phase, submit, reset, online, sending: phase.kind === 'sending' };
}
