import { describe, expect, it } from 'vitest';
import { applyPrefill, initialDraft, type LaunchValues } from './launch-draft';

const defaults: LaunchValues = {
  name: '', projectId: 'p-vision', gpuTypeId: 'h100-sxm', gpuCount: 1, regionId: 'ca-mtl-1', imageId: 'pytorch-2.9-cuda12.8', diskGb: '200',
  autoStopIdleMinutes: 60, sshPublicKey: '', residency: '', replacesPodId: '', stopReplaced: false,
};

describe('the launch form prefill', () => {
  it('takes a recommendation’s link: new GPU, the old pod’s image, disk and key, and the pod it replaces', () => {
    const search = new URLSearchParams({ gpuTypeId: 'l40s', imageId: 'jax-0.8-cuda12.8', diskGb: '500', sshPublicKey: 'ssh-ed25519 AAAA ana@laptop', replacesPodId: 'pod-1', autoStopIdleMinutes: 'off' });
    const v = applyPrefill(defaults, search);
    expect(v).toMatchObject({ gpuTypeId: 'l40s', imageId: 'jax-0.8-cuda12.8', diskGb: '500', sshPublicKey: 'ssh-ed25519 AAAA ana@laptop', replacesPodId: 'pod-1', stopReplaced: true, autoStopIdleMinutes: null });
  });

  it('ignores values that do not parse and keeps a new intent’s own idempotency key', () => {
    const v = applyPrefill(defaults, new URLSearchParams({ gpuCount: 'two', diskGb: '-5' }));
    expect(v.gpuCount).toBe(1);
    expect(v.diskGb).toBe('200');
    const a = initialDraft(defaults, new URLSearchParams(), null);
    const b = initialDraft(defaults, new URLSearchParams(), null);
    expect(a.idempotencyKey).not.toBe(b.idempotencyKey);
  });
});
