/** What the pod has cost so far and what it costs now (GPUs only while running; the disk while it exists). */
import { formatCents, formatRatePerHour } from '../../../../lib/format';
import { Stat } from '../../../../ui/card';
import type { PodDetail } from '../../api/types';
import { podRateNowMicroUsdPerHour } from '../../pod-rate';

export function PodCost({ pod }: { pod: PodDetail }) {
  const running = pod.status === 'running';
  const exists = pod.status !== 'terminated' && pod.status !== 'failed';
  const rate = podRateNowMicroUsdPerHour(pod);
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Stat label="Cost so far" value={formatCents(pod.costToDateCents)} hint="GPU time while running, plus the disk since launch" />
      <Stat
        label="Current rate"
        value={formatRatePerHour(rate)}
        hint={running ? `GPUs ${formatRatePerHour(pod.gpuRateMicroUsdPerHour)} + disk ${formatRatePerHour(pod.diskRateMicroUsdPerHour)}` : exists ? `Disk only while ${pod.status}; GPUs ${formatRatePerHour(pod.gpuRateMicroUsdPerHour)} when running` : 'Nothing: the pod is gone'}
      />
    </div>
  );
}
