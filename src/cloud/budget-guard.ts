/**
 * The "block new launches" budget policy at the door: the pod launch operation calls
 * assertLaunchAllowed first, and a spent budget with that policy refuses the launch with a
 * 403 problem that says which budget, how much was spent, and until when.
 */
import { launchBlockedBy, type MonthSpend } from '../domain/budgets';
import { startOfUtcMonth } from '../domain/units';
import type { CloudContext } from './context';
import { problem } from './problem';
import { monthSpendAt, podsOfProjects } from './spend';

const usd = (cents: number): string => `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const day = (ms: number): string => new Date(ms).toLocaleDateString('en-US', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

export function assertLaunchAllowed(ctx: CloudContext, projectId: string): void {
  const budgets = (ctx.state.budgets ?? []).filter((b) => b.policy === 'block-launches' && (b.projectId === null || b.projectId === projectId));
  if (budgets.length === 0) return;
  const nowMs = ctx.now();
  // Only the month's spend that a budget here could be judged on: the project's, or everyone's.
  const whole = budgets.some((b) => b.projectId === null);
  const pods = whole ? ctx.state.pods : podsOfProjects(ctx.state.pods, new Set([projectId]));
  const spend: MonthSpend = monthSpendAt(pods, nowMs, startOfUtcMonth(nowMs));
  const block = launchBlockedBy(budgets, spend, projectId, nowMs);
  if (!block) return;
  const scope = block.budget.projectId === null ? `The organization’s` : `The ${ctx.state.projects.find((p) => p.id === block.budget.projectId)?.name ?? block.budget.projectId} project’s`;
  throw problem(
    403,
    'budget-blocks-launches',
    'A budget blocks new launches',
    `${scope} monthly budget of ${usd(block.budget.amountCents)} is spent (${usd(block.spentCents)} this month), and its policy blocks new launches until ${day(block.untilMs)}. A finance user or an admin can raise the budget or change its policy on the Billing page.`,
    { budgetId: block.budget.id, budgetCents: block.budget.amountCents, spentCents: block.spentCents, until: new Date(block.untilMs).toISOString() },
  );
}

/** The same check on a launch request as sent (before its fields are validated): its projectId, if any. */
export function assertLaunchRequestAllowed(ctx: CloudContext, body: unknown): void {
  const projectId = typeof body === 'object' && body !== null ? (body as { projectId?: unknown }).projectId : undefined;
  if (typeof projectId === 'string' && projectId !== '') assertLaunchAllowed(ctx, projectId);
}
