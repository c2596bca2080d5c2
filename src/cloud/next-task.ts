/**
 * Lets the browser handle input, paint and other tasks: a new task through a MessageChannel (no
 * timer clamping: a timer nested more than five deep waits at least 4 ms), else a timer. Not
 * scheduler.yield(): its continuation runs ahead of other queued tasks, so seconds of sliced work
 * (a cold usage ledger) held back the service worker's answers to the page, chunk loads and the
 * prebuild's batches until it was all done.
 */
export function yieldToEventLoop(): Promise<void> {
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
