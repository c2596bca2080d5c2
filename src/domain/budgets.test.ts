import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  alertThresholds,
  alertsDue,
  budgetHealth,
  crossingTimeMs,
  idlePodsToStop,
  launchBlockedBy,
  monthsToCheck,
  policyActsAt,
  thresholdCents,
  validateBudgetInput,
  type Budget,
  type BudgetAlert,
  type MonthSpend,
} from './budgets';

const NOV = Date.UTC(2026, 10, 1);
const NOW = Date.UTC(2026, 10, 18, 15);

function budget(over: Partial<Budget> = {}): Budget {
  return {
    id: 'bgt-1',
    projectId: 'p-vision',
    amountCents: 1_000_000,
    thresholdsPercent: [50, 80, 100],
    policy: 'notify',
    createdAtMs: NOV,
    createdById: 'u-oskar',
    updatedAtMs: NOV,
    updatedById: 'u-oskar',
    ...over,
  };
}

function alert(percent: number, over: Partial<BudgetAlert> = {}): BudgetAlert {
  return { id: `a-${percent}`, budgetId: 'bgt-1', projectId: 'p-vision', monthStartMs: NOV, thresholdPercent: percent, budgetCents: 1_000_000, thresholdCents: 10_000 * percent, spentCents: 0, crossedAtMs: NOV, firedAtMs: NOV, action: null, ...over };
}

const spend = (org: number, byProject: Record<string, number>): MonthSpend => ({ organizationCents: org, byProjectCents: byProject });

describe('budget alerts', () => {
  it('fire once per threshold per month, when spend reaches it', () => {
    const b = budget();
    expect(alertsDue(b, NOV, 499_999, [])).toEqual([]);
    expect(alertsDue(b, NOV, 500_000, [])).toEqual([50]);
    expect(alertsDue(b, NOV, 850_000, [alert(50)])).toEqual([80]);
    expect(alertsDue(b, NOV, 1_200_000, [alert(50), alert(80)])).toEqual([100]);
    expect(alertsDue(b, NOV, 1_200_000, [alert(50), alert(80), alert(100)])).toEqual([]);
    // A new month starts over.
    const dec = Date.UTC(2026, 11, 1);
    expect(alertsDue(b, dec, 600_000, [alert(50), alert(80), alert(100)])).toEqual([50]);
    // Raising the budget makes its thresholds new sums: 80% of $20,000 is not reached by $12,000.
    const raised = budget({ amountCents: 2_000_000 });
    expect(alertsDue(raised, NOV, 1_200_000, [alert(50), alert(80), alert(100)])).toEqual([50]);
    // Another budget's alerts do not count.
    expect(alertsDue(b, NOV, 600_000, [alert(50, { budgetId: 'bgt-2' })])).toEqual([50]);
  });

  it('round a threshold’s amount half away from zero', () => {
    expect(thresholdCents({ amountCents: 333 }, 50)).toBe(167);
    expect(thresholdCents({ amountCents: 1_000_000 }, 80)).toBe(800_000);
  });

  it('always include 100% when a policy acts there, and only then', () => {
    expect(alertThresholds({ thresholdsPercent: [80], policy: 'notify' })).toEqual([80]);
    expect(alertThresholds({ thresholdsPercent: [80], policy: 'block-launches' })).toEqual([80, 100]);
    expect(alertThresholds({ thresholdsPercent: [120, 50], policy: 'stop-idle-pods' })).toEqual([50, 100, 120]);
    expect(policyActsAt({ policy: 'notify' }, 100)).toBe(false);
    expect(policyActsAt({ policy: 'stop-idle-pods' }, 80)).toBe(false);
    expect(policyActsAt({ policy: 'stop-idle-pods' }, 100)).toBe(true);
  });

  it('never fire a threshold spend has not reached, and fire every one it has (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 100_000_000 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 300_000_000 }),
        (amount, thresholds, spent) => {
          const b = budget({ amountCents: amount, thresholdsPercent: [...thresholds].sort((x, y) => x - y) });
          const due = alertsDue(b, NOV, spent, []);
          for (const p of alertThresholds(b)) expect(due.includes(p)).toBe(spent >= thresholdCents(b, p));
        },
      ),
    );
  });
});

