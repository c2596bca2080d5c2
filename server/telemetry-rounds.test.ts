/**
 * Reads in rounds over a telemetry source: the answer of the round that asked for nothing new,
 * computed only from fetched samples; as few fetches as the answer's dependencies allow; and a
 * cap on the rounds, after which a sample still missing reads as absent.
 */
import { describe, expect, it } from 'vitest';
import { gpuTypes } from '../src/cloud/catalog-data';
import type { CloudContext } from '../src/cloud/context';
import { dispatch, type CloudResponse } from '../src/cloud/http';
import { routesFor } from '../src/cloud/routes';
import { createCloud } from '../src/cloud/service';
import { gpuSample, SAMPLE_PERIOD_MS } from '../src/cloud/telemetry';
import type { SampleNeed, TelemetrySource } from './prometheus-telemetry';
import { MAX_ROUNDS, telemetryRead } from './telemetry-rounds';

/** The simulator's samples, counting the fetches and what they asked for. */
function simulatorSource(): TelemetrySource & { fetches: SampleNeed[][] } {
  const fetches: SampleNeed[][] = [];
  return {
    description: 'the simulator',
    fetches,
    samples: async (_orgId, needs) => {
      fetches.push([...needs]);
      return needs.map(({ pod, gpuIndex, periodStartMs }) => gpuSample(pod, gpuTypes.find((g) => g.id === pod.gpuTypeId)!, gpuIndex, periodStartMs));
    },
  };
}

async function get(ctx: CloudContext, path: string, query: Record<string, string> = {}): Promise<CloudResponse> {
  return dispatch(ctx, await routesFor(path), { method: 'GET', path, query: new URLSearchParams(query), headers: new Headers(), body: undefined });
}

/** Reads a path in rounds, as the server does. */
async function readInRounds(ctx: CloudContext, source: TelemetrySource, path: string, query: Record<string, string> = {}): Promise<CloudResponse> {
  const read = telemetryRead(ctx, source);
  const first = await get(read.ctx, path, query);
  return read.lacking() ? read.finish((c) => get(c, path, query)) : first;
}

describe('a read in rounds over a telemetry source', () => {
  const cloud = createCloud({ realNow: () => 0 });

  it('answers as the simulator does, after one fetch of every sample the answer needs', async () => {
    for (const [path, query] of [
      ['/v1/utilization/summary', { range: '7d' }],
      ['/v1/utilization/idle-now', { limit: '200' }],
      ['/v1/recommendations', {}],
    ] as const) {
      const source = simulatorSource();
      const expected = await get(cloud.context, path, query);
      expect((await readInRounds(cloud.context, source, path, query)).body).toEqual(expected.body);
      expect(source.fetches).toHaveLength(1);
      const periods = source.fetches[0]!.map((n) => n.periodStartMs);
      expect(periods.every((t) => t % SAMPLE_PERIOD_MS === 0)).toBe(true);
      expect(new Set(source.fetches[0]!.map((n) => `${n.pod.id}|${n.gpuIndex}|${n.periodStartMs}`)).size).toBe(periods.length);
    }
  });

  it('fetches nothing for an answer that reads no samples', async () => {
    const source = simulatorSource();
    expect((await readInRounds(cloud.context, source, '/v1/session')).status).toBe(200);
    expect(source.fetches).toHaveLength(0);
  });

  it('stops after a few rounds, reading what is still missing as absent', async () => {
    const source = simulatorSource();
    const read = telemetryRead(cloud.context, source);
    const pod = cloud.context.state.pods[0]!;
    const gpu = gpuTypes.find((g) => g.id === pod.gpuTypeId)!;
    // Each round asks for one sample more than it has: an answer that never settles.
    const chasing = async (ctx: CloudContext): Promise<CloudResponse> => {
      let known = 0;
      for (let k = 0; ; k++) {
        const s = ctx.telemetry!(pod, gpu, 0, pod.createdAtMs + k * SAMPLE_PERIOD_MS);
        if (s === null) return { status: 200, body: { known, missing: true } };
        if (s.DCGM_FI_DEV_POWER_USAGE === 0) return { status: 200, body: { known, missing: false } };
        known++;
      }
    };
    await chasing(read.ctx);
    expect(read.lacking()).toBe(true);
    const answer = await read.finish(chasing);
    expect(source.fetches).toHaveLength(MAX_ROUNDS - 1);
    expect(answer.body).toEqual({ known: MAX_ROUNDS - 1, missing: true });
  });

  it('keeps the clock of the first round in every round', async () => {
    let realNowMs = 0;
    const moving = createCloud({ realNow: () => realNowMs });
    const read = telemetryRead(moving.context, simulatorSource());
    const before = read.ctx.now();
    realNowMs += 60 * 60_000;
    expect(read.ctx.now()).toBe(before);
    expect(moving.context.now()).toBe(before + 60 * 60_000);
  });
});
