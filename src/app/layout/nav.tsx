/** Primary navigation: the console's pages, by the words users use. */
import { NavLink } from 'react-router';

export const NAV_ITEMS = [
  { to: '/', label: 'Overview', end: true },
  { to: '/pods', label: 'Pods', end: false },
  { to: '/utilization', label: 'Utilization', end: false },
  { to: '/recommendations', label: 'Recommendations', end: false },
  { to: '/egress', label: 'Egress', end: false },
  { to: '/billing', label: 'Billing', end: false },
  { to: '/audit', label: 'Audit log', end: false },
  { to: '/account', label: 'Account', end: false },
] as const;

export function PrimaryNav({ onNavigate }: { onNavigate?: () => void }) {
  return (
    <nav aria-label="Primary">
      <ul className="space-y-1">
        {NAV_ITEMS.map((item) => (
          <li key={item.to}>
            <NavLink
              to={item.to}
              end={item.end}
              onClick={onNavigate}
              className={({ isActive }) =>
                `block rounded-lg px-3 py-2 text-sm font-medium ${
                  isActive
                    ? 'bg-accent-50 text-accent-900 dark:bg-accent-950 dark:text-accent-100'
                    : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'
                }`
              }
            >
              {item.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
