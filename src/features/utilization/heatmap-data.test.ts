import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeActivity, heatmapRows, levelAt, levelLabel } from './heatmap-data';
import { encodeActivity } from '../../cloud/ops/utilization';

describe('heatmap activity encoding', () => {
  it('decodes runs and leaves unallocated columns out', () => {
    expect(decodeActivity('.40a3c')).toEqual([
      { start: 40, length: 3, level: 1 },
      { start: 43, length: 1, level: 3 },
    ]);
    expect(decodeActivity('')).toEqual([]);
  });

  it('reads back every column the API encoded', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 60 }), (levels) => {
        const runs = decodeActivity(encodeActivity(levels));
        levels.forEach((level, column) => expect(levelAt(runs, column)).toBe(level));
      }),
    );
  });

  it('says what a level means', () => {
    expect(levelLabel(1)).toBe('idle');
    expect(levelLabel(10)).toBe('89–100% engine activity');
  });
});

describe('heatmap rows', () => {
  it('heads each project with its pods and GPUs, and each GPU row reads back its activity', () => {
    const heatmap = {
      projects: [
        {
          projectId: 'p-1',
          projectName: 'Search',
          pods: [
            { podId: 'pod-a', podName: 'trainer', migProfile: null, gpus: [0, 1].map((gpuIndex) => ({ gpuIndex, activity: gpuIndex === 0 ? '.2b3' : 'j', meanEngineActive: 0.5, idleShare: 0 })) },
            { podId: 'pod-b', podName: 'notebook', migProfile: '3g.40gb', gpus: [{ gpuIndex: 0, activity: 'a2', meanEngineActive: 0, idleShare: 1 }] },
          ],
        },
      ],
    } as unknown as Parameters<typeof heatmapRows>[0];
    const rows = heatmapRows(heatmap);
    expect(rows.map((r) => (r.kind === 'project' ? `${r.projectName}: ${r.podCount} pods, ${r.gpuCount.toFixed(2)} GPUs` : `${r.podName} ${r.gpuIndex}`))).toEqual([
      'Search: 2 pods, 2.43 GPUs',
      'trainer 0',
      'trainer 1',
      'notebook 0',
    ]);
    const gpuRows = rows.filter((r) => r.kind === 'gpu');
    expect(gpuRows.map((r) => r.runs)).toEqual([[{ start: 2, length: 3, level: 2 }], [{ start: 0, length: 1, level: 10 }], [{ start: 0, length: 2, level: 1 }]]);
    // Read twice, the same runs (decoded once, when first drawn).
    expect(gpuRows[0]?.runs).toBe(gpuRows[0]?.runs);
  });
});
