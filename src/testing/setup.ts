/** Vitest setup: jest-dom matchers, and the simulated cloud served through msw/node. */
import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { server, resetTestCloud } from './server';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  resetTestCloud();
});
afterAll(() => server.close());
