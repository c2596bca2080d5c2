/**
 * A team lead in Montréal reads times in Montréal time, and the page says which zone it means;
 * days and months stay the bill's (UTC) days.
 */
import { test, expect, freshStart } from './fixtures';

test.use({ timezoneId: 'America/Toronto' });

test('times show in the viewer’s time zone, named', async ({ page }) => {
  await freshStart(page, '/utilization?range=24h');
  const window = page.getByText(/, \w{3} \d{1,2}, \d{4}, \d{1,2}:\d\d [AP]M EST to \w{3} \d{1,2}, \d{4}, \d{1,2}:\d\d [AP]M EST;/);
  await expect(window).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/\d:\d\d [AP]M UTC/)).toHaveCount(0);
});
