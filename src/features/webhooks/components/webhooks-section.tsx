/**
 * Webhooks (admins): the organization's notifications sent to a receiver, signed per Standard
 * Webhooks. Add one (its signing secret shown once, with how to verify it), see each with its
 * events, format and state (a webhook that failed for a day is disabled, with why and when),
 * delete one after a confirmation, and open its deliveries: each event's tries, and Replay.
 */
import { useState } from 'react';
import { Card } from '../../../ui/card';
import { ResultMessage, useResultMessage } from '../../../ui/result-message';
import { SecretOnce } from '../../../ui/secret-once';
import { EmptyState, ErrorState, Skeleton } from '../../../ui/states';
import { useWebhooks, type WebhookCreated } from '../api/webhooks';
import { WebhookDeliveries } from './webhook-deliveries';
import { WebhookForm } from './webhook-form';
import { WebhookTable } from './webhook-table';

export function WebhooksSection() {
  const hooks = useWebhooks();
  const [created, setCreated] = useState<WebhookCreated | null>(null);
  // After Done, focus goes to the form's first field, for the next webhook (not to the page).
  const [returned, setReturned] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const result = useResultMessage();
  const items = hooks.data?.items ?? [];
  const shown = items.find((w) => w.id === open) ?? null;
  return (
    <Card title="Webhooks">
      <div id="webhooks" className="mb-4 max-w-3xl space-y-1 text-sm text-slate-600 dark:text-slate-300">
        <p>
          Send the organization’s notifications to your own service or to Slack: an idle pod, an auto-stop, a budget’s threshold or policy.
          Each event is a POST signed per Standard Webhooks, retried with backoff for a day; a webhook that fails for a whole day is
          disabled, and admins are told.
        </p>
        {__USE_MOCK__ && <p>The demo sends nothing: its deliveries stay pending. A real server sends them.</p>}
      </div>
      {created ? (
        <SecretOnce
          heading={`Webhook to ${created.webhook.url} added. Copy its signing secret now: it will not be shown again.`}
          label="Signing secret"
          value={created.secret}
          what="the secret"
          copyLabel="Copy the signing secret"
          onDone={() => {
            setCreated(null);
            setReturned(true);
          }}
        >
          <VerifyNote />
        </SecretOnce>
      ) : (
        <WebhookForm onCreated={setCreated} focusFirst={returned} />
      )}
      <ResultMessage message={result.message} messageRef={result.messageRef} className="mt-3" />
      <h3 className="mb-2 mt-4 text-sm font-semibold">Webhooks of this organization</h3>
      {hooks.isPending ? (
        <Skeleton className="h-24 w-full" label="Loading webhooks" />
      ) : hooks.isError ? (
        <ErrorState error={hooks.error} onRetry={() => void hooks.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title="No webhooks yet">Add one above: every event of the kinds you choose is sent to it.</EmptyState>
      ) : (
        <WebhookTable
          webhooks={items}
          open={open}
          onToggle={(id) => setOpen((o) => (o === id ? null : id))}
          onDeleted={(w) => {
            if (open === w.id) setOpen(null);
            result.announce(`The webhook to ${w.url} was deleted: nothing more is sent to it.`);
          }}
        />
      )}
      {shown && <WebhookDeliveries key={shown.id} webhook={shown} />}
    </Card>
  );
}

/** How a receiver checks what it gets: Standard Webhooks' three headers, and the library that checks them. */
function VerifyNote() {
  return (
    <div className="space-y-2 text-sm">
      <p>
        Your receiver should check every request before it trusts it. Each carries three headers, per{' '}
        <a className="underline" href="https://www.standardwebhooks.com/" target="_blank" rel="noreferrer">
          Standard Webhooks
        </a>
        :
      </p>
      <ul className="list-disc space-y-1 pl-5">
        <li>
          <code className="font-mono">webhook-id</code>: the same on every retry and replay of one event; use it to drop duplicates.
        </li>
        <li>
          <code className="font-mono">webhook-timestamp</code>: when it was sent, in seconds; refuse one more than 5 minutes off.
        </li>
        <li>
          <code className="font-mono">webhook-signature</code>: <code className="font-mono">v1,</code> and the base64 HMAC-SHA256 of{' '}
          <code className="font-mono">id.timestamp.body</code>, keyed with the secret’s bytes (the base64 after{' '}
          <code className="font-mono">whsec_</code>).
        </li>
      </ul>
      <p>
        A Standard Webhooks library does it all: <code className="font-mono">new Webhook(secret).verify(body, headers)</code> (npm{' '}
        <code className="font-mono">standardwebhooks</code>, and libraries for other languages), on the body exactly as received.
      </p>
    </div>
  );
}
