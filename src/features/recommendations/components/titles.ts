/** Recommendation titles and kind names: small, so the Overview's top three load without the evidence wording. */
import { formatInteger } from '../../../lib/format';
import type { Recommendation, RecommendationKind } from '../api/get-recommendations';

export interface Names {
  gpu: (id: string) => string;
  region: (id: string) => string;
  user: (id: string) => string;
  project: (id: string) => string;
}

export const KIND_LABELS: Record<RecommendationKind, string> = {
  'gpu-tier': 'Cheaper GPU tier',
  'mig-slice': 'MIG slice',
  'fewer-gpus': 'Fewer GPUs',
  'auto-stop': 'Auto-stop',
  commitment: 'Commitment',
  region: 'Region',
};

export { recommendationAnchor, recommendationHref } from '../../../domain/recommendations/links';

export const plural = (n: number, one: string, many = `${one}s`) => `${formatInteger(n)} ${n === 1 ? one : many}`;

export function podName(r: Recommendation): string {
  return r.podNames.length === 1 ? r.podNames[0]! : `${plural(r.podNames.length, 'pod')}`;
}

export function recommendationTitle(r: Recommendation, names: Names): string {
  switch (r.kind) {
    case 'gpu-tier':
      return `Move ${podName(r)} to ${names.gpu(r.to.gpuTypeId)}`;
    case 'mig-slice':
      return `Move ${podName(r)} to a ${r.to.migProfile ?? 'MIG'} slice of its ${names.gpu(r.to.gpuTypeId)}`;
    case 'fewer-gpus':
      return `Give back ${r.from.gpuCount - r.to.gpuCount} of the ${r.from.gpuCount} GPUs of ${podName(r)}`;
    case 'auto-stop':
      return `Turn on auto-stop for ${podName(r)}`;
    case 'commitment':
      return `Commit to ${plural(r.to.gpuCount, names.gpu(r.to.gpuTypeId))} in ${names.region(r.to.regionId)}`;
    case 'region':
      return `Move ${podName(r)} to ${names.region(r.to.regionId)}`;
  }
}
