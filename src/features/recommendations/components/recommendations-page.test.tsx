import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { renderRoute } from '../../../testing/render';
import { server, testCloud } from '../../../testing/server';
import { JUDGED_STATUSES, listRecommendations, type EvidenceSource } from '../../../cloud/ops/recommendations';
import { statusAt } from '../../../cloud/lifecycle';
import type { PodObservation } from '../../../domain/observation';
import { MS_PER_DAY } from '../../../domain/units';
import { formatCentsWhole, formatRatePerHour } from '../../../lib/format';
import { contractViolations } from '../../../testing/contract';

/** What the simulated cloud says, to compare the screen with. */
function expected(query = '') {
  return listRecommendations(testCloud().context, new URLSearchParams(query));
}

function figure(label: string): HTMLElement {
  const term = screen.getByText(label, { selector: 'dt' });
  return within(term.closest('dl')!).getAllByRole('definition')[0]!;
}

function cards(): Promise<HTMLElement[]> {
  return screen.findAllByRole('article', {}, { timeout: 5000 });
}

// The first render loads the route and judges 60 pods' telemetry: slower than most component tests.
describe('Recommendations', { timeout: 20_000 }, () => {
  it('shows the total potential savings and each recommendation, biggest first, with its evidence in numbers', async () => {
    const want = expected();
    renderRoute('/recommendations');
    expect(await screen.findByRole('heading', { level: 1, name: 'Recommendations' }, { timeout: 5000 })).toBeInTheDocument();
    await waitFor(() => expect(figure('Potential savings per month')).toHaveTextContent(formatCentsWhole(want.totalMonthlySavingsCents)));
    const shown = await cards();
    expect(shown).toHaveLength(want.items.length);
    // Biggest first: the first card carries the first saving.
    expect(within(shown[0]!).getByText(formatCentsWhole(want.items[0]!.monthlySavingsCents))).toBeInTheDocument();
    const tier = want.items.find((r) => r.evidence.kind === 'gpu-tier')!;
    if (tier.evidence.kind !== 'gpu-tier') throw new Error('not a tier');
    const tierCard = shown[want.items.indexOf(tier)]!;
    const peakGiB = (tier.evidence.peakMemMiB / 1024).toFixed(1);
    expect(within(tierCard).getByText(new RegExp(`Peak memory ${peakGiB} GiB of ${tier.evidence.currentVramGiB} GiB`))).toBeInTheDocument();
    expect(within(tierCard).getByText(new RegExp(`fits with ${tier.evidence.headroom.toFixed(1).replace(/\.0$/, '')}× headroom`))).toBeInTheDocument();
    expect(within(tierCard).getByRole('link', { name: 'Apply in the launch form' })).toHaveAttribute('href', expect.stringContaining(`gpuTypeId=${tier.to.gpuTypeId}`));
    expect(within(tierCard).getByRole('link', { name: 'Apply in the launch form' })).toHaveAttribute('href', expect.stringContaining(`replacesPodId=${tier.podIds[0]}`));
    // The chart's numbers are there as a table too.
    await userEvent.click(within(tierCard).getByText('The chart’s numbers'));
    expect(await within(tierCard).findByRole('table', { name: /Peak memory used, per GPU/ })).toHaveTextContent(`GPU 0${peakGiB} GiB`);
  });

  it('filters by kind through the URL', async () => {
    const user = userEvent.setup();
    const want = expected('projectId=p-vision&kind=auto-stop');
    const { router } = renderRoute('/recommendations?project=p-vision');
    await cards();
    await user.selectOptions(screen.getByLabelText('Kind'), 'Auto-stop');
    await waitFor(() => expect(router.state.location.search).toBe('?project=p-vision&kind=auto-stop'));
    await waitFor(() => expect(figure('Potential savings per month')).toHaveTextContent(formatCentsWhole(want.totalMonthlySavingsCents)));
    const shown = await cards();
    expect(shown).toHaveLength(want.items.length);
    for (const c of shown) expect(within(c).getByText('Auto-stop', { selector: 'p' })).toBeInTheDocument();
  });

  it('dismisses one with a reason, takes it off the total, and finds it under Dismissed with the reason', async () => {
    const user = userEvent.setup();
    const before = expected('kind=fewer-gpus');
    const target = before.items[0]!;
    renderRoute('/recommendations?kind=fewer-gpus');
    const first = (await cards())[0]!;
    await user.click(within(first).getByRole('button', { name: 'Dismiss…' }));
    await user.click(within(first).getByRole('button', { name: 'Dismiss' }));
    expect(within(first).getByText('Choose why this does not apply.')).toBeInTheDocument();
    await user.click(within(first).getByRole('radio', { name: 'The workload is about to change' }));
    await user.type(within(first).getByLabelText('Note (optional)'), 'New model next week');
    await user.click(within(first).getByRole('button', { name: 'Dismiss' }));
    expect(await screen.findByText(/^Dismissed: .*Find it under Dismissed\.$/, {}, { timeout: 5000 })).toHaveAttribute('aria-live', 'polite');
    // The total drops by the dismissed saving (the pod's other savings are recounted without it).
    const after = expected('kind=fewer-gpus');
    expect(after.totalMonthlySavingsCents).toBeLessThan(before.totalMonthlySavingsCents);
    expect(after.totalMonthlySavingsCents).toBe(before.totalMonthlySavingsCents - target.monthlySavingsCents);
    await waitFor(() => expect(figure('Potential savings per month')).toHaveTextContent(formatCentsWhole(after.totalMonthlySavingsCents)));
    await user.click(screen.getByRole('link', { name: 'Dismissed (1)' }));
    const dismissed = await cards();
    expect(dismissed).toHaveLength(1);
    expect(within(dismissed[0]!).getByText(/Dismissed by Maya Chen on .*: the workload is about to change — “New model next week”/)).toBeInTheDocument();
    await user.click(within(dismissed[0]!).getByRole('button', { name: 'Restore' }));
    expect(await screen.findByText('Nothing dismissed')).toBeInTheDocument();
  });

  it('applies auto-stop in place: the pod gets it and the recommendation goes', async () => {
    const user = userEvent.setup();
    const autoStop = expected('kind=auto-stop').items[0]!;
    renderRoute('/recommendations?kind=auto-stop');
    const card = (await cards())[0]!;
    await user.click(within(card).getByRole('button', { name: 'Apply: turn on auto-stop (60 minutes)' }));
    expect(await screen.findByText(/^Applied: Turn on auto-stop for/, {}, { timeout: 5000 })).toBeInTheDocument();
    expect(testCloud().context.state.pods.find((p) => p.id === autoStop.podIds[0])?.autoStopIdleMinutes).toBe(60);
    await waitFor(() => expect(expected('kind=auto-stop').items.map((r) => r.id)).not.toContain(autoStop.id));
  });

  it('words a MIG slice recommendation and opens the launch form on that slice', async () => {
    const user = userEvent.setup();
    const ctx = testCloud().context;
    const nowMs = ctx.now();
    // A running pod on one whole H100 SXM in Montréal, old enough to judge.
    const target = ctx.state.pods.find((p) => p.gpuTypeId === 'h100-sxm' && p.gpuCount === 1 && !p.migProfile && p.regionId === 'ca-mtl-1' && JUDGED_STATUSES.has(statusAt(p, nowMs)) && p.createdAtMs < nowMs - 10 * MS_PER_DAY)!;
    expect(target).toBeDefined();
    // The default world has no pod a slice beats a cheaper whole GPU for (its small models need 3g.40gb, an
    // RTX 6000 Ada costs less): this pod's evidence is what a small embedding model would leave through the
    // cloud's evidence seam (the server's stored rows plug in there too): 6 GiB peak, p95 SM activity 9 %.
    const evidence: EvidenceSource = (pod, _gpu, fromMs, toMs): PodObservation =>
      pod.id === target.id
        ? {
            podId: pod.id,
            fromMs,
            toMs,
            sampleMs: 300_000,
            daysObserved: Math.floor((toMs - fromMs) / MS_PER_DAY),
            idleShareByHourOfWeek: Array.from({ length: 168 }, () => 0),
            gpus: [{ gpuIndex: 0, runningMs: toMs - fromMs, idleMs: 0, meanEngineActive: 0.3, meanSmActive: 0.05, peakMemMiB: 6144, p95MemMiB: 6000, p95SmActive: 0.09, p95TensorActive: 0.05 }],
          }
        : { podId: pod.id, fromMs, toMs, sampleMs: 300_000, daysObserved: 0, idleShareByHourOfWeek: [], gpus: [] };
    const answer = (query: URLSearchParams) => listRecommendations(testCloud().context, query, evidence);
    server.use(http.get('*/api/v1/recommendations', ({ request }) => HttpResponse.json(answer(new URL(request.url).searchParams))));
    const want = answer(new URLSearchParams());
    expect(contractViolations('GET', '/v1/recommendations', 200, 'application/json', want)).toEqual([]);
    const slice = want.items.find((r) => r.kind === 'mig-slice')!;
    if (slice.evidence.kind !== 'mig-slice') throw new Error('not a slice');
    const e = slice.evidence;
    expect(want.items.map((r) => r.kind)).not.toContain('gpu-tier');
    expect(e).toMatchObject({ migProfile: '1g.10gb', toRateMicroUsdPerHour: 360_000, wholeGpuAlternative: { gpuTypeId: 'l4' } });

    const { router } = renderRoute('/recommendations');
    const card = (await cards()).find((c) => within(c).queryByText(`Move ${target.name} to a 1g.10gb slice of its NVIDIA H100 SXM 80GB`))!;
    expect(card).toBeDefined();
    expect(within(card).getByText(formatCentsWhole(slice.monthlySavingsCents))).toBeInTheDocument();
    expect(
      within(card).getByText(
        `Peak memory 6 GiB of its 80 GiB (95th percentile 5.9 GiB); SM activity p95 9% of its 989 TFLOPS, a demand of 89 TFLOPS. ` +
          `A 1g.10gb slice (1/7 of the GPU: 141 TFLOPS, 10 GiB) in Montréal holds it with 1.7× headroom and does this work in about the same time, ` +
          `at $0.36/h instead of ${formatRatePerHour(e.fromRateMicroUsdPerHour)} (the cheapest whole GPU that fits, an NVIDIA L4 in Montréal, ` +
          `would cost ${formatCentsWhole(e.wholeGpuAlternative!.monthlyCostCents)} a month); saves ${formatCentsWhole(slice.monthlySavingsCents)} a month.`,
      ),
    ).toBeInTheDocument();
    expect(within(card).getByText(/^Opens the launch form with a 1g\.10gb slice of NVIDIA H100 SXM 80GB in Montréal/)).toBeInTheDocument();
    const link = within(card).getByRole('link', { name: 'Apply in the launch form' });
    expect(link).toHaveAttribute('href', expect.stringContaining('migProfile=1g.10gb'));
    expect(link).toHaveAttribute('href', expect.stringContaining(`replacesPodId=${target.id}`));
    // Followed: the launch form on the slice, its price the one the recommendation counted.
    await user.click(link);
    await waitFor(() => expect(router.state.location.pathname).toBe('/pods/new'));
    expect(await within(await screen.findByRole('group', { name: 'GPU share' }, { timeout: 5000 })).findByRole('radio', { name: 'MIG slice' })).toBeChecked();
    expect(screen.getByLabelText('Slice of NVIDIA H100 SXM 80GB')).toHaveValue('1g.10gb');
    expect(within(screen.getByRole('region', { name: 'Cost estimate' })).getByRole('row', { name: /^GPU compute \(1g\.10gb slice of NVIDIA H100 SXM 80GB\)/ })).toHaveTextContent('$0.36');
  });

  it('says in plain words when the API fails', async () => {
    server.use(
      http.get('*/api/v1/recommendations', () =>
        HttpResponse.json({ type: 'about:blank', title: 'Unavailable', status: 503, detail: 'Recommendations are being recomputed. Try again in a minute.' }, { status: 503, headers: { 'content-type': 'application/problem+json' } }),
      ),
    );
    renderRoute('/recommendations');
    expect(await screen.findByRole('alert', {}, { timeout: 5000 })).toHaveTextContent('Recommendations are being recomputed. Try again in a minute.');
  });
});
