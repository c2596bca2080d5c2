/** Loaded by browser.ts only for a link that names a scenario: other first visits do not carry it. */
import type { CloudService } from '../cloud/service';

/**
 * A presenter's link can name a scenario (`?scenario=startup`): a world of another scenario is
 * replaced by that scenario's start; the same scenario keeps its state. The parameter is then
 * taken off the address, so a reload after picking another scenario in the Demo menu keeps it.
 */
export default async function openScenario(cloud: CloudService, scenario: string): Promise<void> {
  if (scenario !== (cloud.context.state.scenario ?? 'default')) {
    await cloud.handle({ method: 'POST', path: '/v1/simulation/reset', query: new URLSearchParams(), headers: new Headers(), body: { scenario } });
  }
  const url = new URL(location.href);
  url.searchParams.delete('scenario');
  history.replaceState(history.state, '', url);
}
