/**
 * How a request's needed samples become Prometheus queries (grids read with query_range, the
 * rest as raw spans) and how the answers become the cloud's samples, against a fake Prometheus
 * (server/prometheus.test.ts runs the real one).
 */
import { describe, expect, it } from 'vitest';
import { METRIC_NAMES, SAMPLE_PERIOD_MS } from '../src/cloud/telemetry';
import { planGrids, prometheusTelemetry, TelemetryUnavailable, type SampleNeed } from './prometheus-telemetry';
import { TENANTS, tenantWorld } from './tenants';

const P = SAMPLE_PERIOD_MS;
const MIN = 60_000;
const world = tenantWorld(TENANTS[0]!, 0);
const t0 = Math.floor(world.anchorMs / (24 * 60 * MIN)) * 24 * 60 * MIN;
const range = (first: number, count: number, stepMs: number) => Array.from({ length: count }, (_, i) => first + i * stepMs);

describe('planning the periods a request needs', () => {
  it('reads a window sampled every 5 minutes as one grid', () => {
    const { grids, rest } = planGrids(range(t0, 576, P));
    expect(grids).toEqual([{ stepMs: P, periods: range(t0, 576, P) }]);
    expect(rest).toEqual([]);
  });

  it('reads a 30-minute grid at its own step, leaving the edge cells’ periods', () => {
    const middles = range(t0 + 15 * MIN, 336, 30 * MIN);
    const edges = [t0 + 5 * MIN, t0 + 3 * 60 * MIN + 20 * MIN, t0 + 50 * 60 * MIN + 25 * MIN];
    const { grids, rest } = planGrids([...edges, ...middles]);
    expect(grids).toEqual([{ stepMs: 30 * MIN, periods: middles }]);
    expect(rest).toEqual(edges);
  });

  it('reads idle-now’s walk (every 15 minutes for a day, then hourly) as two grids', () => {
    const now = t0 + 10 * 24 * 60 * MIN + 35 * MIN;
    const fine = range(now - 96 * 15 * MIN, 97, 15 * MIN);
    const hourly = range(now - 30 * 24 * 60 * MIN, 29 * 24, 60 * MIN);
    const { grids, rest } = planGrids([...fine, ...hourly]);
    expect(grids.map((g) => g.stepMs).sort((a, b) => a - b)).toEqual([15 * MIN, 60 * MIN]);
    expect(grids.reduce((a, g) => a + g.periods.length, 0) + rest.length).toBe(new Set([...fine, ...hourly]).size);
    expect(rest.length).toBeLessThan(8);
  });

  it('leaves a few scattered periods to raw spans', () => {
    const scattered = [t0, t0 + 7 * P, t0 + 100 * P, t0 + 1000 * P];
    expect(planGrids(scattered)).toEqual({ grids: [], rest: scattered });
  });
});

interface Asked {
  path: string;
  params: URLSearchParams;
}

/** A fake Prometheus: answers each call with what `answer` makes of it, and records the calls. */
function fakePrometheus(answer: (a: Asked) => unknown) {
  const asked: Asked[] = [];
  const fetchImpl = (async (input: URL | RequestInfo, init?: RequestInit) => {
    const a = { path: new URL(String(input)).pathname, params: new URLSearchParams(String(init?.body ?? '')) };
    asked.push(a);
    return new Response(JSON.stringify(answer(a)));
  }) as typeof fetch;
  return { asked, source: prometheusTelemetry('http://prometheus:9090/', fetchImpl) };
}

const success = (result: unknown[]) => ({ status: 'success', data: { resultType: 'matrix', result } });
const end = (periodStartMs: number) => (periodStartMs + P - 1) / 1000;

