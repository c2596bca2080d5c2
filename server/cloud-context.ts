/**
 * The cloud service's context for one request on the server: the organization's state as
 * loaded from the database, its clock, and a record of what the request replaced. Persistence
 * is the caller's: the state is written back as rows once the operation has answered.
 */
import type { CloudContext } from '../src/cloud/context';
import type { CloudState } from '../src/cloud/model';

/** The simulated time now (model.ts: now = anchorMs + offsetMs + real time since realStartMs). */
export function simulatedNow(state: CloudState, realNowMs: number): number {
  return state.anchorMs + state.clock.offsetMs + Math.max(0, realNowMs - state.clock.realStartMs);
}

export interface RequestContext {
  ctx: CloudContext;
  /** Whether the operation replaced the whole state (a simulation reset). */
  replaced(): boolean;
}

export function requestContext(initial: CloudState, realNow: () => number, dress: (world: CloudState) => CloudState): RequestContext {
  let state = initial;
  let replaced = false;
  const ctx: CloudContext = {
    get state() {
      return state;
    },
    set state(next: CloudState) {
      state = next;
    },
    now: () => simulatedNow(state, realNow()),
    realNow,
    // server/figure-watch.ts checks them, from the stored rows, apart from any request.
    figuresWatchedElsewhere: true,
    save: () => {},
    replaceState: (next) => {
      // A regenerated world belongs to the same organization, with the tenant's own ids.
      state = dress(next);
      replaced = true;
    },
  };
  return { ctx, replaced: () => replaced };
}
