import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { renderRoute } from '../../../testing/render';
import { testCloud } from '../../../testing/server';
import { listRecommendations } from '../../../cloud/ops/recommendations';
import { formatCentsWhole } from '../../../lib/format';

describe('recommendations elsewhere in the console', { timeout: 20_000 }, () => {
  it('the Overview shows the three biggest savings and the total, linking to the full list', async () => {
    const want = listRecommendations(testCloud().context, new URLSearchParams());
    renderRoute('/');
    // The section loads once the Overview's figures are up (a placeholder holds its place until then).
    const summary = await screen.findByText(`${want.total} recommendations could save ${formatCentsWhole(want.totalMonthlySavingsCents)} a month. The biggest:`, {}, { timeout: 5000 });
    const card = summary.closest('section')!;
    expect(within(card).getByRole('heading', { level: 2, name: 'Top savings' })).toBeInTheDocument();
    const items = within(card).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    want.items.slice(0, 3).forEach((r, i) => expect(items[i]).toHaveTextContent(`${formatCentsWhole(r.monthlySavingsCents)} a month`));
    expect(within(card).getByRole('link', { name: 'See all recommendations' })).toHaveAttribute('href', '/recommendations');
  });

  it('a pod’s page lists that pod’s own recommendations and what they save together', async () => {
    const want = listRecommendations(testCloud().context, new URLSearchParams());
    const podId = want.items.find((r) => r.kind === 'gpu-tier' && r.countedAfter.length > 0)!.podIds[0]!;
    const own = listRecommendations(testCloud().context, new URLSearchParams({ podId }));
    expect(own.total).toBeGreaterThan(1);
    renderRoute(`/pods/${podId}`);
    const section = (await screen.findByRole('heading', { level: 2, name: 'Recommendations for this pod' }, { timeout: 5000 })).closest('section')!;
    expect(await within(section).findByText(`Together they save ${formatCentsWhole(own.totalMonthlySavingsCents)} a month.`, {}, { timeout: 5000 })).toBeInTheDocument();
    expect(within(section).getAllByRole('article')).toHaveLength(own.total);
  });
});
