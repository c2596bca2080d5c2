/** The test API: the same handlers and cloud the browser uses, on a pinned clock. */
import { setupServer } from 'msw/node';
import { createCloud, type CloudService } from '../cloud/service';
import { cloudHandlers } from '../mocks/handlers';

/** Tests pin real time at 0: the simulated "now" is the world's anchor plus any time travel. */
export const TEST_REAL_NOW = 0;

let cloud: CloudService = createCloud({ realNow: () => TEST_REAL_NOW });

/** Delegates to whichever cloud the current test uses, so a reset swaps it in place. */
const delegate: CloudService = {
  get context() {
    return cloud.context;
  },
  handle: (req) => cloud.handle(req),
};

export const server = setupServer(...cloudHandlers(delegate));

export function testCloud(): CloudService {
  return cloud;
}

export function resetTestCloud(): void {
  cloud = createCloud({ realNow: () => TEST_REAL_NOW });
}