describe('block new launches', () => {
  it('refuses a launch in a project whose block-launches budget is spent, until the month ends', () => {
    const b = budget({ policy: 'block-launches' });
    expect(launchBlockedBy([b], spend(2_000_000, { 'p-vision': 999_999 }), 'p-vision', NOW)).toBeNull();
    const block = launchBlockedBy([b], spend(2_000_000, { 'p-vision': 1_000_000 }), 'p-vision', NOW);
    expect(block?.budget.id).toBe('bgt-1');
    expect(block?.spentCents).toBe(1_000_000);
    expect(block?.untilMs).toBe(Date.UTC(2026, 11, 1));
    // Other projects may still launch.
    expect(launchBlockedBy([b], spend(2_000_000, { 'p-vision': 1_000_000 }), 'p-llm', NOW)).toBeNull();
  });

  it('lets notify-only and stop-idle budgets pass launches, even when spent', () => {
    for (const policy of ['notify', 'stop-idle-pods'] as const) {
      expect(launchBlockedBy([budget({ policy })], spend(5_000_000, { 'p-vision': 5_000_000 }), 'p-vision', NOW)).toBeNull();
    }
  });

  it('applies an organization budget to every project, naming the project’s own budget first', () => {
    const org = budget({ id: 'bgt-org', projectId: null, policy: 'block-launches', amountCents: 3_000_000 });
    const own = budget({ id: 'bgt-own', policy: 'block-launches' });
    expect(launchBlockedBy([org], spend(3_000_000, {}), 'p-llm', NOW)?.budget.id).toBe('bgt-org');
    expect(launchBlockedBy([org, own], spend(3_000_000, { 'p-vision': 1_000_000 }), 'p-vision', NOW)?.budget.id).toBe('bgt-own');
    expect(launchBlockedBy([org, own], spend(2_999_999, { 'p-vision': 10 }), 'p-vision', NOW)).toBeNull();
  });
});

describe('stop idle pods first', () => {
  it('stops only idle pods, the most expensive first', () => {
    const picked = idlePodsToStop([
      { podId: 'a', name: 'busy-training', idle: false, rateMicroUsdPerHour: 20_000_000 },
      { podId: 'b', name: 'forgotten-l40s', idle: true, rateMicroUsdPerHour: 890_000 },
      { podId: 'c', name: 'hoarder-8xh100', idle: true, rateMicroUsdPerHour: 19_920_000 },
    ]);
    expect(picked.map((p) => p.podId)).toEqual(['c', 'b']);
    expect(idlePodsToStop([])).toEqual([]);
  });
});

describe('budget health and timing', () => {
  it('is over once spent, at risk when the forecast passes the amount, else on track', () => {
    const b = { amountCents: 1_000 };
    expect(budgetHealth(b, 1_000, 1_000)).toBe('over');
    expect(budgetHealth(b, 900, 1_001)).toBe('at-risk');
    expect(budgetHealth(b, 900, 1_000)).toBe('on-track');
  });

  it('checks each month from the budget’s first month to now', () => {
    expect(monthsToCheck({ createdAtMs: Date.UTC(2026, 10, 18) }, 0, Date.UTC(2027, 0, 3))).toEqual([NOV, Date.UTC(2026, 11, 1), Date.UTC(2027, 0, 1)]);
    expect(monthsToCheck({ createdAtMs: NOV }, Date.UTC(2026, 11, 5), Date.UTC(2026, 11, 6))).toEqual([Date.UTC(2026, 11, 1)]);
  });

  it('finds when a growing spend crossed a threshold, to the minute', () => {
    // 1 cent a minute from NOV.
    const spendAt = (ms: number) => Math.max(0, Math.floor((ms - NOV) / 60_000));
    const at = crossingTimeMs(spendAt, NOV, NOV + 10_000 * 60_000, 4_321)!;
    expect(Math.abs(at - (NOV + 4_321 * 60_000))).toBeLessThanOrEqual(60_000);
    expect(spendAt(at)).toBeGreaterThanOrEqual(4_321);
    expect(crossingTimeMs(spendAt, NOV, NOV + 60_000 * 100, 4_321)).toBeNull();
    expect(crossingTimeMs(spendAt, NOV + 5_000 * 60_000, NOV + 6_000 * 60_000, 10)).toBe(NOV + 5_000 * 60_000);
  });
});

describe('budget input', () => {
  const projects = { projectIds: ['p-vision', 'p-llm'], requireProject: true };

  it('accepts a project or the organization, sorting and de-duplicating thresholds', () => {
    expect(validateBudgetInput({ projectId: 'p-vision', amountCents: 500_000, thresholdsPercent: [100, 50, 80, 80], policy: 'stop-idle-pods' }, projects)).toEqual({
      ok: true,
      value: { projectId: 'p-vision', amountCents: 500_000, thresholdsPercent: [50, 80, 100], policy: 'stop-idle-pods' },
    });
    const org = validateBudgetInput({ projectId: null, amountCents: 100, thresholdsPercent: [80], policy: 'notify' }, projects);
    expect(org.ok && org.value.projectId).toBeNull();
  });

  it('names each wrong field in plain words', () => {
    const r = validateBudgetInput({ projectId: 'p-nope', amountCents: 12.5, thresholdsPercent: [0, 80], policy: 'shout' }, projects);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.field)).toEqual(['projectId', 'amountCents', 'thresholdsPercent', 'policy']);
    const none = validateBudgetInput({}, projects);
    expect(!none.ok && none.errors.map((e) => e.field)).toEqual(['projectId', 'amountCents', 'thresholdsPercent', 'policy']);
    expect(validateBudgetInput({ amountCents: 100, thresholdsPercent: Array(7).fill(50), policy: 'notify' }, { ...projects, requireProject: false }).ok).toBe(false);
    expect(validateBudgetInput({ amountCents: 100, thresholdsPercent: [50], policy: 'notify' }, { ...projects, requireProject: false }).ok).toBe(true);
  });
});
