/** POST /v1/recommendations/{id}/dismiss | snooze | restore: what a person decided about one. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';

export type DismissReason = components['schemas']['RecommendationDismissReason'];

export type Decision = { type: 'dismiss'; reason: DismissReason; note?: string } | { type: 'snooze'; days: number } | { type: 'restore' };

export async function decideRecommendation(recommendationId: string, decision: Decision) {
  const params = { path: { recommendationId } };
  switch (decision.type) {
    case 'dismiss':
      return unwrap(await api.POST('/v1/recommendations/{recommendationId}/dismiss', { params, body: { reason: decision.reason, ...(decision.note ? { note: decision.note } : {}) } }));
    case 'snooze':
      return unwrap(await api.POST('/v1/recommendations/{recommendationId}/snooze', { params, body: { days: decision.days } }));
    case 'restore':
      return unwrap(await api.POST('/v1/recommendations/{recommendationId}/restore', { params }));
  }
}

export function useDecideRecommendation(recommendationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (decision: Decision) => decideRecommendation(recommendationId, decision),
    // A decision moves savings between lists and changes the pod's other savings: ask again.
    onSuccess: () => client.invalidateQueries({ queryKey: ['recommendations'] }),
  });
}
