/** Helpers for the pod journeys: a valid SSH key, launching through the API, faults on and off. */
import type { Page } from '@playwright/test';

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
  return page.evaluate(async (b) => {
    const res = await fetch(`${document.baseURI.replace(/\/$/, '')}/api/v1/pods`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify(b),
    });
    const json = (await res.json()) as { id?: string; detail?: string };
    if (!json.id) throw new Error(`launch failed: ${res.status} ${json.detail ?? ''}`);
    return json.id;
  }, full);
}

/** How many pods carry this exact name (through the API, whatever their status). */
export async function podsNamed(page: Page, name: string): Promise<number> {
  return page.evaluate(async (n) => {
    const res = await fetch(`${document.baseURI.replace(/\/$/, '')}/api/v1/pods?q=${encodeURIComponent(n)}&limit=500`);
    const json = (await res.json()) as { items: Array<{ name: string }> };
    return json.items.filter((p) => p.name === n).length;
  }, name);
}

/**
 * Switches the simulator's fault injection for this tab (what `?faults=…&latency=…&lose=…` sets
 * at start; mocks/faults.ts reads it on every request).
 */
export async function setFaults(page: Page, faults: { errorRate: number; latencyMs: number; loseRate: number } | null): Promise<void> {
  await page.evaluate((f) => {
    if (f) sessionStorage.setItem('northlight.simulator.faults', JSON.stringify(f));
    else sessionStorage.removeItem('northlight.simulator.faults');
  }, faults);
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
