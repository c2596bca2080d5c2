/**
 * A background job's loop (server/state-reconciler.ts, server/figure-watch.ts): a round every
 * intervalS seconds of real time, the next one timed from the end of the last (rounds never
 * overlap); a failed round is logged and the loop goes on. stop() waits for a round in progress.
 */
import type { Logger } from './log';

export interface Repeating {
  /** Whether stop() was called: a round checks it between organizations. */
  readonly stopping: boolean;
  stop(): Promise<void>;
}

export function repeatEvery(intervalS: number, round: () => Promise<unknown>, log: Logger, what: string): Repeating {
  let stopping = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const tick = () => {
    timer = null;
    running = round()
      .catch((e: unknown) => log.error(`${what} failed`, { error: e instanceof Error ? e.message : String(e) }))
      .finally(() => {
        if (!stopping) timer = setTimeout(tick, intervalS * 1000);
      });
  };
  if (intervalS > 0) timer = setTimeout(tick, intervalS * 1000);
  return {
    get stopping() {
      return stopping;
    },
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
