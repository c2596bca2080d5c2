/**
 * What reaches the signed-in person, per event kind and channel: in the console (the notification
 * centre), by e-mail, and in the organization's webhooks. Each box saves at once.
 */
import { errorMessage } from '../../../api/problem';
import { Card } from '../../../ui/card';
import { ResultMessage, useResultMessage } from '../../../ui/result-message';
import { ErrorState, Skeleton } from '../../../ui/states';
import { useNotificationPreferences, useSetNotificationPreference, type Channel } from '../api/preferences';

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
