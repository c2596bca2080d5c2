/** Vitest setup: jest-dom matchers, and the simulated cloud served through msw/node, contract-checked. */
import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { server, resetTestCloud, takeContractViolations } from './server';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  // Each test starts as a new visitor: the header's project (kept per tab) starts at "All projects".
  sessionStorage.clear();
  server.resetHandlers();
  resetTestCloud();
  expect(takeContractViolations(), 'answers that break the OpenAPI contract').toEqual([]);
});
afterAll(() => server.close());
