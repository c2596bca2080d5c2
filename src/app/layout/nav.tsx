/** Primary navigation: the console's pages, by the words users use. */
import { NavLink } from 'react-router';

export const NAV_ITEMS = [
  { to: '/', label: 'Overview' },
  { to: '/pods', label: 'Pods' },
  { to: '/utilization', label: 'Utilization' },
  { to: '/recommendations', label: 'Recommendations' },
  { to: '/egress', label: 'Egress' },
  { to: '/billing', label: 'Billing' },
  { to: '/members', label: 'Members' },
  { to: '/audit', label: 'Audit log' },
  { to: '/account', label: 'Account' },
] as const;

export function PrimaryNav({ onNavigate }: { onNavigate?: () => void }) {
  return (
    <nav aria-label="Primary">
      <ul className="space-y-1">
        {NAV_ITEMS.map((item) => (
          <li key={item.to}>
            <NavLink
              to={item.to}
              end={item.to === '/'}
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
