/** Where the console shows one recommendation: its pod's page when it is about one pod, else the list of its kind; the fragment names its card. */
import type { RecommendationKind } from './types';

export const recommendationAnchor = (id: string): string => `recommendation-${id}`;

export function recommendationHref(r: { id: string; kind: RecommendationKind; podIds: readonly string[] }): string {
  const anchor = `#${recommendationAnchor(r.id)}`;
  return r.podIds.length === 1 ? `/pods/${r.podIds[0]}${anchor}` : `/recommendations?kind=${r.kind}${anchor}`;
}
