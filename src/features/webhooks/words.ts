/** The words the webhooks section uses for event kinds, formats, states and a try's answer. */
import type { NotificationKind, Webhook, WebhookDelivery } from './api/webhooks';

/** Every kind the API sends, in the order of the contract's NotificationKind, as the organization would say it. */
export const KIND_LABEL: Record<NotificationKind, string> = {
  'pod.idle': 'A pod is idle and its auto-stop is scheduled',
  'pod.auto-stopped': 'A pod was auto-stopped',
  'pod.launch-failed': 'A pod failed to launch or start',
  'budget.threshold': 'A budget crossed an alert threshold',
  'budget.acting': 'A budget’s policy is acting (stops pods or blocks launches)',
  'egress.threshold': 'A project’s internet egress crossed its warning threshold',
  'capacity.available': 'A watched GPU type is available again in a region',
  'recommendation.saving': 'A recommendation would save more than an amount a month',
  'webhook.disabled': 'A webhook was disabled after a day of failures',
};

export const KINDS = Object.keys(KIND_LABEL) as NotificationKind[];

export const FORMAT_LABEL: Record<Webhook['format'], string> = {
  standard: 'Standard Webhooks',
  slack: 'Slack',
};

export const DELIVERY_STATE: Record<WebhookDelivery['status'], string> = {
  pending: 'Pending',
  delivered: 'Delivered',
  failed: 'Failed',
};

/** A try's recorded answer, "HTTP 500 receiver down…" (server/notify-worker.ts), as its status and what followed; anything else is an error with no HTTP answer. */
export function answerOf(response: string | null): { httpStatus: number | null; excerpt: string } {
  const match = /^HTTP (\d{3})(?: ([\s\S]*))?$/.exec(response ?? '');
  if (match) return { httpStatus: Number(match[1]), excerpt: (match[2] ?? '').trim() };
  return { httpStatus: null, excerpt: (response ?? '').trim() };
}

/**
 * Whether the API will take this receiver address, said at the field before anything is sent (the
 * API checks the same: src/cloud/ops/webhooks.ts validUrl): https, or http to this machine only.
 */
export function receiverUrlProblem(text: string): string | undefined {
  const raw = text.trim();
  if (raw === '') return 'Enter the address that receives the events, starting with https://.';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Enter a whole address, such as https://hooks.example.com/northlight.';
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (url.protocol === 'http:' && !local)
    return 'Events are sent over https only: start the address with https:// (http only to localhost, for development).';
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Start the address with https://.';
  if (url.username || url.password) return 'Leave the user and password out of the address: the signature proves the sender.';
  return undefined;
}
