/**
 * A new webhook: the receiver's address (https; http only to localhost), the events it gets (none
 * chosen: every kind) and the format. What is missing or wrong is said at its field before anything
 * is sent, the API's own refusals land at the same fields, and what was typed stays.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../../api/problem';
import { Field } from '../../../ui/field';
import { useCreateWebhook, type NotificationKind, type Webhook, type WebhookCreated } from '../api/webhooks';
import { FORMAT_LABEL, KIND_LABEL, KINDS, receiverUrlProblem } from '../words';

const FORMAT_HINT: Record<Webhook['format'], string> = {
  standard: 'JSON {type, timestamp, data}, signed: for your own receiver.',
  slack: 'Slack’s {text, blocks}: paste a Slack incoming-webhook address.',
};

export function WebhookForm({ onCreated, focusFirst }: { onCreated: (c: WebhookCreated) => void; focusFirst: boolean }) {
  const create = useCreateWebhook();
  const id = useId();
  const [url, setUrl] = useState('');
  const [kinds, setKinds] = useState<NotificationKind[]>([]);
  const [format, setFormat] = useState<Webhook['format']>('standard');
  const [submitted, setSubmitted] = useState(false);
  useEffect(() => {
    if (focusFirst) document.getElementById(`${id}-url`)?.focus();
  }, [focusFirst, id]);
  const local = { url: receiverUrlProblem(url) };
  const server = create.error instanceof ApiError ? create.error : null;
  const fieldError = (field: 'url' | 'kinds' | 'format') =>
    (submitted && field === 'url' ? local.url : undefined) ?? server?.fieldError(field);
  const formError = create.error && !server?.problem.errors?.length ? errorMessage(create.error) : null;
  // A change clears the API's last answer, so a fixed field stops showing its old error.
  const edited = () => {
    if (create.isError) create.reset();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (local.url) {
      document.getElementById(`${id}-url`)?.focus();
      return;
    }
    create.mutate(
      { url: url.trim(), kinds, format },
      {
        onSuccess: (c) => {
          setUrl('');
          setKinds([]);
          setFormat('standard');
          setSubmitted(false);
          onCreated(c);
        },
        onError: (error) => {
          if (error instanceof ApiError && error.fieldError('url')) document.getElementById(`${id}-url`)?.focus();
        },
      },
    );
  };
  return (
    <form
      onSubmit={submit}
      noValidate
      aria-labelledby={`${id}-heading`}
      className="space-y-4 rounded-lg border border-slate-300 p-4 dark:border-slate-600"
    >
      <h3 id={`${id}-heading`} className="text-sm font-semibold">
        Add a webhook
      </h3>
      <Field
        id={`${id}-url`}
        label="Receiver URL"
        error={fieldError('url')}
        hint="https://, where your service or Slack receives the events (http only to localhost, for development)."
      >
        {(a) => (
          <input
            {...a}
            type="url"
            inputMode="url"
            className="field-input font-mono text-sm"
            autoComplete="off"
            spellCheck={false}
            placeholder="https://hooks.example.com/northlight"
            value={url}
            onChange={(e) => {
              setUrl(e.target.value);
              edited();
            }}
          />
        )}
      </Field>
      <fieldset aria-describedby={`${id}-kinds-hint ${id}-kinds-error`}>
        <legend className="field-label">Events to send</legend>
        <p id={`${id}-kinds-hint`} className="text-xs text-slate-600 dark:text-slate-400">
          None chosen: every event, kinds added later included.
        </p>
        <div className="mt-1 grid gap-1 text-sm sm:grid-cols-2">
          {KINDS.map((k) => (
            <label key={k} className="inline-flex items-start gap-1.5">
              <input
                type="checkbox"
                className="mt-1"
                checked={kinds.includes(k)}
                onChange={(e) => {
                  setKinds((c) => (e.target.checked ? [...c, k] : c.filter((x) => x !== k)));
                  edited();
                }}
              />
              <span>
                {KIND_LABEL[k]} <code className="font-mono text-xs text-slate-600 dark:text-slate-400">{k}</code>
              </span>
            </label>
          ))}
        </div>
        <p id={`${id}-kinds-error`} className="field-error">
          {fieldError('kinds')}
        </p>
      </fieldset>
      <fieldset aria-describedby={`${id}-format-error`}>
        <legend className="field-label">Format</legend>
        <div className="mt-1 flex flex-col gap-1 text-sm">
          {(['standard', 'slack'] as const).map((f) => (
            <label key={f} className="inline-flex items-start gap-1.5">
              <input
                type="radio"
                className="mt-1"
                name={`${id}-format`}
                checked={format === f}
                onChange={() => {
                  setFormat(f);
                  edited();
                }}
              />
              <span>
                {FORMAT_LABEL[f]}: <span className="text-slate-600 dark:text-slate-400">{FORMAT_HINT[f]}</span>
              </span>
            </label>
          ))}
        </div>
        <p id={`${id}-format-error`} className="field-error">
          {fieldError('format')}
        </p>
      </fieldset>
      {formError && (
        <p role="alert" className="field-error">
          {formError}
        </p>
      )}
      <button type="submit" className="btn-primary" disabled={create.isPending}>
        {create.isPending ? 'Adding…' : 'Add webhook'}
      </button>
    </form>
  );
}
