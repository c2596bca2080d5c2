/** PUT /v1/egress/thresholds/{projectId}: the share of the free allowance at which a project warns. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import { egressMeterQueryOptions } from './get-egress-meter';

export async function setEgressThreshold(projectId: string, warningThresholdPercent: number) {
  return unwrap(await api.PUT('/v1/egress/thresholds/{projectId}', { params: { path: { projectId } }, body: { warningThresholdPercent } }));
}

export function useSetEgressThreshold() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ projectId, warningThresholdPercent }: { projectId: string; warningThresholdPercent: number }) => setEgressThreshold(projectId, warningThresholdPercent),
    onSuccess: () => client.invalidateQueries({ queryKey: egressMeterQueryOptions().queryKey }),
  });
}
