import { afterEach, describe, expect, it } from 'vitest';
import { withHandledUpdates } from './service-worker-updates';

/** A registration whose update check fails as Chromium's did ("… Not found"). */
function failingRegistrations() {
  const prototype = {
    update(this: unknown): Promise<unknown> {
      return Promise.reject(new DOMException("Failed to update a ServiceWorker for scope ('http://localhost/'): Not found", 'InvalidStateError'));
    },
  };
  return { prototype, registration: Object.create(prototype) as typeof prototype };
}

const unhandled: unknown[] = [];
const record = (reason: unknown) => unhandled.push(reason);
afterEach(() => {
  process.off('unhandledRejection', record);
  unhandled.length = 0;
});

describe('the simulator’s service worker start', () => {
  it('leaves no unhandled rejection when an update check it does not await fails', async () => {
    process.on('unhandledRejection', record);
    const { prototype, registration } = failingRegistrations();
    const original = prototype.update;
    // As MSW's start does with an existing registration: update() and the promise dropped.
    await withHandledUpdates(async () => {
      void registration.update();
    }, prototype);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(unhandled).toEqual([]);
    // Afterwards update() is the browser's own again.
    expect(prototype.update).toBe(original);
  });

  it('still rejects for a caller that awaits the update, and restores update() when the start fails', async () => {
    const { prototype, registration } = failingRegistrations();
    const original = prototype.update;
    await expect(
      withHandledUpdates(async () => {
        await registration.update();
      }, prototype),
    ).rejects.toThrow(/Not found/);
    expect(prototype.update).toBe(original);
  });

  it('just starts where there are no service workers (jsdom, old browsers)', async () => {
    await expect(withHandledUpdates(async () => 'started', undefined)).resolves.toBe('started');
  });
});
