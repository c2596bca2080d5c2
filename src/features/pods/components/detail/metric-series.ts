/** The charts' series: which DCGM field each chart shows, in which unit, and the rows a chart or table reads. */
import type { PodMetrics } from '../../api/types';

type Point = PodMetrics['gpus'][number]['points'][number];

export interface MetricChart {
  id: string;
  title: string;
  unit: string;
  value: (p: Point) => number | null;
  /** A line to compare with (VRAM, TDP). */
  limit?: (m: PodMetrics) => { value: number; label: string };
  domain?: [number, number];
}

const pct = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);

export const METRIC_CHARTS: MetricChart[] = [
  { id: 'util', title: 'GPU utilization', unit: '%', value: (p) => p.DCGM_FI_DEV_GPU_UTIL, domain: [0, 100] },
  { id: 'sm', title: 'SM activity', unit: '%', value: (p) => pct(p.DCGM_FI_PROF_SM_ACTIVE), domain: [0, 100] },
  {
    id: 'mem',
    title: 'Memory used',
    unit: 'GiB',
    value: (p) => (p.DCGM_FI_DEV_FB_USED === null ? null : Math.round((p.DCGM_FI_DEV_FB_USED / 1024) * 10) / 10),
    limit: (m) => ({ value: Math.round(m.vramMiB / 1024), label: 'VRAM' }),
  },
  { id: 'power', title: 'Power', unit: 'W', value: (p) => p.DCGM_FI_DEV_POWER_USAGE, limit: (m) => ({ value: m.tdpW, label: 'TDP' }) },
  { id: 'temp', title: 'Temperature', unit: '°C', value: (p) => p.DCGM_FI_DEV_GPU_TEMP },
];

/** One row per time, one column per GPU ("gpu0", "gpu1", …), for a chart. */
export function chartRows(metrics: PodMetrics, chart: MetricChart): Array<Record<string, number | string | null>> {
  const first = metrics.gpus[0]?.points ?? [];
  return first.map((p, i) => {
    const row: Record<string, number | string | null> = { t: p.t };
    for (const g of metrics.gpus) {
      const point = g.points[i];
      row[`gpu${g.gpuIndex}`] = point ? chart.value(point) : null;
    }
    return row;
  });
}

export const GPU_COLORS = ['#0f766e', '#7c3aed', '#c2410c', '#2563eb', '#be123c', '#4d7c0f', '#a16207', '#0369a1'];
