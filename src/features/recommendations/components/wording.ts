/**
 * Recommendations in words: the evidence a person can check, what applying does,
 * and how sure we are. The numbers come from the API; here they only become sentences.
 */
import { launchFormHref } from '../../../lib/launch-href';
import { formatCentsWhole, formatDate, formatInteger, formatPercent, formatRatePerHour } from '../../../lib/format';
import type { Recommendation } from '../api/get-recommendations';
import { KIND_LABELS, plural, podName, type Names } from './titles';

const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const gib = (mib: number) => `${oneDecimal.format(mib / 1024)} GiB`;

/** The numbers the recommendation rests on, in a sentence a person can check. */
export function evidenceText(r: Recommendation, names: Names): string {
  const saves = `saves ${formatCentsWhole(r.monthlySavingsCents)} a month`;
  const e = r.evidence;
  switch (e.kind) {
    case 'gpu-tier': {
      const time = e.runtimeFactor <= 1.05 ? 'does this work in about the same time' : `takes about ${oneDecimal.format(e.runtimeFactor)}× as long for this work`;
      return (
        `Peak memory ${gib(e.peakMemMiB)} of ${formatInteger(e.currentVramGiB)} GiB (95th percentile ${gib(e.p95MemMiB)}, in percent of its memory, rounded up as below); ` +
        `SM activity p95 ${formatPercent(e.p95SmActive)}, tensor activity p95 ${formatPercent(e.p95TensorActive)} ` +
        `(95th percentiles of every 5-minute period, rounded up to the top of a band 5 points wide below 20%, 10 above). ` +
        `An ${names.gpu(e.newGpuTypeId)} (${formatInteger(e.newVramGiB)} GiB) in ${names.region(r.to.regionId)} fits with ${oneDecimal.format(e.headroom)}× headroom ` +
        `and ${time} (${formatInteger(e.newTflops)} TFLOPS against a demand of ${formatInteger(Math.round(e.demandTflops))}); ${saves}.`
      );
    }
    case 'mig-slice': {
      const alt = e.wholeGpuAlternative;
      return (
        `Peak memory ${gib(e.peakMemMiB)} of its ${formatInteger(e.vramGiB)} GiB (95th percentile ${gib(e.p95MemMiB)}); SM activity p95 ${formatPercent(e.p95SmActive)} of its ${formatInteger(e.gpuTflops)} TFLOPS, ` +
        `a demand of ${formatInteger(Math.round(e.demandTflops))} TFLOPS. A ${e.migProfile} slice (${e.computeSlices}/7 of the GPU: ${formatInteger(Math.round(e.sliceTflops))} TFLOPS, ${formatInteger(e.sliceMemoryGiB)} GiB) in ${names.region(r.to.regionId)} ` +
        `holds it with ${oneDecimal.format(e.headroom)}× headroom and does this work in about the same time, at ${formatRatePerHour(e.toRateMicroUsdPerHour)} instead of ${formatRatePerHour(e.fromRateMicroUsdPerHour)}` +
        (alt ? ` (the cheapest whole GPU that fits, an ${names.gpu(alt.gpuTypeId)} in ${names.region(alt.regionId)}, would cost ${formatCentsWhole(alt.monthlyCostCents)} a month)` : '') +
        `; ${saves}.`
      );
    }
    case 'fewer-gpus': {
      const idle = e.idleGpuIndexes.length === 1 ? `GPU ${e.idleGpuIndexes[0]}` : `GPUs ${e.idleGpuIndexes.join(', ')}`;
      return (
        `Only ${formatInteger(e.workingGpus)} of its ${formatInteger(e.gpuCount)} GPUs ever worked: ${idle} stayed below ${formatPercent(e.workingP95SmActive)} SM activity (p95) ` +
        `and ${formatPercent(e.workingMemShare)} of their memory. ${plural(e.newGpuCount, 'GPU')} ${e.newGpuCount === 1 ? 'holds' : 'hold'} its work; ${saves}.`
      );
    }
    case 'auto-stop':
      return (
        (e.idleHoursPerWeek >= 167
          ? 'Its GPUs sat idle around the clock, every day of the week, and it has no auto-stop. '
          : `Idle about ${formatInteger(Math.round(e.idleHoursPerWeek))} of the week's 168 hours, with no auto-stop. `) +
        `Stopping after ${formatInteger(e.autoStopIdleMinutes)} idle minutes would have stopped it for about ${formatInteger(Math.round(e.stoppableHoursPerWeek))} of them; ${saves}.`
      );
    case 'commitment':
      return (
        `${plural(e.baselineGpus, names.gpu(r.to.gpuTypeId))} in ${names.region(r.to.regionId)} were in use in ${formatPercent(e.coveredHoursShare)} of the last ${formatInteger(e.hoursObserved)} hours. ` +
        `Committing to ${formatInteger(e.baselineGpus)} for ${formatInteger(e.termDays)} days at ${formatRatePerHour(e.committedRateMicroUsdPerGpuHour)} per GPU instead of ${formatRatePerHour(e.onDemandRateMicroUsdPerGpuHour)} ${saves}.`
      );
    case 'region': {
      const price =
        e.toRateMicroUsdPerGpuHour < e.fromRateMicroUsdPerGpuHour
          ? `costs ${formatRatePerHour(e.toRateMicroUsdPerGpuHour)} per GPU in ${names.region(e.toRegionId)} instead of ${formatRatePerHour(e.fromRateMicroUsdPerGpuHour)} in ${names.region(e.fromRegionId)}`
          : `costs the same ${formatRatePerHour(e.toRateMicroUsdPerGpuHour)} per GPU in ${names.region(e.toRegionId)} as in ${names.region(e.fromRegionId)}`;
      return (
        `The same ${names.gpu(r.to.gpuTypeId)} ${price}, both in ${e.jurisdiction}. ${names.region(e.toRegionId)}'s grid emits ${formatInteger(e.toGridGCo2ePerKWh)} g CO2e per kWh against ${formatInteger(e.fromGridGCo2ePerKWh)} ` +
        `(up to ${oneDecimal.format(e.co2eKgPerMonthAvoided)} kg CO2e a month less); ${r.monthlySavingsCents > 0 ? saves : 'saves nothing, but runs on cleaner power'}.`
      );
    }
  }
}

