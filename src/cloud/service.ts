/**
 * The simulated GPU cloud as one object: state + clock + persistence, answering any API
 * request through the route table. MSW handlers and a Node server call `handle` and nothing else.
 */
import type { CloudContext } from './context';
import { dispatch, type CloudRequest, type CloudResponse } from './http';
import type { CloudState, Preset } from './model';
import { routesFor } from './routes';
import { reconcile } from './reconcile';
import { generateWorld } from './world';

/** Where the state is kept between page loads (the browser's localStorage, a file, memory). */
export interface StateStore {
  load(): string | null;
  save(serialized: string): void;
}

export interface CloudOptions {
  seed?: number;
  preset?: Preset;
  store?: StateStore;
  /** Real time source; tests pin it. Defaults to Date.now. */
  realNow?: () => number;
}

export interface CloudService {
  handle(req: CloudRequest): Promise<CloudResponse>;
  readonly context: CloudContext;
}

const STATE_VERSION = 1;

export function memoryStore(initial: string | null = null): StateStore {
  let value = initial;
  return {
    load: () => value,
    save: (s) => {
      value = s;
    },
  };
}

function restore(store: StateStore | undefined): CloudState | null {
  const raw = store?.load();
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as CloudState;
    return parsed.version === STATE_VERSION ? parsed : null;
  } catch {
    return null;
  }
}

export function createCloud(options: CloudOptions = {}): CloudService {
  const realNow = options.realNow ?? (() => Date.now());
  const store = options.store;
  const restored = restore(store);
  let state =
    (restored && (options.preset === undefined || restored.preset === options.preset) ? restored : null) ??
    generateWorld({
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.preset === undefined ? {} : { preset: options.preset }),
      realNowMs: realNow(),
    });
  const context: CloudContext = {
    get state() {
      return state;
    },
    now: () => state.anchorMs + state.clock.offsetMs + Math.max(0, realNow() - state.clock.realStartMs),
    realNow,
    save: () => {
      // The large preset is regenerated from its seed rather than stored (it would not fit).
      if (state.preset === 'default') store?.save(JSON.stringify(state));
    },
    replaceState: (next) => {
      state = next;
      if (next.preset === 'default') store?.save(JSON.stringify(next));
      else store?.save(JSON.stringify({ ...next, pods: [] , version: 0 }));
    },
  };
  return {
    context,
    handle: async (req) => {
      await reconcile(context);
      return dispatch(context, await routesFor(req.path.replace(/\/+$/, '')), req);
    },
  };
}
