import { describe, expect, it } from 'vitest';
import { applyPrefill, defaultSshKeyId, initialDraft, reconcileSshKey, savedKeysByUse, type LaunchValues, type SavedSshKey } from './launch-draft';

const defaults: LaunchValues = {
  name: '', projectId: 'p-vision', gpuTypeId: 'h100-sxm', gpuCount: 1, regionId: 'ca-mtl-1', imageId: 'pytorch-2.9-cuda12.8', diskGb: '200',
  autoStopIdleMinutes: 60, sshKeyId: '', sshPublicKey: '', residency: '', replacesPodId: '', stopReplaced: false,
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

describe('the saved SSH key a launch starts with', () => {
  const ED = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILpL79jdW7UPZcCM633q03DM9lLSoA+/dRcs2IPmSbKe';
  // The API's order: newest saved first.
  const keys: SavedSshKey[] = [
    { id: 'key-new', publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf new', lastUsedAt: null },
    { id: 'key-used-long-ago', publicKey: 'ecdsa-sha2-nistp256 AAAA old', lastUsedAt: '2026-10-01T08:00:00.000Z' },
    { id: 'key-used-last', publicKey: `${ED} laptop`, lastUsedAt: '2026-11-20T09:30:00.000Z' },
  ];

  it('is the one used most recently, then those used before, then the never-used ones, newest first', () => {
    expect(savedKeysByUse(keys).map((k) => k.id)).toEqual(['key-used-last', 'key-used-long-ago', 'key-new']);
    expect(defaultSshKeyId(keys)).toBe('key-used-last');
    expect(defaultSshKeyId(keys.map((k) => ({ ...k, lastUsedAt: null })))).toBe('key-new');
    expect(defaultSshKeyId([])).toBe('');
  });

  it('keeps a saved key still there, falls back to pasting when it was removed, and picks the saved key a link pastes', () => {
    expect(reconcileSshKey({ ...defaults, sshKeyId: 'key-new' }, keys).sshKeyId).toBe('key-new');
    expect(reconcileSshKey({ ...defaults, sshKeyId: 'key-removed' }, keys).sshKeyId).toBe('');
    const linked = applyPrefill({ ...defaults, sshKeyId: 'key-new' }, new URLSearchParams({ sshPublicKey: `${ED} other-comment` }));
    expect(linked.sshKeyId).toBe('');
    expect(reconcileSshKey(linked, keys).sshKeyId).toBe('key-used-last');
    expect(reconcileSshKey({ ...defaults, sshPublicKey: 'ssh-ed25519 AAAAnot-saved x' }, keys).sshKeyId).toBe('');
    // A draft stored before keys could be saved has no sshKeyId.
    const { sshKeyId: _, ...old } = defaults;
    expect(reconcileSshKey(old as LaunchValues, keys).sshKeyId).toBe('');
  });
});
