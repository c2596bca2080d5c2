/**
 * What reaches the signed-in person, per event kind and channel: in the console (the notification
 * centre), by e-mail, and in the organization's webhooks. Each box saves at once.
 */
import { errorMessage } from '../../../api/problem';
import { Card } from '../../../ui/card';
import { ResultMessage, useResultMessage } from '../../../ui/result-message';
import { ErrorState, Skeleton } from '../../../ui/states';
import { useState, type FormEvent } from 'react';
import { formatCents } from '../../../lib/format';
import { useNotificationPreferences, useSetNotificationPreference, useSetRecommendationMinimum, type Channel } from '../api/preferences';

const CHANNELS: Array<{ channel: Channel; label: string }> = [
  { channel: 'console', label: 'In the console' },
  { channel: 'email', label: 'By e-mail' },
  { channel: 'webhook', label: 'In webhooks' },
];

export function NotificationPreferencesSection() {
  const prefs = useNotificationPreferences();
  const set = useSetNotificationPreference();
  const result = useResultMessage();
  return (
    <Card title="Notifications">
      <p className="mb-4 max-w-3xl text-sm text-slate-600 dark:text-slate-300">
        What reaches you, and where: in the console’s notification centre, by e-mail to your address, and in the organization’s webhooks (an event goes to them unless everyone it
        is for turned this off).
      </p>
      {prefs.isPending ? (
        <Skeleton className="h-32 w-full" label="Loading your notification choices" />
      ) : prefs.isError ? (
        <ErrorState error={prefs.error} onRetry={() => void prefs.refetch()} />
      ) : (
        <table className="w-full max-w-3xl text-left text-sm">
          <caption className="sr-only">Notifications: what reaches you, per event and channel</caption>
          <thead>
            <tr className="border-b border-slate-200 dark:border-slate-700">
              <th scope="col" className="py-2 pr-3 font-medium">
                Event
              </th>
              {CHANNELS.map((c) => (
                <th key={c.channel} scope="col" className="px-3 py-2 text-center font-medium">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {prefs.data.items.map((item) => (
              <tr key={item.kind} className="border-b border-slate-100 dark:border-slate-800">
                <th scope="row" className="py-2 pr-3 font-normal">
                  {item.label}
                  {item.minMonthlySavingsCents !== undefined && <RecommendationMinimum cents={item.minMonthlySavingsCents} say={result.say} />}
                </th>
                {CHANNELS.map((c) => (
                  <td key={c.channel} className="px-3 py-2 text-center">
                    <input
                      type="checkbox"
                      className="h-4 w-4"
                      aria-label={`${c.label}: ${item.label}`}
                      checked={item[c.channel]}
                      disabled={set.isPending}
                      onChange={(e) => {
                        const on = e.target.checked;
                        set.mutate(
                          { kind: item.kind, channel: c.channel, on },
                          {
                            onSuccess: () => result.say(`${c.label}: ${item.label}, ${on ? 'on' : 'off'}.`),
                            onError: (err) => result.say(`Not saved: ${errorMessage(err)}`),
                          },
                        );
                      }}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ResultMessage message={result.message} messageRef={result.messageRef} className="mt-3" />
    </Card>
  );
}

/** The amount a month a recommendation must save before it is told: whole dollars, saved with its button; a refusal said at the field, what was typed kept. */
function RecommendationMinimum({ cents, say }: { cents: number; say: (message: string) => void }) {
  const set = useSetRecommendationMinimum();
  const [text, setText] = useState(String(Math.round(cents / 100)));
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const dollars = Number(text.trim());
    if (!/^\d+$/.test(text.trim()) || dollars < 1 || dollars > 1_000_000) {
      setError('Enter whole dollars, from 1 to 1,000,000.');
      return;
    }
    setError(null);
    set.mutate(dollars * 100, {
      onSuccess: () => say(`Recommendations: told when one saves at least ${formatCents(dollars * 100)} a month.`),
      onError: (err) => setError(errorMessage(err)),
    });
  };
  return (
    <form className="mt-1 flex flex-wrap items-center gap-2" onSubmit={submit} noValidate>
      <label htmlFor="recommendation-minimum" className="text-slate-600 dark:text-slate-300">
        When it saves at least $
      </label>
      <input
        id="recommendation-minimum"
        className="field-input w-28"
        inputMode="numeric"
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'recommendation-minimum-error' : undefined}
        onChange={(e) => setText(e.target.value)}
      />
      <span className="text-slate-600 dark:text-slate-300">a month</span>
      <button type="submit" className="btn-secondary" disabled={set.isPending}>
        Save amount
      </button>
      {error && (
        <p id="recommendation-minimum-error" role="alert" className="field-error w-full">
          {error}
        </p>
      )}
    </form>
  );
}