/** What happens when the recommendation is applied. */
export function outcomeText(r: Recommendation, names: Names): string {
  const a = r.action;
  switch (a.type) {
    case 'patch':
      if (a.patch.gpuCount !== undefined) return `Changes the pod in place: it restarts with ${plural(a.patch.gpuCount, 'GPU')} (about 20 seconds) and keeps its disk.`;
      return `Changes the pod in place: it stops once its GPUs have been idle for ${formatInteger(a.patch.autoStopIdleMinutes ?? 0)} minutes, keeps its disk, and you start it again when you need it.`;
    case 'launch':
      return (
        `Opens the launch form with ${a.launch.migProfile ? `a ${a.launch.migProfile} slice of ${names.gpu(a.launch.gpuTypeId)}` : plural(a.launch.gpuCount, names.gpu(a.launch.gpuTypeId))} in ${names.region(a.launch.regionId)}, the pod's image, disk size and SSH key. ` +
        `The new pod starts with a fresh disk (copy what you need); ${podName(r)} is stopped once the new pod runs, and keeps its disk until you terminate it.`
      );
    case 'manual':
      return `A commitment is agreed with the provider for a ${r.evidence.kind === 'commitment' ? r.evidence.termDays : 30}-day term; the console does not buy one yet. Ask your account team, quoting this recommendation.`;
  }
}

export function confidenceText(r: Recommendation): string {
  const c = r.confidence;
  const level = { high: 'High', medium: 'Medium', low: 'Low' }[c.level];
  return `${level} confidence: ${plural(c.daysObserved, 'day')} observed, ${formatPercent(c.steadiness)} steady`;
}

export function countedAfterText(r: Recommendation): string | null {
  if (r.countedAfter.length === 0) return null;
  return `Counted after: ${r.countedAfter.map((k) => KIND_LABELS[k].toLowerCase()).join(', ')} (its saving comes first, so nothing is counted twice).`;
}

export function decisionText(r: Recommendation, names: Names): string | null {
  const DISMISS_REASONS = {
    'needs-current-setup': 'needs the current setup',
    'workload-changing': 'the workload is about to change',
    'already-handled': 'already handled',
    other: 'other',
  } as const;
  if (r.dismissal) {
    const note = r.dismissal.note ? ` — “${r.dismissal.note}”` : '';
    return `Dismissed by ${names.user(r.dismissal.byUserId)} on ${formatDate(r.dismissal.at)}: ${DISMISS_REASONS[r.dismissal.reason]}${note}`;
  }
  if (r.snoozedUntil) return `Snoozed until ${formatDate(r.snoozedUntil)}`;
  return null;
}

/** The launch form's address, prefilled with the recommended setup (the form reads these parameters). */
export function launchHref(r: Recommendation): string | null {
  return r.action.type === 'launch' ? launchFormHref(r.action.launch) : null;
}
