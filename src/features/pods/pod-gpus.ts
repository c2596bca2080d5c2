/** What a pod holds, in words: "2 × NVIDIA H100 SXM 80GB", or "NVIDIA H100 SXM 80GB · 1g.10gb slice" for a MIG slice. */
import type { Pod } from './api/types';

export function podGpusLabel(pod: Pick<Pod, 'gpuCount' | 'migProfile'>, gpuName: string): string {
  return pod.migProfile ? `${gpuName} · ${pod.migProfile} slice` : `${pod.gpuCount} × ${gpuName}`;
}
