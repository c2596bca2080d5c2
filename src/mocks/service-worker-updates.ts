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

const registrationPrototype = (): Updatable | undefined =>
  typeof ServiceWorkerRegistration === 'undefined' ? undefined : (ServiceWorkerRegistration.prototype as unknown as Updatable);

export async function withHandledUpdates<T>(start: () => Promise<T>, prototype: Updatable | undefined = registrationPrototype()): Promise<T> {
  if (!prototype) return start();
  const original = prototype.update;
  prototype.update = function (this: unknown) {
    const checked = original.call(this);
    checked.catch(() => undefined);
    return checked;
  };
  try {
    return await start();
  } finally {
    prototype.update = original;
  }
}
