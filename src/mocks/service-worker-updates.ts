/**
 * MSW's `worker.start()` finds the simulator's service worker already registered on every page
 * load after the first, asks the registration to update (`registration.update()`), and drops
 * the promise. When the browser cannot check the script just then (the page is being left, or
 * the registration went away: "Failed to update a ServiceWorker for scope …: Not found"), that
 * promise rejects with no one to handle it: an unhandled rejection, an error in the console.
 * An update is only a check for a newer script; the registered worker keeps answering, so a
 * failed check is of no consequence. While `start` runs, every registration's update() marks
 * its own failure handled; a caller that awaits it still sees the rejection.
 */
interface Updatable {
  update(this: unknown): Promise<unknown>;
}

export async function withHandledUpdates<T>(
  start: () => Promise<T>,
  prototype = (globalThis as { ServiceWorkerRegistration?: { prototype: Updatable } }).ServiceWorkerRegistration?.prototype,
): Promise<T> {
  const update = prototype?.update;
  if (!prototype || !update) return start();
  prototype.update = function () {
    const checked = update.call(this);
    checked.catch(() => undefined);
    return checked;
  };
  try {
    return await start();
  } finally {
    prototype.update = update;
  }
}
