/**
 * Region: the same GPU cheaper, or on cleaner power at no higher price, in another region of
 * the pod's jurisdiction (its data stays under the same law). Savings = the rate difference ×
 * the hours it runs; a move for cleaner power alone saves nothing and says so.
 */
import { co2eKg, energyKWh } from '../energy';
import { sameJurisdictionRegionIds } from '../tier-fit';
import { HOURS_PER_MONTH, MS_PER_HOUR } from '../units';
import { confidenceOf, podStep, replacementName, round1, type Basis, type PodStep, type PodStepContext } from './basis';

export function regionStep(ctx: PodStepContext, basis: Basis): PodStep | null {
  const { catalog, pod, observation, settings } = ctx;
  // A tier change already chose the best region for its new GPU.
  if (basis.gpuType.id !== pod.gpuTypeId) return null;
  const here = catalog.regions.find((r) => r.id === basis.regionId);
  if (!here) return null;
  const allowed = new Set(sameJurisdictionRegionIds(catalog.regions, basis.regionId));
  const candidates = catalog.offers
    .filter((o) => o.gpuTypeId === basis.gpuType.id && o.regionId !== basis.regionId && allowed.has(o.regionId) && o.rateMicroUsdPerGpuHour <= basis.rateMicroUsdPerGpuHour)
    .flatMap((o) => {
      const region = catalog.regions.find((r) => r.id === o.regionId);
      return region ? [{ offer: o, region }] : [];
    })
    .sort((a, b) => a.offer.rateMicroUsdPerGpuHour - b.offer.rateMicroUsdPerGpuHour || a.region.gridGCo2ePerKWh - b.region.gridGCo2ePerKWh || a.region.id.localeCompare(b.region.id));
  const kWhAt = (pue: number) => energyKWh(basis.gpuType.tdpW * basis.gpuCount, basis.monthlyRunningMs, pue);
  for (const { offer, region } of candidates) {
    const co2eKgPerMonthAvoided = Math.max(0, round1(co2eKg(kWhAt(here.pue), here.gridGCo2ePerKWh) - co2eKg(kWhAt(region.pue), region.gridGCo2ePerKWh)));
    const cleaner = region.gridGCo2ePerKWh <= here.gridGCo2ePerKWh * (1 - settings.cleanerPowerMinReduction) && co2eKgPerMonthAvoided >= settings.cleanerPowerMinCo2eKgPerMonth;
    const after: Basis = { ...basis, regionId: region.id, rateMicroUsdPerGpuHour: offer.rateMicroUsdPerGpuHour };
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
        toRateMicroUsdPerGpuHour: offer.rateMicroUsdPerGpuHour,
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
          .map((o) => ({ x: o.regionId, value: o.rateMicroUsdPerGpuHour })),
        references: [{ label: 'today', value: basis.rateMicroUsdPerGpuHour }],
      },
      action: {
        type: 'launch',
        launch: {
          name: replacementName(pod.podName, region.id),
          projectId: pod.projectId,
          gpuTypeId: basis.gpuType.id,
          gpuCount: basis.gpuCount,
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
