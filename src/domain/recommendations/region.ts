/**
 * Region: the same GPU cheaper, or on cleaner power at no higher price, in another region of
 * the pod's jurisdiction (its data stays under the same law). Savings = the rate difference ×
 * the hours it runs; a move for cleaner power alone saves nothing and says so. A pod on a MIG
 * slice (or proposed one by mig-slice.ts) moves to the same slice, at that region's slice rate.
 */
import { co2eKg, energyKWh } from '../energy';
import { sameJurisdictionRegionIds } from '../tier-fit';
import { gpuFraction } from '../mig';
import type { MicroUsdPerHour } from '../money';
import { HOURS_PER_MONTH, MS_PER_HOUR } from '../units';
import type { CatalogFacts } from './types';
import { confidenceOf, podStep, replacementName, round1, type Basis, type PodStep, type PodStepContext } from './basis';

/** The rate of the basis's setup in an offer's region: the whole GPU's, or its slice's (undefined: that slice is not sold there). */
function rateIn(offer: CatalogFacts['offers'][number], migProfile: string | null): MicroUsdPerHour | undefined {
  return migProfile === null ? offer.rateMicroUsdPerGpuHour : offer.migSlices?.find((s) => s.profile === migProfile)?.rateMicroUsdPerHour;
}

export function regionStep(ctx: PodStepContext, basis: Basis): PodStep | null {
  const { catalog, pod, observation, settings } = ctx;
  // A tier change already chose the best region for its new GPU.
  if (basis.gpuType.id !== pod.gpuTypeId) return null;
  const here = catalog.regions.find((r) => r.id === basis.regionId);
  if (!here) return null;
  const allowed = new Set(sameJurisdictionRegionIds(catalog.regions, basis.regionId));
  const candidates = catalog.offers
    .filter((o) => o.gpuTypeId === basis.gpuType.id && o.regionId !== basis.regionId && allowed.has(o.regionId))
    .flatMap((o) => {
      const region = catalog.regions.find((r) => r.id === o.regionId);
      const rate = rateIn(o, basis.migProfile);
      return region && rate !== undefined && rate <= basis.rateMicroUsdPerGpuHour ? [{ rate, region }] : [];
    })
    .sort((a, b) => a.rate - b.rate || a.region.gridGCo2ePerKWh - b.region.gridGCo2ePerKWh || a.region.id.localeCompare(b.region.id));
  // A slice draws its compute share of the board's power (as the simulator splits it).
  const kWhAt = (pue: number) => energyKWh(basis.gpuType.tdpW * basis.gpuCount * gpuFraction(basis.migProfile), basis.monthlyRunningMs, pue);
  for (const { rate, region } of candidates) {
    const co2eKgPerMonthAvoided = Math.max(0, round1(co2eKg(kWhAt(here.pue), here.gridGCo2ePerKWh) - co2eKg(kWhAt(region.pue), region.gridGCo2ePerKWh)));
    const cleaner = region.gridGCo2ePerKWh <= here.gridGCo2ePerKWh * (1 - settings.cleanerPowerMinReduction) && co2eKgPerMonthAvoided >= settings.cleanerPowerMinCo2eKgPerMonth;
    const after: Basis = { ...basis, regionId: region.id, rateMicroUsdPerGpuHour: rate };
    const step = podStep(ctx, 'region', basis, after, {
      worthItWithoutSavings: cleaner,
      // Prices are facts; what the saving rests on is the pod running as it did.
      confidence: confidenceOf(observation.daysObserved, basis.monthlyRunningMs / (HOURS_PER_MONTH * MS_PER_HOUR)),
      evidence: {
        kind: 'region',
        jurisdiction: here.jurisdiction,
        fromRegionId: here.id,
        toRegionId: region.id,
        fromRateMicroUsdPerGpuHour: basis.rateMicroUsdPerGpuHour,
        toRateMicroUsdPerGpuHour: rate,
        fromGridGCo2ePerKWh: here.gridGCo2ePerKWh,
        toGridGCo2ePerKWh: region.gridGCo2ePerKWh,
        co2eKgPerMonthAvoided,
      },
      series: {
        metric: 'rate',
        unit: 'microUsdPerGpuHour',
        xUnit: 'region',
        points: catalog.offers
          .filter((o) => o.gpuTypeId === basis.gpuType.id && allowed.has(o.regionId))
          .sort((a, b) => a.regionId.localeCompare(b.regionId))
          .flatMap((o) => {
            const value = rateIn(o, basis.migProfile);
            return value === undefined ? [] : [{ x: o.regionId, value }];
          }),
        references: [{ label: 'today', value: basis.rateMicroUsdPerGpuHour }],
      },
      action: {
        type: 'launch',
        launch: {
          name: replacementName(pod.podName, region.id),
          projectId: pod.projectId,
          gpuTypeId: basis.gpuType.id,
          gpuCount: basis.gpuCount,
          ...(basis.migProfile !== null ? { migProfile: basis.migProfile } : {}),
          regionId: region.id,
          imageId: pod.imageId,
          diskGb: pod.diskGb,
          autoStopIdleMinutes: basis.autoStopIdleMinutes,
          sshPublicKey: pod.sshPublicKey,
          replacesPodId: pod.podId,
        },
      },
    });
    if (step) return step;
  }
  return null;
}
