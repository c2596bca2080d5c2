/**
 * The price function: what a pod costs per hour, per working day and per month. The
 * launch form's estimate and the billing ledger both call it, so the estimate is the bill.
 */
import type { DiskPricing, GpuOffer } from './catalog';
import { costCentsForDuration, divRound, type Cents, type MicroUsdPerHour } from './money';
import { HOURS_PER_MONTH, HOURS_PER_WORKING_DAY, MS_PER_HOUR } from './units';

export interface PodRates {
  gpuMicroUsdPerHour: MicroUsdPerHour;
  diskMicroUsdPerHour: MicroUsdPerHour;
}

export interface PodShape {
  gpuCount: number;
  diskGb: number;
}

export function podRates(offer: Pick<GpuOffer, 'rateMicroUsdPerGpuHour'>, disk: DiskPricing, shape: PodShape): PodRates {
  return {
    gpuMicroUsdPerHour: offer.rateMicroUsdPerGpuHour * shape.gpuCount,
    diskMicroUsdPerHour: diskMicroUsdPerHour(disk, shape.diskGb),
  };
}

/** Disk is priced per GB-month; per hour it is that price over a 30-day month. */
export function diskMicroUsdPerHour(disk: DiskPricing, diskGb: number): MicroUsdPerHour {
  return divRound(disk.microUsdPerGbMonth * diskGb, HOURS_PER_MONTH);
}

export interface CostLine {
  gpuCents: Cents;
  diskCents: Cents;
  totalCents: Cents;
}

export interface PodCostEstimate {
  perHour: CostLine;
  perWorkingDay: CostLine;
  perMonth: CostLine;
  /** What the disk costs in a month while the pod is stopped (GPU not billed). */
  stoppedPerMonthCents: Cents;
}

function costLine(rates: PodRates, hours: number): CostLine {
  const gpuCents = costCentsForDuration(rates.gpuMicroUsdPerHour, hours * MS_PER_HOUR);
  const diskCents = costCentsForDuration(rates.diskMicroUsdPerHour, hours * MS_PER_HOUR);
  return { gpuCents, diskCents, totalCents: gpuCents + diskCents };
}

export function podCostEstimate(rates: PodRates): PodCostEstimate {
  return {
    perHour: costLine(rates, 1),
    perWorkingDay: costLine(rates, HOURS_PER_WORKING_DAY),
    perMonth: costLine(rates, HOURS_PER_MONTH),
    stoppedPerMonthCents: costCentsForDuration(rates.diskMicroUsdPerHour, HOURS_PER_MONTH * MS_PER_HOUR),
  };
}
