/** What a pod costs per hour now: its GPUs only while it runs, its disk while it exists (the API's billing rule). */
import type { Pod } from './api/types';

export function podRateNowMicroUsdPerHour(pod: Pick<Pod, 'status' | 'gpuRateMicroUsdPerHour' | 'diskRateMicroUsdPerHour'>): number {
  const running = pod.status === 'running';
  const exists = pod.status !== 'terminated' && pod.status !== 'failed';
  return (running ? pod.gpuRateMicroUsdPerHour : 0) + (exists ? pod.diskRateMicroUsdPerHour : 0);
}
