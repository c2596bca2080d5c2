/**
 * A webhook's newest deliveries (at most 100): each event with its state and every try (when, the
 * HTTP status, how long, the first characters of the answer), and Replay: the event sent again
 * from now, with the same webhook-id. Focus stays on the Replay used; the result is said beside the
 * table. While a delivery waits for a try, the list looks again every few seconds (real server).
 */
import { errorMessage } from '../../../api/problem';
import { formatDateTime } from '../../../lib/format';
import { ResultMessage, useResultMessage } from '../../../ui/result-message';
import { EmptyState, ErrorState, Skeleton } from '../../../ui/states';
import { useReplayDelivery, useWebhookDeliveries, type Webhook, type WebhookDelivery } from '../api/webhooks';
import { answerOf, DELIVERY_STATE, KIND_LABEL } from '../words';
import { deliveriesPanelId } from './webhook-table';

// Tries can be seconds apart: their time has seconds, in the viewer's zone.
const tryTime = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
});

export function WebhookDeliveries({ webhook }: { webhook: Webhook }) {
  const deliveries = useWebhookDeliveries(webhook.id);
  const replay = useReplayDelivery(webhook.id);
  const result = useResultMessage();
  const headingId = `${deliveriesPanelId(webhook.id)}-heading`;
  const doReplay = (d: WebhookDelivery) => {
    if (replay.isPending) return;
    replay.mutate(d.id, {
      onSuccess: () =>
        result.say(
          `${KIND_LABEL[d.kind]} (${formatDateTime(d.createdAt)}): sent again from now, with the same webhook-id, and retried for a day if it fails.`,
        ),
    });
  };
  return (
    <section
      id={deliveriesPanelId(webhook.id)}
      aria-labelledby={headingId}
      className="mt-6 border-t border-slate-200 pt-4 dark:border-slate-700"
    >
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h3 id={headingId} className="break-all text-sm font-semibold">
          Deliveries to {webhook.url}
        </h3>
        <button type="button" className="btn-secondary" onClick={() => void deliveries.refetch()} disabled={deliveries.isFetching}>
          {deliveries.isFetching ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      {webhook.status === 'disabled' && (
        <p className="mb-2 text-sm">
          This webhook is disabled: nothing is sent to it, and a replay is refused. Fix the receiver, then add the webhook again.
        </p>
      )}
      <ResultMessage message={result.message} messageRef={result.messageRef} className="mb-2" />
      {replay.error && (
        <p role="alert" className="field-error mb-2">
          {errorMessage(replay.error)}
        </p>
      )}
      {deliveries.isPending ? (
        <Skeleton className="h-24 w-full" label="Loading deliveries" />
      ) : deliveries.isError ? (
        <ErrorState error={deliveries.error} onRetry={() => void deliveries.refetch()} />
      ) : deliveries.data.items.length === 0 ? (
        <EmptyState title="No deliveries yet">
          Each event of the kinds it carries is listed here, with every try, once it happens.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Deliveries to {webhook.url}, newest first: each event with its state and every try</caption>
            <thead className="text-xs uppercase text-slate-600 dark:text-slate-400">
              <tr>
                <th scope="col" className="py-2 pr-3">
                  Event
                </th>
                <th scope="col" className="py-2 pr-3">
                  State
                </th>
                <th scope="col" className="py-2 pr-3">
                  Tries
                </th>
                <th scope="col" className="py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {deliveries.data.items.map((d) => (
                <tr key={d.id} className="border-t border-slate-200 align-top dark:border-slate-700">
                  <th scope="row" className="py-2 pr-3 font-normal">
                    <span className="font-medium">{KIND_LABEL[d.kind]}</span>
                    <div className="text-xs text-slate-600 dark:text-slate-400">{formatDateTime(d.createdAt)}</div>
                    <div className="break-all font-mono text-xs text-slate-600 dark:text-slate-400">{d.eventId}</div>
                  </th>
                  <td className="py-2 pr-3">
                    <DeliveryState delivery={d} />
                  </td>
                  <td className="py-2 pr-3">
                    <Tries delivery={d} />
                  </td>
                  <td className="py-2 text-right">
                    {webhook.status === 'active' && (
                      <button
                        type="button"
                        className="btn-secondary"
                        aria-disabled={replay.isPending}
                        aria-label={`Replay: ${KIND_LABEL[d.kind]}, ${formatDateTime(d.createdAt)}`}
                        onClick={() => doReplay(d)}
                      >
                        {replay.isPending && replay.variables === d.id ? 'Replaying…' : 'Replay'}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function DeliveryState({ delivery: d }: { delivery: WebhookDelivery }) {
  const note =
    d.status === 'delivered' && d.deliveredAt
      ? formatDateTime(d.deliveredAt)
      : d.status === 'failed'
        ? `Given up after a day of tries${d.lastError ? `: ${d.lastError}` : ''}`
        : d.nextAttemptAt && d.attempts > 0
          ? `Next try ${formatDateTime(d.nextAttemptAt)}`
          : d.attempts === 0
            ? 'Not tried yet'
            : null;
  return (
    <>
      <span className={d.status === 'failed' ? 'font-medium text-red-700 dark:text-red-300' : 'font-medium'}>
        {DELIVERY_STATE[d.status]}
      </span>
      {note && <div className="text-xs text-slate-600 dark:text-slate-400">{note}</div>}
    </>
  );
}

function Tries({ delivery }: { delivery: WebhookDelivery }) {
  if (delivery.tries.length === 0) return <span className="text-slate-600 dark:text-slate-400">None yet</span>;
  return (
    <ol className="space-y-1">
      {delivery.tries.map((t) => {
        const { httpStatus, excerpt } = answerOf(t.response);
        return (
          <li key={t.attempt}>
            <span
              aria-hidden="true"
              className={t.status === 'delivered' ? 'text-emerald-700 dark:text-emerald-300' : 'text-red-700 dark:text-red-300'}
            >
              {t.status === 'delivered' ? '✓' : '✗'}
            </span>{' '}
            Try {t.attempt} {t.status}, {tryTime.format(new Date(t.at))}: {httpStatus === null ? 'no HTTP answer' : `HTTP ${httpStatus}`},{' '}
            {t.latencyMs} ms
            {excerpt && <div className="break-all font-mono text-xs text-slate-600 dark:text-slate-400">{excerpt}</div>}
          </li>
        );
      })}
    </ol>
  );
}
