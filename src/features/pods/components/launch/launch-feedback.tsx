/** What the launch is doing or what stopped it, in words a person can act on. */
import type { ReactNode } from 'react';
import type { LaunchPhase } from './use-launch-submit';

function Notice({ tone, title, children }: { tone: 'info' | 'warn' | 'error'; title: string; children?: ReactNode }) {
  const colors = {
    info: 'border-sky-300 bg-sky-50 text-sky-950 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-50',
    warn: 'border-amber-400 bg-amber-50 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-50',
    error: 'border-red-300 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-50',
  }[tone];
  return (
    <div role={tone === 'info' ? 'status' : 'alert'} className={`rounded-lg border p-3 text-sm ${colors}`}>
      <p className="font-semibold">{title}</p>
      {children && <div className="mt-1 space-y-2">{children}</div>}
    </div>
  );
}

export function LaunchFeedback({
  phase,
  online,
  podName,
  onConfirmSend,
  onStartOver,
}: {
  phase: LaunchPhase;
  online: boolean;
  podName: string;
  onConfirmSend: () => void;
  onStartOver: () => void;
}) {
  switch (phase.kind) {
    case 'editing':
      return null;
    case 'sending':
      return (
        <Notice tone="info" title={phase.resuming ? `Finding out whether ${podName} was launched…` : `Launching ${podName}…`}>
          {phase.retry > 0 && <p>No answer yet; asking again with the same request (attempt {phase.retry + 1}). It cannot launch twice.</p>}
        </Notice>
      );
    case 'unconfirmed':
      return (
        <Notice tone="error" title="The launch could not be confirmed">
          <p>
            The API did not answer in time, so the console cannot tell whether {podName} was launched. Press “Launch pod” again: it sends
            the same request, so at most one pod is launched.
          </p>
        </Notice>
      );
    case 'offline':
      return (
        <Notice tone="warn" title={online ? 'You are back online' : 'You are offline'}>
          <p>
            {phase.maybeSent
              ? `The connection dropped while ${podName} was launching; it may or may not have started.`
              : `The launch of ${podName} was not sent.`}{' '}
            Nothing is sent again without you.
          </p>
          {online && (
            <button type="button" className="btn-primary" onClick={onConfirmSend}>
              {phase.maybeSent ? `Check and finish launching ${podName}` : `Launch ${podName} now`}
            </button>
          )}
        </Notice>
      );
    case 'interrupted':
      return (
        <Notice tone="warn" title={`A launch of ${podName} was under way when the page closed`}>
          <p>It may or may not have started. Confirm to find out and finish it: the same request is sent, so it cannot launch twice.</p>
          <button type="button" className="btn-primary" onClick={onConfirmSend} disabled={!online}>
            Check and finish launching {podName}
          </button>
        </Notice>
      );
    case 'rejected': {
      const { problem } = phase.error;
      if (problem.type.endsWith('/no-capacity')) return null; // the alternatives panel says it
      if (problem.type.endsWith('/idempotency-key-reused')) {
        return (
          <Notice tone="error" title="This launch was already sent with other details">
            <p>
              An earlier attempt of this launch may have started a pod with the details you had then. Check your pods, or start a new launch
              with the details shown now.
            </p>
            <button type="button" className="btn-secondary" onClick={onStartOver}>
              Launch as a new pod
            </button>
          </Notice>
        );
      }
      const fieldCount = problem.errors?.length ?? 0;
      return (
        <Notice tone="error" title={fieldCount > 0 ? 'Nothing was launched: check the fields marked below' : 'Nothing was launched'}>
          <p>{problem.detail ?? problem.title}</p>
        </Notice>
      );
    }
  }
}
