import { describe, expect, it } from 'vitest';
import type { components } from '../../api/schema';
import { parseCsv } from '../../lib/csv';
import { breakdownCsv } from './breakdown-csv';

type Figures = components['schemas']['UtilizationFigures'];

const fig = (spend: number, idle: number, under: number, over: number): Figures => ({
  allocatedGpuSeconds: 36_000,
  activeGpuSeconds: 18_000,
  efficiency: 0.5,
  spendCents: spend,
  wasteCents: idle + under + over,
  productive: { gpuSeconds: 0, cents: spend - idle - under - over },
  waste: { idle: { gpuSeconds: 0, cents: idle }, underUsed: { gpuSeconds: 0, cents: under }, oversized: { gpuSeconds: 0, cents: over } },
});

describe('breakdown CSV', () => {
  it('writes rows, the others line and the total, with amounts as exact decimals that add up', () => {
    const window = { from: '2026-11-11T15:00:00.000Z', to: '2026-11-18T15:00:00.000Z', range: '7d' as const, sampleMs: 1_800_000 };
    const csv = breakdownCsv({
      window,
      scope: { kind: 'organization', id: null, name: 'Lumen AI' },
      settings: { idleEngineActive: 0.05, smActiveTarget: 0.5, memoryHeadroom: 1.2 },
      by: 'project',
      sort: 'waste',
      order: 'desc',
      rows: [
        { id: 'p-llm', name: 'LLM research, "core"', podCount: 2, figures: fig(10_001, 3_333, 1, 0), pod: null },
        { id: 'p-vision', name: 'Vision', podCount: 1, figures: fig(999, 100, 0, 5), pod: null },
      ],
      rowCount: 3,
      others: { rowCount: 1, figures: fig(1, 1, 0, 0) },
      totals: fig(11_001, 3_434, 1, 5),
    });
    const rows = parseCsv(csv);
    expect(rows[0]?.[0]).toBe('Project id');
    expect(rows[1]?.slice(0, 2)).toEqual(['p-llm', 'LLM research, "core"']);
    expect(rows[3]?.[1]).toBe('Other (1)');
    const total = rows[4];
    expect(total?.[1]).toBe('Total');
    const waste = (r: string[] | undefined) => Math.round(Number(r?.[10]) * 100);
    expect(total?.[10]).toBe('34.40');
    expect(waste(rows[1]) + waste(rows[2]) + waste(rows[3])).toBe(waste(total));
    expect(rows[1]?.[6]).toBe('100.01');
  });
});
