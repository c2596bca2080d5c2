/**
 * An action link from a notification e-mail (/pod-action#nla_…): "Keep it running 2 more hours" or
 * "Stop it now" for an idle pod. The secret is read from the fragment (browsers never send it to a
 * server) and the address drops it at once. The page says what the link will do and for whom, and
 * acts only when the person presses the button: a mail scanner that follows links changes nothing.
 */
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { errorMessage } from '../../../api/problem';
import { formatDateTime } from '../../../lib/format';
import { Skeleton } from '../../../ui/states';
import { useActionLink, useActionLinkPreview, type ActionLinkPreview } from '../api/action-links';

function secretOf(hash: string): string {
  const raw = hash.replace(/^#/, '').trim();
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

const hours = (minutes: number): string => (minutes % 60 === 0 ? `${minutes / 60} ${minutes === 60 ? 'hour' : 'hours'}` : `${minutes} minutes`);

const STATUS_WORDS: Record<string, string> = {
  queued: 'queued',
  provisioning: 'starting',
  running: 'running',
  stopping: 'stopping',
  stopped: 'stopped',
  terminating: 'terminating',
  terminated: 'terminated',
  failed: 'failed',
};

export function ActionLinkPage() {
  const { hash } = useLocation();
  const navigate = useNavigate();
  const [token] = useState(() => secretOf(hash));
  useEffect(() => {
    if (hash) void navigate('/pod-action', { replace: true });
  }, [hash, navigate]);
  const preview = useActionLinkPreview(token);

  if (token === '') return <Unusable message="This link is incomplete: it has no action in it. Open the whole link from the e-mail." />;
  if (preview.isPending) return <Skeleton className="h-40 w-full" label="Reading the link…" />;
  if (preview.isError) return <Unusable message={errorMessage(preview.error)} />;
  return <Offer token={token} preview={preview.data} />;
}

function Unusable({ message, podId }: { message: string; podId?: string }) {
  return (
    <div className="space-y-4">
      <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
        <p className="font-medium">This link cannot be used.</p>
        <p>{message}</p>
      </div>
      <Link to={podId ? `/pods/${encodeURIComponent(podId)}` : '/'} className="btn-secondary">
        {podId ? 'Open the pod in the console' : 'Open the console'}
      </Link>
    </div>
  );
}

function Offer({ token, preview: p }: { token: string; preview: ActionLinkPreview }) {
  const use = useActionLink();
  const done = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (use.isSuccess) done.current?.focus();
  }, [use.isSuccess]);
  const podLink = `/pods/${encodeURIComponent(p.podId)}`;
  const keep = p.action === 'keep-running';

  if (use.isSuccess) {
    return (
      <div className="space-y-4">
        <div ref={done} tabIndex={-1} role="status" className="rounded-lg border border-emerald-300 bg-emerald-50 p-4 text-sm text-emerald-900 focus:outline-none focus-visible:ring-2 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100">
          <p className="font-medium">Done.</p>
          <p>{use.data.outcome}</p>
          {use.data.pod.autoStop?.snoozedUntil && <p>Auto-stop counts down again from {formatDateTime(use.data.pod.autoStop.snoozedUntil)} if its GPUs are still idle.</p>}
        </div>
        <Link to={podLink} className="btn-secondary">
          Open {use.data.podName} in the console
        </Link>
      </div>
    );
  }
  if (p.state === 'used') {
    return <Unusable podId={p.podId} message={`The links in this e-mail work once, and one was used${p.usedAt ? ` on ${formatDateTime(p.usedAt)}` : ''}${p.outcome ? `: ${p.outcome}` : '.'}`} />;
  }
  if (p.state === 'expired') {
    return <Unusable podId={p.podId} message={`Links in a notification work for 24 hours; this one expired on ${formatDateTime(p.expiresAt)}. Open the pod in the console instead.`} />;
  }
  return (
    <div className="space-y-4">
      <div className="space-y-2 text-sm text-slate-700 dark:text-slate-300">
        <p className="text-base text-slate-900 dark:text-slate-50">
          {keep ? (
            <>
              Keep <span className="font-medium">{p.podName}</span> running for another {hours(p.keepRunningMinutes)}?
            </>
          ) : (
            <>
              Stop <span className="font-medium">{p.podName}</span> now?
            </>
          )}
        </p>
        <p>
          {keep
            ? `Its auto-stop countdown pauses for ${hours(p.keepRunningMinutes)}. After that, if its GPUs are still idle, auto-stop counts down again.`
            : 'Its GPUs are released and stop costing money; its disk is kept, so you can start it again later.'}
        </p>
        <p>
          It is {STATUS_WORDS[p.podStatus] ?? p.podStatus} now. This link was sent to <span className="font-medium">{p.recipientEmail}</span> and acts as them; it works once, until {formatDateTime(p.expiresAt)}.
        </p>
      </div>
      {use.isError && (
        <p role="alert" className="field-error">
          {errorMessage(use.error)}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <button type="button" className={keep ? 'btn-primary' : 'btn-danger'} disabled={use.isPending} onClick={() => use.mutate(token)}>
          {use.isPending ? (keep ? 'Keeping it running…' : 'Stopping…') : keep ? 'Keep it running' : 'Stop it now'}
        </button>
        <Link to={podLink} className="btn-secondary">
          Open the pod instead
        </Link>
      </div>
    </div>
  );
}
