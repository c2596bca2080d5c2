/** The organization's webhooks: where each sends, which events, in which format, whether it is active; its deliveries, and delete after a confirmation. */
import { errorMessage } from '../../../api/problem';
import { formatDateTime } from '../../../lib/format';
import { ConfirmAction } from '../../../ui/confirm-action';
import { useDeleteWebhook, type Webhook } from '../api/webhooks';
import { FORMAT_LABEL, KIND_LABEL } from '../words';

export const deliveriesPanelId = (webhookId: string) => `webhook-deliveries-${webhookId}`;

export function WebhookTable({
  webhooks,
  open,
  onToggle,
  onDeleted,
}: {
  webhooks: Webhook[];
  open: string | null;
  onToggle: (id: string) => void;
  onDeleted: (w: Webhook) => void;
}) {
  const remove = useDeleteWebhook();
  return (
    <div className="overflow-x-auto">
      {remove.error && (
        <p role="alert" className="field-error mb-2">
          {errorMessage(remove.error)}
        </p>
      )}
      <table className="w-full text-left text-sm">
        <caption className="sr-only">
          Webhooks: where the organization’s notifications go, which events, in which format, and whether each is active
        </caption>
        <thead className="text-xs uppercase text-slate-600 dark:text-slate-400">
          <tr>
            <th scope="col" className="py-2 pr-3">
              Receiver URL
            </th>
            <th scope="col" className="py-2 pr-3">
              Events
            </th>
            <th scope="col" className="py-2 pr-3">
              Format
            </th>
            <th scope="col" className="py-2 pr-3">
              Status
            </th>
            <th scope="col" className="py-2 pr-3">
              Added
            </th>
            <th scope="col" className="py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {webhooks.map((w) => (
            <tr key={w.id} className="border-t border-slate-200 align-top dark:border-slate-700">
              <th scope="row" className="break-all py-2 pr-3 font-mono text-xs font-medium">
                {w.url}
              </th>
              <td className="py-2 pr-3">
                {w.kinds.length === 0 ? (
                  'Every event'
                ) : (
                  <ul>
                    {w.kinds.map((k) => (
                      <li key={k}>{KIND_LABEL[k]}</li>
                    ))}
                  </ul>
                )}
              </td>
              <td className="py-2 pr-3">{FORMAT_LABEL[w.format]}</td>
              <td className="py-2 pr-3">
                {w.status === 'active' ? (
                  'Active'
                ) : (
                  <>
                    <span className="font-medium text-red-700 dark:text-red-300">Disabled</span>
                    {w.disabledAt && <div className="text-xs">{formatDateTime(w.disabledAt)}</div>}
                    {w.disabledReason && <div className="text-xs text-slate-600 dark:text-slate-400">{w.disabledReason}</div>}
                  </>
                )}
              </td>
              <td className="py-2 pr-3">{formatDateTime(w.createdAt)}</td>
              <td className="py-2 text-right">
                <span className="inline-flex flex-wrap justify-end gap-2">
                  <button
                    type="button"
                    className="btn-secondary"
                    aria-expanded={open === w.id}
                    aria-controls={open === w.id ? deliveriesPanelId(w.id) : undefined}
                    aria-label={`Deliveries to ${w.url}`}
                    onClick={() => onToggle(w.id)}
                  >
                    Deliveries
                  </button>
                  <ConfirmAction
                    trigger="Delete…"
                    triggerLabel={`Delete the webhook to ${w.url}…`}
                    question={`Delete the webhook to ${w.url}? Nothing more is sent to it, retries included, and its deliveries are no longer listed.`}
                    confirm="Delete the webhook"
                    busy={remove.isPending}
                    busyText="Deleting…"
                    onConfirm={() => remove.mutate(w.id, { onSuccess: () => onDeleted(w) })}
                  />
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
