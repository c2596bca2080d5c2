/** Query keys of the utilization calls: invalidating ['utilization'] refreshes all of them. */
import type { InferenceDaysQuery, InferenceQuery } from '../inference-query';
import type { NamedRange, WindowQuery } from '../params';

export const utilizationKeys = {
  all: ['utilization'] as const,
  summary: (q: WindowQuery) => ['utilization', 'summary', q] as const,
  timeseries: (q: WindowQuery, maxPoints: number) => ['utilization', 'timeseries', q, maxPoints] as const,
  heatmap: (q: WindowQuery, maxColumns: number) => ['utilization', 'heatmap', q, maxColumns] as const,
  breakdown: (q: WindowQuery, by: string, sort: string, order: string, limit: number) => ['utilization', 'breakdown', q, by, sort, order, limit] as const,
  idleNow: (q: WindowQuery) => ['utilization', 'idle-now', q] as const,
  podWaste: (podId: string, q: WindowQuery) => ['utilization', 'pod-waste', podId, q] as const,
  inferenceSummary: (q: InferenceQuery) => ['utilization', 'inference', q] as const,
  inferenceOverTime: (q: InferenceDaysQuery) => ['utilization', 'inference-over-time', q] as const,
  podInference: (podId: string, range: NamedRange) => ['utilization', 'pod-inference', podId, range] as const,
};

/** The large preset takes seconds to compute cold: the figures stay fresh for a minute. */
export const UTILIZATION_STALE_MS = 60_000;
