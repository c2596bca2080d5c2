/** Helpers for the pod journeys: a valid SSH key, launching through the API, faults on and off. */
import type { Page, Route } from '@playwright/test';
import { fetchApi, SERVER_TARGET } from './fixtures';
import { pickFault, injectedFaultProblem } from '../src/mocks/faults';

export const ED25519_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf ana@laptop';
/** A real 1024-bit RSA public key (too short to accept). */
export const RSA_1024_KEY =
  'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQD01EGwf7wWz/lo8mJ+6RRKZtUgHhSq25IX4YHLuYcG+QkdrU1zQnKM4ePz/5zWYTu5ziae+Tzx3yWNySi245PUK4L3viOWchJDzEoi+JZFWXZ1X8Wl3XFUShiu6oMKayyyH9RxS5nPMkJuMUfvjKhrWycV+wzagNjuGzenqjGSXw== old@laptop';

interface LaunchBody {
  name: string;
  projectId?: string;
  gpuTypeId?: string;
  gpuCount?: number;
  regionId?: string;
  imageId?: string;
  diskGb?: number;
  autoStopIdleMinutes?: number | null;
}

/** Launches a pod through the API (as the console would, with an Idempotency-Key) and returns its id. */
export async function launchThroughApi(page: Page, body: LaunchBody): Promise<string> {
  // The simulator answers once the console has rendered (its service worker is then in control).
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  const full = { projectId: 'p-vision', gpuTypeId: 'l4', gpuCount: 1, regionId: 'ca-mtl-1', imageId: 'pytorch-2.9-cuda12.8', diskGb: 100, autoStopIdleMinutes: null, sshPublicKey: ED25519_KEY, ...body };
  const res = await fetchApi<{ id?: string; detail?: string }>(page, 'POST', '/v1/pods', full, { 'Idempotency-Key': crypto.randomUUID() });
  if (!res.body.id) throw new Error(`launch failed: ${res.status} ${res.body.detail ?? ''}`);
  return res.body.id;
}

/** How many pods carry this exact name (through the API, whatever their status). */
export async function podsNamed(page: Page, name: string): Promise<number> {
  const res = await fetchApi<{ items: Array<{ name: string }> }>(page, 'GET', `/v1/pods?q=${encodeURIComponent(name)}&limit=500`);
  return res.body.items.filter((p) => p.name === name).length;
}

/**
 * Switches the simulator's fault injection for this tab (what `?faults=…&latency=…&lose=…` sets
 * at start; mocks/faults.ts reads it on every request).
 */
export async function setFaults(page: Page, faults: { errorRate: number; latencyMs: number; loseRate: number } | null): Promise<void> {
  if (SERVER_TARGET) return networkFaults(page, faults);
  await page.evaluate((f) => {
    if (f) sessionStorage.setItem('northlight.simulator.faults', JSON.stringify(f));
    else sessionStorage.removeItem('northlight.simulator.faults');
  }, faults);
}

const faultyRoutes = new WeakMap<Page, (route: Route) => Promise<void>>();

/**
 * The same faults against the real server, made by the network between the browser and it:
 * a 503 problem before the server sees the request, a delay, or the request applied by the
 * server and its answer dropped on the way back. The simulation controls are never faulted.
 */
async function networkFaults(page: Page, faults: { errorRate: number; latencyMs: number; loseRate: number } | null): Promise<void> {
  const previous = faultyRoutes.get(page);
  if (previous) await page.unroute('**/api/v1/**', previous);
  faultyRoutes.delete(page);
  if (!faults) return;
  const handler = (route: Route) =>
    // A request still waiting out its latency when the faults are switched off is let through.
    faulty(route).catch(() => route.continue().catch(() => undefined));
  // The mock's own rule (src/mocks/faults.ts) picks the fault; the simulation controls are never faulted.
  const faulty = async (route: Route) => {
    const path = new URL(route.request().url()).pathname.replace(/^\/api/, '');
    const fault = pickFault(faults, path);
    if (faults.latencyMs > 0 && !path.startsWith('/v1/simulation')) await new Promise((r) => setTimeout(r, faults.latencyMs));
    if (fault === 'error') return route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify(injectedFaultProblem) });
    if (fault === 'lose') {
      await route.fetch().catch(() => undefined);
      return route.abort('failed');
    }
    return route.continue();
  };
  faultyRoutes.set(page, handler);
  await page.route('**/api/v1/**', handler);
}

/** Under injected faults the browser logs the failed requests; those are expected, anything else is not. */
export function dropNetworkErrors(consoleErrors: string[]): void {
  const kept = consoleErrors.filter((e) => !/Failed to load resource|net::ERR_FAILED|Failed to fetch/.test(e));
  consoleErrors.splice(0, consoleErrors.length, ...kept);
}

/**
 * The browser logs every 4xx answer as a console error; a journey that expects the API to refuse
 * (a taken name, no capacity) drops exactly those statuses, and nothing else.
 */
export function dropExpectedRefusals(consoleErrors: string[], statuses: number[]): void {
  const expected = new RegExp(`^Failed to load resource: the server responded with a status of (${statuses.join('|')}) `);
  const kept = consoleErrors.filter((e) => !expected.test(e));
  consoleErrors.splice(0, consoleErrors.length, ...kept);
}
