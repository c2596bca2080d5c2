/**
 * The heatmap's rows as the canvas draws them: the API's run-length encoded activity
 * (openapi.yaml: UtilizationHeatmapGpu) decoded into runs, with each project's heading row.
 */
import type { components } from '../../api/schema';
import { gpuFraction } from '../../domain/mig';

type Heatmap = components['schemas']['UtilizationHeatmap'];

/** Levels: 0 not allocated, 1 idle, 2-10 ninths of engine activity. */
export const LEVEL_COUNT = 11;
const LETTERS = '.abcdefghij';

export interface Run {
  start: number;
  length: number;
  level: number;
}

/** Decodes ".40a3c" into runs (unallocated runs left out); the inverse of the API's encoding. */
export function decodeActivity(encoded: string): Run[] {
  const runs: Run[] = [];
  let column = 0;
  const re = /([.a-j])(\d*)/g;
  for (let m = re.exec(encoded); m; m = re.exec(encoded)) {
    const level = LETTERS.indexOf(m[1] ?? '.');
    const length = m[2] ? Number(m[2]) : 1;
    if (level > 0) runs.push({ start: column, length, level });
    column += length;
  }
  return runs;
}

/** GPUs a heatmap pod's rows are: a MIG slice's row counts as its compute slices ÷ 7 of a GPU. */
const podGpus = (pod: Heatmap['projects'][number]['pods'][number]): number => pod.gpus.length * gpuFraction(pod.migProfile);

export type HeatmapRow =
  | { kind: 'project'; projectId: string; projectName: string; podCount: number; gpuCount: number }
  | { kind: 'gpu'; podId: string; podName: string; projectName: string; gpuIndex: number; gpuCount: number; migProfile: string | null; runs: Run[]; meanEngineActive: number; idleShare: number };

/** One heading row per project, then one row per GPU (or MIG slice), in the API's order; a row's runs are decoded when first read. */
export function heatmapRows(h: Heatmap): HeatmapRow[] {
  const rows: HeatmapRow[] = [];
  for (const p of h.projects) {
    rows.push({ kind: 'project', projectId: p.projectId, projectName: p.projectName, podCount: p.pods.length, gpuCount: p.pods.reduce((a, pod) => a + podGpus(pod), 0) });
    for (const pod of p.pods) {
      for (const g of pod.gpus) {
        let runs: Run[] | undefined;
        rows.push({
          kind: 'gpu',
          podId: pod.podId,
          podName: pod.podName,
          projectName: p.projectName,
          gpuIndex: g.gpuIndex,
          gpuCount: pod.gpus.length,
          migProfile: pod.migProfile,
          // Decoded when first drawn: the canvas draws the rows in view, and 2,000 GPUs of runs
          // decoded at once were a 40 ms task of their own.
          get runs() {
            return (runs ??= decodeActivity(g.activity));
          },
          meanEngineActive: g.meanEngineActive,
          idleShare: g.idleShare,
        });
      }
    }
  }
  return rows;
}

/** The level a GPU row has at a column (0 when not allocated). */
export function levelAt(runs: readonly Run[], column: number): number {
  for (const r of runs) {
    if (column < r.start) return 0;
    if (column < r.start + r.length) return r.level;
  }
  return 0;
}

export function levelLabel(level: number): string {
  if (level === 0) return 'not allocated';
  if (level === 1) return 'idle';
  const lo = Math.round(((level - 2) / 9) * 100);
  const hi = Math.round(((level - 1) / 9) * 100);
  return `${lo}–${hi}% engine activity`;
}

/** Per pod, for the table alternative: the mean of its GPUs' activity and idle share. */
export interface HeatmapPodSummary {
  podId: string;
  podName: string;
  projectName: string;
  /** GPUs, a MIG slice as its fraction (compute slices ÷ 7). */
  gpuCount: number;
  migProfile: string | null;
  meanEngineActive: number;
  idleShare: number;
}

export function podSummaries(h: Heatmap): HeatmapPodSummary[] {
  return h.projects.flatMap((p) =>
    p.pods.map((pod) => {
      const n = Math.max(1, pod.gpus.length);
      return {
        podId: pod.podId,
        podName: pod.podName,
        projectName: p.projectName,
        gpuCount: podGpus(pod),
        migProfile: pod.migProfile,
        meanEngineActive: pod.gpus.reduce((a, g) => a + g.meanEngineActive, 0) / n,
        idleShare: pod.gpus.reduce((a, g) => a + g.idleShare, 0) / n,
      };
    }),
  );
}
