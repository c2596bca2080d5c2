import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { podCostEstimate, type PodRates } from '../../../../domain/pricing';
import { CostEstimate } from './cost-estimate';

describe('the launch cost estimate', () => {
  it('never breaks a period header at its hyphen, and keeps it apart from the next ("Per 8-hour day", not "Per 8-" over "hour day")', () => {
    const rates: PodRates = { gpuMicroUsdPerHour: 2_490_000, diskMicroUsdPerHour: 14_000 };
    render(
      <CostEstimate
        estimate={{ cost: podCostEstimate(rates), gpuRateMicroUsdPerHour: 2_490_000, diskRateMicroUsdPerHour: 14_000, energyKWhPerMonth: 504, co2eKgPerMonth: 0.6 }}
        gpuLabel="1 × H100 SXM"
        diskGb={100}
        regionName="Montréal"
        pue={1.2}
      />,
    );
    const table = screen.getByRole('table', { name: /What the pod costs/ });
    const headers = within(table).getAllByRole('columnheader').filter((h) => /Per /.test(h.textContent ?? ''));
    expect(headers.map((h) => h.textContent?.trim())).toEqual(['Per hour', 'Per 8-hour day', 'Per 30-day month']);
    for (const h of headers) {
      // The whole header on one line, or each hyphenated word kept whole (it may wrap at spaces on a phone).
      const hyphenated = (h.textContent ?? '').split(/\s+/).filter((w) => w.includes('-'));
      if (!h.classList.contains('whitespace-nowrap')) {
        const unbroken = Array.from(h.querySelectorAll('.whitespace-nowrap')).map((e) => e.textContent);
        expect(unbroken, `${h.textContent ?? ''} keeps its hyphenated words whole`).toEqual(hyphenated);
      }
      expect(h.className, `${h.textContent ?? ''} keeps a gap from the column before`).toMatch(/\bpl-\d/);
    }
  });
});
