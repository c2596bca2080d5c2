/** Saved SSH keys through the contract-checked test API: each user's own, fingerprinted as ssh-keygen does, chosen at launch. */
import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../api/client';
import { testCloud } from '../../testing/server';

const api = createApiClient('http://localhost/api');

/** Made with ssh-keygen (OpenSSH 9.2); the fingerprints are what `ssh-keygen -lf` printed. */
const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILpL79jdW7UPZcCM633q03DM9lLSoA+/dRcs2IPmSbKe maya@laptop';
const ED25519_FP = 'SHA256:N9c2EIhD9toEo/rO31ZmQI14z7I3Q4mJxf6P/cTpPSA';
const ECDSA = 'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBDrl/xLzEEaS82kOtdjgsaUwwTWLchhYm4I0zrma73oE9ipkt23Ad14niKSgsYmYkwx+73NE3zMOHbJlCQDzOJE= ci@ecdsa';
const ECDSA_FP = 'SHA256:RkEeeEXAX0SecZ0IOh5ZDT3QPBQZ9i/FgNNi+mF8mWc';

const LAUNCH = {
  name: 'with-saved-key', projectId: 'p-vision', gpuTypeId: 'l4', gpuCount: 1, regionId: 'ca-mtl-1', imageId: 'pytorch-2.9-cuda12.8',
  diskGb: 100, autoStopIdleMinutes: 30,
};

async function actAs(userId: string) {
  await api.POST('/v1/simulation/act-as', { body: { userId } });
}

async function save(name: string, publicKey: string) {
  return api.POST('/v1/ssh-keys', { body: { name, publicKey } });
}

function launch(body: Record<string, unknown>, key: string) {
  return api.POST('/v1/pods', { params: { header: { 'Idempotency-Key': key } }, body: body as typeof LAUNCH & { sshKeyId?: string } });
}

describe('saved SSH keys', () => {
  it('saves a key under a trimmed name with its type and ssh-keygen fingerprint, and lists the newest first', async () => {
    const first = await save('  Laptop  ', `  ${ED25519}\n`);
    expect(first.response.status).toBe(201);
    expect(first.data).toMatchObject({ name: 'Laptop', type: 'ssh-ed25519', fingerprint: ED25519_FP, publicKey: ED25519, lastUsedAt: null });
    const second = await save('CI runner', ECDSA);
    expect(second.data).toMatchObject({ type: 'ecdsa-sha2-nistp256', fingerprint: ECDSA_FP });
    const list = (await api.GET('/v1/ssh-keys')).data!;
    expect(list.items.map((k) => k.name)).toEqual(['CI runner', 'Laptop']);
  });

  it('refuses bad input at its fields, in plain words, and saves nothing', async () => {
    const bad = await save('   ', 'ssh-rsa AAAA');
    expect(bad.response.status).toBe(400);
    expect(bad.error?.errors?.map((e) => e.field).sort()).toEqual(['name', 'publicKey']);
    expect(bad.error?.errors?.find((e) => e.field === 'name')?.message).toMatch(/Give the key a name/);
    const privateKey = await save('Oops', '-----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjEA');
    expect(privateKey.error?.errors).toEqual([{ field: 'publicKey', message: expect.stringMatching(/private key: never paste it/) }]);
    const long = await save('x'.repeat(101), ED25519);
    expect(long.error?.errors?.[0]).toMatchObject({ field: 'name', message: expect.stringMatching(/100 characters or fewer/) });
    await save('Laptop', ED25519);
    const sameName = await save('laptop', ECDSA);
    expect(sameName.error?.errors?.[0]).toMatchObject({ field: 'name', message: expect.stringMatching(/already have a key named “laptop”/) });
    expect((await api.GET('/v1/ssh-keys')).data!.items).toHaveLength(1);
  });

  it('refuses the same key twice (409), whatever its comment, and a 101st key', async () => {
    await save('Laptop', ED25519);
    const again = await save('Laptop again', ED25519.replace('maya@laptop', 'other comment'));
    expect(again.response.status).toBe(409);
    expect(again.error?.detail).toMatch(/already, as “Laptop”/);
    const state = testCloud().context.state;
    state.sshKeys = Array.from({ length: 100 }, (_, i) => ({
      id: `key-${i}`, ownerId: 'u-maya', name: `k${i}`, type: 'ssh-ed25519', fingerprint: `SHA256:fake${i}`, publicKey: ED25519, createdAtMs: i, lastUsedAtMs: null,
    }));
    const full = await save('One more', ECDSA);
    expect(full.response.status).toBe(409);
    expect(full.error?.detail).toMatch(/100 saved keys/);
  });

  it('keeps each user’s keys to themselves: invisible, not removable and not usable by another', async () => {
    const mine = (await save('Laptop', ED25519)).data!;
    await actAs('u-ana');
    expect((await api.GET('/v1/ssh-keys')).data!.items).toEqual([]);
    // The same key may be saved by someone else: a fingerprint is unique per user only.
    expect((await save('Ana laptop', ED25519)).response.status).toBe(201);
    const removed = await api.DELETE('/v1/ssh-keys/{keyId}', { params: { path: { keyId: mine.id } } });
    expect(removed.response.status).toBe(404);
    const used = await launch({ ...LAUNCH, sshKeyId: mine.id }, 'k-other');
    expect(used.response.status).toBe(400);
    expect(used.error?.errors).toEqual([{ field: 'sshKeyId', message: expect.stringMatching(/saved SSH keys/) }]);
    await actAs('u-maya');
    expect((await api.GET('/v1/ssh-keys')).data!.items.map((k) => k.id)).toEqual([mine.id]);
  });

  it('removes a key; pods launched with it keep it', async () => {
    const key = (await save('Laptop', ED25519)).data!;
    const pod = (await launch({ ...LAUNCH, sshKeyId: key.id }, 'k-remove')).data!;
    const removed = await api.DELETE('/v1/ssh-keys/{keyId}', { params: { path: { keyId: key.id } } });
    expect(removed.response.status).toBe(204);
    expect((await api.GET('/v1/ssh-keys')).data!.items).toEqual([]);
    expect((await api.GET('/v1/pods/{podId}', { params: { path: { podId: pod.id } } })).data?.sshPublicKey).toBe(ED25519);
    expect((await api.DELETE('/v1/ssh-keys/{keyId}', { params: { path: { keyId: key.id } } })).response.status).toBe(404);
  });
});

