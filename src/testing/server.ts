/**
 * The test API: the same handlers and cloud the browser uses, on a pinned clock. Every answer
 * the simulator gives in any test is checked against the OpenAPI contract; a violation fails
 * the test that caused it (see setup.ts).
 */
import { setupServer } from 'msw/node';
import { createCloud, type CloudService } from '../cloud/service';
import { cloudHandlers } from '../mocks/handlers';
import { contractViolations, findOperation } from './contract';

/** Tests pin real time at 0: the simulated "now" is the world's anchor plus any time travel. */
export const TEST_REAL_NOW = 0;

let realNowMs = TEST_REAL_NOW;
let cloud: CloudService = createCloud({ realNow: () => realNowMs });
const violations: string[] = [];
const exercised = new Set<string>();

/** Delegates to whichever cloud the current test uses, and checks each answer against the contract. */
const checked: CloudService = {
  get context() {
    return cloud.context;
  },
  handle: async (req) => {
    const res = await cloud.handle(req);
    const contentType = res.body === undefined ? null : res.status >= 400 ? 'application/problem+json' : 'application/json';
    violations.push(...contractViolations(req.method, req.path, res.status, contentType, res.body));
    const op = findOperation(req.method, req.path);
    if (op) exercised.add(`${req.method.toUpperCase()} ${op.template}`);
    return res;
  },
};

export const server = setupServer(...cloudHandlers(checked.handle));

export function testCloud(): CloudService {
  return cloud;
}

export function resetTestCloud(): void {
  realNowMs = TEST_REAL_NOW;
  cloud = createCloud({ realNow: () => realNowMs });
}

/** Moves real time on (an invitation's or a token's life), and the simulated clock with it. */
export function advanceTestRealTime(ms: number): void {
  realNowMs += ms;
}

/** Returns and clears the contract violations seen since the last call. */
export function takeContractViolations(): string[] {
  return violations.splice(0, violations.length);
}

export function exercisedOperations(): ReadonlySet<string> {
  return exercised;
}