describe('samples from Prometheus', () => {
  const pod = world.pods.find((p) => p.gpuCount === 2)!;
  const other = world.pods.find((p) => p.gpuCount === 1)!;

  it('asks each field’s period means over a grid for the pods that need it, and maps the node’s GPU numbers to the pod’s', async () => {
    const periods = range(t0, 12, P);
    const { asked, source } = fakePrometheus(({ params }) => {
      const field = /avg_over_time\((\w+)\{/.exec(params.get('query') ?? '')?.[1] ?? '';
      const v = (x: number) => (field === 'DCGM_FI_DEV_GPU_UTIL' ? String(x) : '0.5');
      // The pod holds GPUs 4 and 6 of its node; Prometheus has every period for GPU 4, one for GPU 6.
      return success([
        { metric: { pod: pod.id, gpu: '6' }, values: [[end(periods[1]!), v(60)]] },
        { metric: { pod: pod.id, gpu: '4' }, values: periods.map((t, i) => [end(t), v(40 + i)]) },
      ]);
    });
    const needs: SampleNeed[] = periods.flatMap((periodStartMs) => [0, 1].map((gpuIndex) => ({ pod, gpuIndex, periodStartMs })));
    const samples = await source.samples('org-lumen', needs);
    expect(asked).toHaveLength(METRIC_NAMES.length);
    expect(asked[0]!.path).toBe('/api/v1/query_range');
    expect(asked[0]!.params.get('query')).toBe(`avg_over_time(DCGM_FI_DEV_GPU_UTIL{namespace="org-lumen",pod=~"${pod.id}"}[300s])`);
    expect(asked[0]!.params.get('step')).toBe('300s');
    expect(Number(asked[0]!.params.get('start')) * 1000).toBe(t0 + P - 1);
    expect(Number(asked[0]!.params.get('end')) * 1000).toBe(t0 + 12 * P - 1);
    expect(samples[0]?.DCGM_FI_DEV_GPU_UTIL).toBe(40);
    expect(samples[0]?.DCGM_FI_PROF_SM_ACTIVE).toBe(0.5);
    expect(samples[2]?.DCGM_FI_DEV_GPU_UTIL).toBe(41);
    expect(samples[3]?.DCGM_FI_DEV_GPU_UTIL).toBe(60);
    expect(samples[1]).toBeNull();
    expect(samples.filter((s) => s !== null)).toHaveLength(13);
  });

  it('reads scattered periods as every field’s raw samples over short spans, averaged per period', async () => {
    const a = t0 + 3 * P;
    const b = t0 + 9 * P;
    const far = t0 + 500 * P;
    const { asked, source } = fakePrometheus(({ params }) => {
      const at = Number(params.get('time')) * 1000;
      const series = (name: string, podId: string, values: Array<[number, string]>) => ({ metric: { __name__: name, pod: podId, gpu: '0' }, values });
      return success(
        METRIC_NAMES.flatMap((name) =>
          at > far
            ? [series(name, other.id, [[(far + 1000) / 1000, '7']])]
            : [
                // Two scrapes in period a (mean 3), one in b, one in a period nobody asked for.
                series(name, pod.id, [[(a + 1000) / 1000, '2'], [(a + 200_000) / 1000, '4'], [(a + P) / 1000, '99'], [(b + 5) / 1000, '5']]),
              ],
        ),
      );
    });
    const samples = await source.samples('org-lumen', [
      { pod, gpuIndex: 0, periodStartMs: a },
      { pod, gpuIndex: 0, periodStartMs: b },
      { pod, gpuIndex: 1, periodStartMs: b },
      { pod: other, gpuIndex: 0, periodStartMs: far },
    ]);
    expect(asked.map((x) => x.path)).toEqual(['/api/v1/query', '/api/v1/query']);
    const first = asked.find((x) => Number(x.params.get('time')) * 1000 === b + P - 1)!;
    expect(first.params.get('query')).toBe(`{__name__=~"${METRIC_NAMES.join('|')}",namespace="org-lumen",pod=~"${pod.id}"}[2100s]`);
    expect(samples[0]?.DCGM_FI_DEV_POWER_USAGE).toBe(3);
    expect(samples[1]?.DCGM_FI_DEV_POWER_USAGE).toBe(5);
    expect(samples[2]).toBeNull();
    expect(samples[3]?.DCGM_FI_DEV_GPU_TEMP).toBe(7);
  });

  it('keeps each query_range within Prometheus’ 11,000 points', async () => {
    const { asked, source } = fakePrometheus(() => success([]));
    const periods = range(t0, 12_000, P);
    const samples = await source.samples('org-lumen', periods.map((periodStartMs) => ({ pod, gpuIndex: 0, periodStartMs })));
    expect(samples.every((s) => s === null)).toBe(true);
    expect(asked).toHaveLength(2 * METRIC_NAMES.length);
    for (const { params } of asked) {
      const points = (Number(params.get('end')) - Number(params.get('start'))) / 300 + 1;
      expect(Math.round(points)).toBeLessThanOrEqual(11_000);
    }
  });

  it('says the store is unavailable when Prometheus refuses or does not answer', async () => {
    const refusing = fakePrometheus(() => ({ status: 'error', error: 'query timed out' })).source;
    await expect(refusing.samples('org-lumen', [{ pod, gpuIndex: 0, periodStartMs: t0 }])).rejects.toBeInstanceOf(TelemetryUnavailable);
    const down = prometheusTelemetry('http://127.0.0.1:9');
    await expect(down.samples('org-lumen', [{ pod, gpuIndex: 0, periodStartMs: t0 }])).rejects.toBeInstanceOf(TelemetryUnavailable);
  });
});
