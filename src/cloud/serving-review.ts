/**
 * What the serving recommendations (domain/serving-recommendations) need from a window, gathered
 * in the same pass that sums each serving pod's vLLM counters: each pod's busiest five minutes
 * (output tokens/s, all its GPUs), and each replica group's (one model, project and region; the
 * pods running now) busiest five minutes together, in output tokens/s and KV cache in GiB.
 */
import type { GpuType } from '../domain/catalog';
import type { ServingUsage } from '../domain/inference-economics';
import { kvCacheGiB, replicaGroupKey, type GroupPeak, type ServingPodMeasured } from '../domain/serving-recommendations/serving-recommendations';
import { statusAt } from './lifecycle';
import type { Pod } from './model';
import { countedRuns } from './pod-observations';
import type { ServingModel, ServingPeriodVisitor } from './serving-telemetry';
import { SAMPLE_PERIOD_MS } from './telemetry';

interface GroupSeries {
  outputTokensPerSecond: Float64Array;
  kvCacheGiB: Float64Array;
}

export class ServingReviewCollector {
  readonly pods: ServingPodMeasured[] = [];
  private readonly groups = new Map<string, GroupSeries>();
  private readonly firstPeriodMs: number;
  private readonly periods: number;
  private readonly peaks = new Map<string, number>();

  constructor(
    private readonly window: { fromMs: number; toMs: number },
    private readonly nowMs: number,
  ) {
    this.firstPeriodMs = Math.floor(window.fromMs / SAMPLE_PERIOD_MS) * SAMPLE_PERIOD_MS;
    this.periods = Math.max(1, Math.ceil((window.toMs - this.firstPeriodMs) / SAMPLE_PERIOD_MS));
  }

  /**
   * The visitor to pass to servingTotals for this pod: tracks its peak, and its group's when it runs
   * now. A pod on a MIG slice is left out (undefined): the benchmarks and KV-cache sizes are whole GPUs'.
   */
  visitor(pod: Pod, gpu: GpuType, model: ServingModel): ServingPeriodVisitor | undefined {
    if (pod.migProfile !== undefined) return undefined;
    const running = statusAt(pod, this.nowMs) === 'running';
    const series = running ? this.seriesOf(replicaGroupKey({ projectId: pod.projectId, regionId: pod.regionId, model })) : null;
    const kvGiBPerGpu = kvCacheGiB(gpu, model);
    let periodMs = -1;
    let periodTokensPerSecond = 0;
    let peak = 0;
    this.peaks.set(pod.id, 0);
    return (ps, _g, runningMs, generationTokens, kvCacheUsage) => {
      const tokensPerSecond = runningMs > 0 ? generationTokens / (runningMs / 1000) : 0;
      if (ps !== periodMs) {
        periodMs = ps;
        periodTokensPerSecond = 0;
      }
      periodTokensPerSecond += tokensPerSecond;
      if (periodTokensPerSecond > peak) {
        peak = periodTokensPerSecond;
        this.peaks.set(pod.id, peak);
      }
      if (series) {
        const i = Math.floor((ps - this.firstPeriodMs) / SAMPLE_PERIOD_MS);
        if (i >= 0 && i < this.periods) {
          series.outputTokensPerSecond[i] = (series.outputTokensPerSecond[i] ?? 0) + tokensPerSecond;
          series.kvCacheGiB[i] = (series.kvCacheGiB[i] ?? 0) + kvCacheUsage * kvGiBPerGpu;
        }
      }
    };
  }

  /** Records a pod once its counters are summed. */
  addPod(pod: Pod, model: ServingModel, usage: ServingUsage): void {
    if (pod.migProfile !== undefined) return;
    const runningMs = countedRuns(pod, this.window.fromMs, this.window.toMs).reduce((a, r) => a + (r.endMs - r.startMs), 0);
    this.pods.push({
      podId: pod.id,
      podName: pod.name,
      projectId: pod.projectId,
      regionId: pod.regionId,
      model: { id: model.id, name: model.name, weightsGB: model.weightsGB, throughputFactor: model.throughputFactor },
      gpuTypeId: pod.gpuTypeId,
      gpuCount: pod.gpuCount,
      rateMicroUsdPerGpuHour: pod.rateMicroUsdPerGpuHour,
      runningNow: statusAt(pod, this.nowMs) === 'running',
      totals: usage.totals,
      spendCents: usage.spendCents,
      inputSpendCents: usage.inputSpendCents,
      runningMs,
      observedMs: Math.max(0, this.window.toMs - Math.max(this.window.fromMs, pod.createdAtMs)),
      peakOutputTokensPerSecond: this.peaks.get(pod.id) ?? 0,
    });
  }

  /** Each group's busiest period, in tokens/s and in KV cache (each its own busiest). */
  groupPeaks(): Map<string, GroupPeak> {
    const out = new Map<string, GroupPeak>();
    for (const [key, s] of this.groups) {
      let tps = 0;
      let kv = 0;
      for (let i = 0; i < this.periods; i++) {
        tps = Math.max(tps, s.outputTokensPerSecond[i] ?? 0);
        kv = Math.max(kv, s.kvCacheGiB[i] ?? 0);
      }
      out.set(key, { outputTokensPerSecond: tps, kvCacheGiB: kv });
    }
    return out;
  }

  private seriesOf(key: string): GroupSeries {
    let s = this.groups.get(key);
    if (!s) {
      s = { outputTokensPerSecond: new Float64Array(this.periods), kvCacheGiB: new Float64Array(this.periods) };
      this.groups.set(key, s);
    }
    return s;
  }
}
