/**
 * On every page, while a budget acts on the user's projects (GET /v1/budgets/acting): one line
 * that says so, with the user's own pods it stopped, so a stopped pod is never a mystery. The
 * pages that show the budget in full (Overview, launch, Billing) say it there instead.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { Link, useLocation } from 'react-router';
import { api, unwrap } from '../../../api/client';
import { formatDate } from '../../../lib/format';

/** The same query (and cache entry) as the Billing page's. */
const actingQuery = () =>
  queryOptions({ queryKey: ['budgets', 'acting'], queryFn: async ({ signal }) => unwrap(await api.GET('/v1/budgets/acting', { signal })), refetchInterval: 60_000 });

const SAID_IN_FULL = new Set(['/', '/pods/new', '/billing']);

export function BudgetBanner({ className = '' }: { className?: string }) {
  const acting = useQuery(actingQuery());
  const { pathname } = useLocation();
  const items = acting.data?.items ?? [];
  if (items.length === 0 || SAID_IN_FULL.has(pathname.replace(/\/+$/, '') || '/')) return null;
  return (
    <section aria-label="Budget acting on your projects" className={`border-t border-amber-400 ${className} bg-amber-50 px-4 py-1.5 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-50`}>
      {items.map((b) => {
        const scope = b.projectId === null ? `The ${b.scopeName} budget` : `The ${b.scopeName} project’s budget`;
        const until = formatDate(Date.parse(b.until) - 1);
        return (
          <p key={b.budgetId}>
            <strong>{scope} is spent:</strong>{' '}
            {b.policy === 'block-launches' ? `new pods cannot be launched until ${until}.` : `its policy stops idle pods until ${until}.`}{' '}
            {b.stoppedPods.length > 0 && `It stopped ${b.stoppedPods.map((p) => p.name).join(', ')}. `}
            <Link className="font-medium underline underline-offset-2" to="/billing?tab=budgets">
              What it does
            </Link>
          </p>
        );
      })}
    </section>
  );
}
