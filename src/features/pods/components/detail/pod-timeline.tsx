/** The pod's lifecycle events on a timeline, newest first. */
import { formatDateTime } from '../../../../lib/format';
import type { PodDetail } from '../../api/types';
import { statusLabel } from '../pod-status';

export function PodTimeline({ events }: { events: PodDetail['events'] }) {
  if (events.length === 0) return <p className="text-sm">No events yet.</p>;
  return (
    <ol aria-label="Lifecycle events" className="relative ml-2 max-h-96 space-y-3 overflow-y-auto border-l border-slate-300 pl-4 text-sm dark:border-slate-600">
      {[...events].reverse().map((e, i) => (
        <li key={`${e.at}-${i}`} className="relative">
          <span aria-hidden="true" className="absolute top-1.5 -left-[1.3rem] h-2 w-2 rounded-full bg-slate-500" />
          <p>
            <span className="font-medium">{statusLabel(e.status)}</span> · <time dateTime={e.at}>{formatDateTime(e.at)}</time>
          </p>
          <p className="text-slate-700 dark:text-slate-300">{e.reason}</p>
        </li>
      ))}
    </ol>
  );
}
