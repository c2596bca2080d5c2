/**
 * Auto-stop: a pod that sits idle for hours at a stretch (nights, weekends) with no auto-stop.
 * Auto-stop would stop it once idle for the wait; savings = the idle hours after each wait × its rate.
 */
import { HOURS_PER_MONTH, MS_PER_HOUR } from '../units';
import { confidenceOf, podStep, round1, round2, type Basis, type PodStep, type PodStepContext } from './basis';

const HOURS_PER_WEEK = 168;

/** Lengths of the runs of idle hours in a week, read as a ring (Saturday night runs into Sunday). */
export function idleStretches(idleShareByHourOfWeek: ReadonlyArray<number | null>, idleHourShare: number): number[] {
  const idle = Array.from({ length: HOURS_PER_WEEK }, (_, h) => {
    const share = idleShareByHourOfWeek[h];
    return share !== null && share !== undefined && share >= idleHourShare;
  });
  const firstBusy = idle.indexOf(false);
  if (firstBusy === -1) return [HOURS_PER_WEEK];
  const stretches: number[] = [];
  let run = 0;
  for (let i = 1; i <= HOURS_PER_WEEK; i++) {
    if (idle[(firstBusy + i) % HOURS_PER_WEEK]) run += 1;
    else if (run > 0) {
      stretches.push(run);
      run = 0;
    }
  }
  return stretches;
}

export interface AutoStopEffect {
  idleHoursPerWeek: number;
  stoppableHoursPerWeek: number;
  /** Running time a month auto-stop would cut (never more than the pod runs). */
  stoppableMs: number;
}

/** What auto-stop with a given wait would cut from a pod's month, read from its idle week. */
export function autoStopEffect(idleShareByHourOfWeek: ReadonlyArray<number | null>, waitMinutes: number, idleHourShare: number, monthlyRunningMs: number): AutoStopEffect {
  const waitHours = waitMinutes / 60;
  const stretches = idleStretches(idleShareByHourOfWeek, idleHourShare);
  const idleHoursPerWeek = stretches.reduce((a, n) => a + n, 0);
  const stoppableHoursPerWeek = stretches.reduce((a, n) => a + Math.max(0, n - waitHours), 0);
  // A week's stoppable hours, spread over a 30-day month.
  const stoppableMs = Math.min(monthlyRunningMs, Math.round((stoppableHoursPerWeek * (HOURS_PER_MONTH / HOURS_PER_WEEK) * MS_PER_HOUR) / 1000) * 1000);
  return { idleHoursPerWeek, stoppableHoursPerWeek, stoppableMs };
}

/**
 * A pod whose auto-stop is already set runs, from now on, only as its idle week allows: the
 * basis every other change is counted on. (Its telemetry may predate the setting.)
 */
export function withAutoStopInEffect(basis: Basis, idleShareByHourOfWeek: ReadonlyArray<number | null>, idleHourShare: number): Basis {
  if (basis.autoStopIdleMinutes === null) return basis;
  const { stoppableMs } = autoStopEffect(idleShareByHourOfWeek, basis.autoStopIdleMinutes, idleHourShare, basis.monthlyRunningMs);
  return { ...basis, monthlyRunningMs: basis.monthlyRunningMs - stoppableMs };
}

export function autoStopStep(ctx: PodStepContext, basis: Basis): PodStep | null {
  if (basis.autoStopIdleMinutes !== null) return null;
  const { settings, observation } = ctx;
  const { idleHoursPerWeek, stoppableHoursPerWeek, stoppableMs } = autoStopEffect(observation.idleShareByHourOfWeek, settings.autoStopIdleMinutes, settings.idleHourShare, basis.monthlyRunningMs);
  if (stoppableMs <= 0) return null;
  const after: Basis = { ...basis, autoStopIdleMinutes: settings.autoStopIdleMinutes, monthlyRunningMs: basis.monthlyRunningMs - stoppableMs };
  const idleShares = observation.idleShareByHourOfWeek.filter((s): s is number => s !== null && s >= settings.idleHourShare);
  const steadiness = idleShares.length === 0 ? 0 : idleShares.reduce((a, s) => a + s, 0) / idleShares.length;
  return podStep(ctx, 'auto-stop', basis, after, {
    confidence: confidenceOf(observation.daysObserved, steadiness),
    evidence: {
      kind: 'auto-stop',
      idleHoursPerWeek: round1(idleHoursPerWeek),
      stoppableHoursPerWeek: round1(stoppableHoursPerWeek),
      autoStopIdleMinutes: settings.autoStopIdleMinutes,
      idleHourShare: settings.idleHourShare,
    },
    series: {
      metric: 'idle-share',
      unit: 'ratio',
      xUnit: 'hour-of-week',
      points: observation.idleShareByHourOfWeek.flatMap((share, h) => (share === null ? [] : [{ x: String(h), value: round2(share) }])),
      references: [{ label: 'idle hour', value: settings.idleHourShare }],
    },
    action: { type: 'patch', podId: ctx.pod.podId, patch: { autoStopIdleMinutes: settings.autoStopIdleMinutes } },
  });
}
