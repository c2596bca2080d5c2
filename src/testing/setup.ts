/** Vitest setup: jest-dom matchers, and the simulated cloud served through msw/node, contract-checked. */
import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { server, resetTestCloud, takeContractViolations } from './server';

// findBy…/waitFor wait up to 5 s (not 1 s): on a loaded 2-core machine the simulator's first
// answers can take seconds. A wait for something that never comes still fails, later.
configure({ asyncUtilTimeout: 5_000 });

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  // Each test starts as a new visitor: the header's project (kept per tab) starts at "All projects".
  globalThis.sessionStorage?.clear();
  server.resetHandlers();
  resetTestCloud();
  expect(takeContractViolations(), 'answers that break the OpenAPI contract').toEqual([]);
});
afterAll(() => server.close());
