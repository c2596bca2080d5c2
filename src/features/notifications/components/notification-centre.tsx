/**
 * The notification centre in the header: a button that says how many notifications are unread
 * (in its name, for screen readers, and as a badge), opening a list of the newest with their
 * words, time and link, and "Mark all read". Following a notification's link marks it read.
 * Escape or a click outside closes it, focus back on the button.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { formatDateTime } from '../../../lib/format';
import { useMarkNotificationsRead, useNotifications, type Notification } from '../api/notifications';

export function NotificationCentre() {
  const [open, setOpen] = useState(false);
  const list = useNotifications();
  const mark = useMarkNotificationsRead();
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const unread = list.data?.unreadCount ?? 0;

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    const onClick = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  const follow = (n: Notification) => {
    if (!n.read) mark.mutate({ ids: [n.id] });
    setOpen(false);
  };

  return (
    // Not positioned: the panel hangs from the header (app-layout.tsx), its right edge on the header's,
    // so it stays on screen wherever the button lands when the header's controls wrap on a phone.
    <div ref={root}>
      {/* The name in one piece: Chrome joins an element's text parts with spaces ("Notifications , 3 unread"). */}
      <button ref={button} type="button" className="btn-secondary" aria-label={`Notifications, ${unread} unread`} aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)}>
        Notifications
        {unread > 0 && (
          <span aria-hidden="true" className="ml-1.5 rounded-full bg-accent-600 px-1.5 text-xs font-semibold text-white">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <section
          id={panelId}
          aria-label="Notifications"
          className="absolute right-4 z-40 mt-2 w-[min(26rem,calc(100%-2rem))] rounded-lg border border-slate-200 bg-white shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          <div className="flex items-center justify-between border-b border-slate-200 px-3 py-2 dark:border-slate-700">
            <h2 className="text-sm font-semibold">Notifications</h2>
            <button type="button" className="text-sm font-medium underline underline-offset-2 disabled:no-underline disabled:opacity-60" disabled={unread === 0 || mark.isPending} onClick={() => mark.mutate({ all: true })}>
              Mark all read
            </button>
          </div>
          {list.isError ? (
            <p className="p-3 text-sm">Notifications could not be loaded. They are tried again in a minute.</p>
          ) : !list.data ? (
            <p className="p-3 text-sm">Loading notifications…</p>
          ) : list.data.items.length === 0 ? (
            <p className="p-3 text-sm">Nothing yet. Idle pods, auto-stops and budgets that act are said here.</p>
          ) : (
            <ul className="max-h-[70vh] divide-y divide-slate-200 overflow-y-auto dark:divide-slate-700">
              {list.data.items.map((n) => (
                <li key={n.id} className={`px-3 py-2 text-sm ${n.read ? '' : 'bg-accent-50 dark:bg-slate-800'}`}>
                  <p className="font-medium">
                    {!n.read && <span className="sr-only">Unread: </span>}
                    {n.link ? (
                      <Link className="underline underline-offset-2" to={n.link} onClick={() => follow(n)}>
                        {n.title}
                      </Link>
                    ) : (
                      n.title
                    )}
                  </p>
                  <p className="mt-0.5 text-slate-700 dark:text-slate-300">{n.body}</p>
                  <p className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">
                    <time dateTime={n.at}>{formatDateTime(n.at)}</time>
                  </p>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
