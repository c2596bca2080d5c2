import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { renderRoute } from '../../../testing/render';
import { server, testCloud } from '../../../testing/server';
import { egressMeter, egressPriceBook } from '../../../cloud/ops/egress';
import { formatCents } from '../../../lib/format';
import { formatMeterVolume } from '../format';

const FIFTY_TB_FROM_AWS = '/egress?volume=50&unit=TB&cadence=monthly&growth=0&from=aws%3Aus-east-1&to=northlight%3Aca-mtl-1';

function figure(section: HTMLElement, label: string): HTMLElement {
  const term = within(section).getByText(label, { selector: 'dt' });
  return term.nextElementSibling as HTMLElement;
}

async function pathSection(): Promise<HTMLElement> {
  return (await screen.findByRole('heading', { name: 'What this transfer costs' })).closest('section')!;
}

function rowCells(table: HTMLElement, rowName: string | RegExp): string[] {
  const row = within(table).getByRole('rowheader', { name: rowName }).closest('tr')!;
  return within(row).getAllByRole('cell').map((c) => c.textContent ?? '');
}

describe('the egress estimator', () => {
  it('prices 50 TB a month from AWS to Montréal tier by tier: 100 GB free, 9,900 GB at $0.09, 40,000 GB at $0.085, $4,291.00', async () => {
    renderRoute(FIFTY_TB_FROM_AWS);
    const section = await pathSection();
    expect(figure(section, 'First month')).toHaveTextContent('$4,291.00');
    expect(figure(section, 'Over 12 months')).toHaveTextContent('$51,492.00');
    const table = within(section).getByRole('table', { name: /AWS, to the internet: the first month, tier by tier/ });
    expect(rowCells(table, 'First 100 GB of the month')).toEqual(['100 GB', 'free allowance', '$0.00']);
    expect(rowCells(table, '100 to 10,000 GB')).toEqual(['9,900 GB', '$0.09 per GB', '$891.00']);
    expect(rowCells(table, '10,000 to 50,000 GB')).toEqual(['40,000 GB', '$0.085 per GB', '$3,400.00']);
    expect(rowCells(table, '50,000 to 150,000 GB')).toEqual(['0 GB', '$0.07 per GB', '$0.00']);
    expect(rowCells(table, 'Total')).toEqual(['50,000 GB', '', '$4,291.00']);
    expect(table).toHaveAccessibleName(/list prices as of June 2025/);
    expect(within(section).getByText(/leaves the United States: the destination is in Canada/)).toBeInTheDocument();
  });

  it('shows what keeping the data next to the GPUs in Montréal costs instead, the move out of AWS included, and where the data goes', async () => {
    renderRoute(FIFTY_TB_FROM_AWS);
    const hybrid = (await screen.findByRole('heading', { name: 'If the data stays next to the GPUs here' })).closest('section')!;
    // Moving the 50 TB out of AWS once is billed by AWS: $4,291.00, in the first month.
    expect(hybrid).toHaveTextContent('Moving the 50 TB here from AWS US East (N. Virginia) once costs $4,291.00 under AWS’s schedule');
    expect(figure(hybrid, 'First month')).toHaveTextContent('$4,291.00');
    expect(figure(hybrid, 'Over 12 months')).toHaveTextContent('$4,291.00');
    expect(figure(hybrid, 'Saved over 12 months')).toHaveTextContent('$47,201.00');
    expect(hybrid).toHaveTextContent(/same region as the GPUs/);
    // Where the data goes, not only where it is kept.
    expect(hybrid).toHaveTextContent(
      'The data goes from AWS US East (N. Virginia) in the United States to Northlight Montréal in Canada and is kept there. It leaves the United States for Canada.',
    );
  });

  it('converts the volume exactly when the unit changes, so the cost stays the same, and keeps the inputs in the URL', async () => {
    const user = userEvent.setup();
    const { router } = renderRoute(FIFTY_TB_FROM_AWS);
    await pathSection();
    await user.selectOptions(screen.getByLabelText('Unit'), 'GiB');
    expect(screen.getByLabelText('Data volume')).toHaveValue('46566.12873077392578125');
    expect(figure(await pathSection(), 'First month')).toHaveTextContent('$4,291.00');
    const search = new URLSearchParams(router.state.location.search);
    expect(search.get('unit')).toBe('GiB');
    expect(search.get('volume')).toBe('46566.12873077392578125');
    expect(search.get('from')).toBe('aws:us-east-1');
  });

  it('says at the field what is wrong with a volume, keeping what was typed', async () => {
    const user = userEvent.setup();
    renderRoute(FIFTY_TB_FROM_AWS);
    await pathSection();
    const volume = screen.getByLabelText('Data volume');
    await user.clear(volume);
    await user.type(volume, '5o');
    expect(volume).toHaveValue('5o');
    expect(volume).toHaveAttribute('aria-invalid', 'true');
    expect(volume).toHaveAccessibleDescription(/Enter a number of zero or more/);
    expect(screen.getByText(/Correct the fields marked above/)).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'What this transfer costs' })).not.toBeInTheDocument();
  });

  it('compares every provider’s schedule for the same volume, and opens one’s tiers', async () => {
    const user = userEvent.setup();
    renderRoute(FIFTY_TB_FROM_AWS);
    const compare = (await screen.findByRole('heading', { name: 'Under each provider’s schedule' })).closest('section')!;
    const table = within(compare).getAllByRole('table')[0]!;
    // Google Cloud bills GiB: 50 TB = 46,566.13 GiB → $122.88 + $1,013.76 + $2,906.09.
    expect(rowCells(table, /Google Cloud, to the internet, Premium Tier/).slice(0, 2)).toEqual(['GiB (binary)', '$4,042.73']);
    expect(rowCells(table, /Oracle Cloud Infrastructure/).slice(1, 2)).toEqual(['$340.00']);
    await user.click(within(compare).getByRole('button', { name: /Show tiers for Google Cloud, to the internet, Premium Tier/ }));
    expect(within(compare).getByRole('table', { name: /Google Cloud, to the internet, Premium Tier.*46,566.13 GiB, tier by tier/ })).toBeInTheDocument();
  });

  it('says plainly when data leaves Canada, and when the internet may take it anywhere', async () => {
    const { unmount } = renderRoute('/egress?volume=5&unit=TB&cadence=one-time&from=northlight%3Aca-mtl-1&to=aws%3Aus-east-1');
    const section = await pathSection();
    expect(section).toHaveTextContent('The data leaves Canada: the destination is in the United States.');
    // 5 TB once, inside Northlight's 10 TB monthly allowance.
    expect(figure(section, 'One-time cost')).toHaveTextContent('$0.00');
    unmount();
    renderRoute('/egress?volume=5&unit=TB&cadence=one-time&from=aws%3Aca-central-1&to=internet');
    const internet = await pathSection();
    expect(internet).toHaveTextContent('Internet destinations can be in any country: the data may leave Canada.');
    expect(internet).toHaveTextContent(/A one-time move out may be free/);
  });

  it('says the API failed in plain words and offers to try again', async () => {
    server.use(
      http.get('*/api/v1/egress/schedules', () =>
        HttpResponse.json({ type: 'about:blank', title: 'Unavailable', status: 503, detail: 'Prices are being updated. Try again in a minute.' }, { status: 503, headers: { 'content-type': 'application/problem+json' } }),
      ),
    );
    renderRoute('/egress');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Prices are being updated. Try again in a minute.');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});

describe('the egress meter', () => {
  it('shows each project’s egress this month so far, its allowance left and projection, as the API reports them', async () => {
    renderRoute('/egress');
    const expected = egressMeter(testCloud().context);
    const table = await screen.findByRole('table', { name: 'Egress this month so far, by project' });
    for (const p of expected.projects) {
      const cells = rowCells(table, new RegExp(`^${p.projectName}`));
      expect(cells[0]).toBe(formatMeterVolume(p.internetBytes));
      expect(cells[2]).toContain(formatMeterVolume(p.allowanceLeftBytes));
      expect(cells[3]).toBe(formatMeterVolume(p.projectedInternetBytes));
      expect(cells[4]).toBe(formatCents(p.costCents));
    }
    const warnings = screen.getByRole('heading', { name: 'Egress warnings' }).closest('section')!;
    expect(warnings).toHaveTextContent(/Vision has used its free allowance of 10,000 GB/);
    expect(warnings).toHaveTextContent(/Model serving will run out of free egress around Nov 30, 2026/);
  });

  it('names the provider as its price book does, for a console dressed for another provider', async () => {
    // A white-label build sells under its own name (brand.config.ts); the page takes it from the API.
    const book = JSON.parse(JSON.stringify(egressPriceBook()).replaceAll('"Northlight"', '"Aurora"')) as ReturnType<typeof egressPriceBook>;
    server.use(http.get('*/api/v1/egress/schedules', () => HttpResponse.json(book)));
    renderRoute('/egress');
    await screen.findByRole('table', { name: 'Egress this month so far, by project' });
    const page = document.body;
    await screen.findByText(/out of Aurora \(to the internet/);
    expect(page).toHaveTextContent('Traffic between Aurora regions is free.');
    expect(page).toHaveTextContent('Aurora’s own prices come from its catalog.');
  });

  it('lets an admin change a project’s warning threshold, with the API’s error at the field', async () => {
    const user = userEvent.setup();
    renderRoute('/egress');
    const input = await screen.findByLabelText('Warning threshold for Search ranking (% of the free allowance)');
    await user.clear(input);
    await user.type(input, '150');
    await user.click(screen.getByRole('button', { name: 'Save the threshold for Search ranking' }));
    expect(await screen.findByText('Enter a whole number from 1 to 100.')).toBeInTheDocument();
    expect(input).toHaveValue('150');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    await user.clear(input);
    await user.type(input, '10');
    await user.click(screen.getByRole('button', { name: 'Save the threshold for Search ranking' }));
    const warnings = await screen.findByText(/Search ranking has used \d+% of its free allowance, past its warning threshold of 10%/);
    expect(warnings).toBeInTheDocument();
    expect(testCloud().context.state.egressWarningThresholds).toEqual({ 'p-search': 10 });
  });

  it('shows finance the thresholds without letting them change them', async () => {
    testCloud().context.state.currentUserId = 'u-oskar';
    renderRoute('/egress');
    const table = await screen.findByRole('table', { name: 'Egress this month so far, by project' });
    expect(rowCells(table, /^Vision/).at(-1)).toBe('80% (admins set it)');
    expect(screen.queryByRole('button', { name: /Save the threshold/ })).not.toBeInTheDocument();
  });
});