describe('launching with a saved key', () => {
  it('gives the pod the saved key and marks the key used, once per Idempotency-Key', async () => {
    const key = (await save('Laptop', ED25519)).data!;
    testCloud().context.realNow = () => Date.UTC(2026, 10, 20, 9, 30);
    const first = await launch({ ...LAUNCH, sshKeyId: key.id }, 'k-saved');
    expect(first.response.status).toBe(201);
    expect(first.data?.sshPublicKey).toBe(ED25519);
    const again = await launch({ ...LAUNCH, sshKeyId: key.id }, 'k-saved');
    expect(again.data?.id).toBe(first.data?.id);
    expect(again.response.headers.get('Idempotency-Replayed')).toBe('true');
    expect(testCloud().context.state.pods.filter((p) => p.name === LAUNCH.name)).toHaveLength(1);
    expect((await api.GET('/v1/ssh-keys')).data!.items[0]?.lastUsedAt).toBe('2026-11-20T09:30:00.000Z');
  });

  it('needs exactly one of a pasted key and a saved one, and an id that is one of the user’s keys', async () => {
    const key = (await save('Laptop', ED25519)).data!;
    const neither = await launch(LAUNCH, 'k-neither');
    expect(neither.error?.errors).toEqual([{ field: 'sshPublicKey', message: expect.stringMatching(/Paste your SSH public key/) }]);
    const both = await launch({ ...LAUNCH, sshKeyId: key.id, sshPublicKey: ECDSA }, 'k-both');
    expect(both.response.status).toBe(400);
    expect(both.error?.errors).toEqual([{ field: 'sshPublicKey', message: 'Paste a key or choose a saved one, not both.' }]);
    const unknown = await launch({ ...LAUNCH, sshKeyId: 'key-nope' }, 'k-unknown');
    expect(unknown.error?.errors?.map((e) => e.field)).toEqual(['sshKeyId']);
    expect(testCloud().context.state.pods.some((p) => p.name === LAUNCH.name)).toBe(false);
    expect(testCloud().context.state.sshKeys?.[0]?.lastUsedAtMs).toBeNull();
  });
});
