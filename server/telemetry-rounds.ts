/**
 * A read answered from a metrics store (PROMETHEUS_URL) instead of the simulator's telemetry.
 * The cloud computes over samples synchronously, and which samples an answer needs is known only
 * by computing it, so a request runs in rounds: each runs the cloud's handler with a sampler that
 * answers from the samples fetched so far and records every (pod, GPU, period) it does not have
 * yet; those are fetched together (server/prometheus-telemetry.ts), and the handler runs again,
 * until a round asks for nothing new. That round's answer, computed from fetched samples only,
 * is the one sent. Most reads take two rounds (the ledger's samples do not depend on values).
 * Serving pods' vLLM figures (where the source has them) are asked for and fetched the same way.
 */
import type { CloudContext } from '../src/cloud/context';
import type { CloudResponse } from '../src/cloud/http';
import type { ServingPeriod, ServingSampler } from '../src/cloud/serving-telemetry';
import { SAMPLE_PERIOD_MS, type GpuSample, type GpuSampler } from '../src/cloud/telemetry';
import type { SampleNeed, TelemetrySource } from './prometheus-telemetry';

/** Rounds at most; the last answers a sample still missing as absent (null) instead of asking for it. */
export const MAX_ROUNDS = 4;

/**
 * What a round answers for a sample not fetched yet: an idle GPU. Only control flow sees it (the
 * round's answer is discarded), and idle keeps walks going: idle-now reads back from now until a
 * busy sample, so it asks in its first round for every sample it could need.
 */
const PLACEHOLDER: GpuSample = {
  DCGM_FI_DEV_GPU_UTIL: 0,
  DCGM_FI_PROF_GR_ENGINE_ACTIVE: 0,
  DCGM_FI_PROF_SM_ACTIVE: 0,
  DCGM_FI_PROF_PIPE_TENSOR_ACTIVE: 0,
  DCGM_FI_DEV_FB_USED: 0,
  DCGM_FI_DEV_POWER_USAGE: 0,
  DCGM_FI_DEV_GPU_TEMP: 0,
};

/** What a round answers for a serving period not fetched yet: nothing served (control flow only, as PLACEHOLDER). */
const SERVING_PLACEHOLDER: ServingPeriod = { promptTokens: 0, generationTokens: 0, requests: 0, prefixCacheQueries: 0, prefixCacheHits: 0, kvCacheUsage: 0, ttftBuckets: [], itlBuckets: [] };

export interface TelemetryRead {
  /** The request's context, reading samples from the source, its clock stopped at the first round's now. */
  ctx: CloudContext;
  /** Whether the last round asked for samples not fetched yet. */
  lacking(): boolean;
  /** Fetches what the rounds asked for and runs the next ones: the final round's answer. */
  finish(run: (ctx: CloudContext) => Promise<CloudResponse>): Promise<CloudResponse>;
  /** The answer with no sample from the source at all (it is down): every sample absent. */
  withoutSamples(run: (ctx: CloudContext) => Promise<CloudResponse>): Promise<CloudResponse>;
}

/**
 * A context for one read over ctx's state whose samples come from the source. Its clock is
 * stopped so every round computes the same windows; it may outlive the database transaction
 * the state was read in (fetching inside one would hold a connection, and PGlite's only one,
 * while Prometheus answers).
 */
export function telemetryRead(ctx: CloudContext, source: TelemetrySource): TelemetryRead {
  const orgId = ctx.state.organization.id;
  const nowMs = ctx.now();
  const known = new Map<string, GpuSample | null>();
  let asked = new Map<string, SampleNeed>();
  const knownServing = new Map<string, ServingPeriod | null>();
  let askedServing = new Map<string, SampleNeed>();
  let last = false;

  const sampler: GpuSampler = (pod, _gpu, gpuIndex, tMs) => {
    const periodStartMs = Math.floor(tMs / SAMPLE_PERIOD_MS) * SAMPLE_PERIOD_MS;
    const key = `${pod.id}|${gpuIndex}|${periodStartMs}`;
    const sample = known.get(key);
    if (sample !== undefined) return sample;
    if (last) return null;
    if (!asked.has(key)) asked.set(key, { pod, gpuIndex, periodStartMs });
    return PLACEHOLDER;
  };

  /** Serving pods' vLLM figures, where the source has them (else generated from the samples above). */
  const serving: ServingSampler | undefined = source.servingPeriods
    ? (pod, _gpu, gpuIndex, periodStartMs) => {
        const key = `${pod.id}|${gpuIndex}|${periodStartMs}`;
        const period = knownServing.get(key);
        if (period !== undefined) return period;
        if (last) return null;
        if (!askedServing.has(key)) askedServing.set(key, { pod, gpuIndex, periodStartMs });
        return SERVING_PLACEHOLDER;
      }
    : undefined;

  const read: CloudContext = {
    get state() {
      return ctx.state;
    },
    set state(next) {
      ctx.state = next;
    },
    now: () => nowMs,
    realNow: () => ctx.realNow(),
    save: () => ctx.save(),
    replaceState: (next) => ctx.replaceState(next),
    telemetry: sampler,
    ...(serving ? { servingTelemetry: serving } : {}),
  };

  return {
    ctx: read,
    lacking: () => asked.size > 0 || askedServing.size > 0,
    async finish(run) {
      for (let round = 2; ; round++) {
        const needs = [...asked.values()];
        const servingNeeds = [...askedServing.values()];
        asked = new Map();
        askedServing = new Map();
        const [samples, periods] = await Promise.all([
          needs.length > 0 ? source.samples(orgId, needs) : [],
          servingNeeds.length > 0 && source.servingPeriods ? source.servingPeriods(orgId, servingNeeds) : [],
        ]);
        needs.forEach((n, i) => known.set(`${n.pod.id}|${n.gpuIndex}|${n.periodStartMs}`, samples[i] ?? null));
        servingNeeds.forEach((n, i) => knownServing.set(`${n.pod.id}|${n.gpuIndex}|${n.periodStartMs}`, periods[i] ?? null));
        last = round >= MAX_ROUNDS;
        const res = await run(read);
        if (asked.size === 0 && askedServing.size === 0) return res;
      }
    },
    async withoutSamples(run) {
      known.clear();
      knownServing.clear();
      asked = new Map();
      askedServing = new Map();
      last = true;
      return run(read);
    },
  };
}
