import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSshPublicKey, sshPublicKeyProblem } from './ssh-public-key';
import { decodeBase64 } from './base64';

/** Public keys made with ssh-keygen (OpenSSH 9) for these tests; their private halves were discarded. */
const KEYS = {
  k_ed25519: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJoQjPcaSePz6AVqEkIf9ltiFGnOxRJjfVJRj8jHM0qf test@ed25519',
  k_ecdsa_b256: 'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBOmRuLmgXh4z1vEwbHDGtgLcerAT7QG3yYFrHL7DVmL1JZzuDoNDJPm794QVwtfnVgiirpBYe9xdfrD2e77F6ng= test@ecdsa-b 256',
  k_ecdsa_b384: 'ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBPka4tK2O3Vn4CjLlkODlOFKFlnKGIMcGFWOi0h1eJ5BUDlLsXXnW7ayo+Bpi0OzX5A0btlYRz7m1cRMPsb9TGG/G40NpCI/ljF4i8hRNxx0AxgbpqE4lOjI8kvJm4n6gA== test@ecdsa-b 384',
  k_ecdsa_b521: 'ecdsa-sha2-nistp521 AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBADlWgI5TZSTXOGqsze+/FwKdTi4qImoDb8msWUTRQPM5zCQyjNzF2QmctO2Se2GOGuiwpwvxB+uxUiFMlMYUWY3zgFB7OMTTluyWtJxYuystSvIk17QDXDfFdG/X7Z8QLE2dQypVzHZ79vvIsysY9DIVENOTRF2GxLwp0pVWuznj8F1iA== test@ecdsa-b 521',
  k_rsa_b2048: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCxw8DPCpp1ApCd3M+V8C26cLykbZNRDZw4/scL3NM9HP3gzXGxNYfvAgWm79RW7Q0j0MZtt4fz9fBDJkMIlxDdwT8OrleMTgpmLLtOthg6eiGMTj5Im7YRcGD1TqI0FTg6f99Wpc/2gy6nmcbmsA4a5CPqiQ3Hzh+jaCbXJTqYfjR5Oz3VY//MkNVVhcI4/bgd5DHofTJlNQxBK0pSHYyIVCm6xVSuHozqaIbmMXGZnnAbXH29fOf9RMDXUgaBaB2t37iSUxeuJRpe0Hrx+lCuzAe1Xjfbt1Y/2uOdQEb3xENbydxkHqgShbJ0LcKEAjdgLEvPZyuYuOWcSGlg7RVB test@rsa-b 2048',
  k_rsa_b1024: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQD01EGwf7wWz/lo8mJ+6RRKZtUgHhSq25IX4YHLuYcG+QkdrU1zQnKM4ePz/5zWYTu5ziae+Tzx3yWNySi245PUK4L3viOWchJDzEoi+JZFWXZ1X8Wl3XFUShiu6oMKayyyH9RxS5nPMkJuMUfvjKhrWycV+wzagNjuGzenqjGSXw== test@rsa-b 1024',
  k_rsa_b4096: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAACAQCgNUoy/9erfxm0gbCUIcoCSuezMGCLR7jaVnkH4Wm1mSN6nKvB/gesUhPSw7B0EBMtHDqWGngYnblAUPdhT74X1J42AErj0AZtVFH9gfZ46pWFq3bcbSkuEzFHuxofRNLnWx99xJ2ndKS9YFc3tD0ISMsnk0WWcPE5xHr470RcbKyZ3nynyksuUiC5ul6s0u1yP3JD2TkLiNiYKgSm8PK44oFRYXZosHQoGnBXdPvpN5+jO8q424J/HaRLH2JLf+93vFBNd+vM9AQ23IHSJuPeAFKITt/oVKAc0XvrQpf9Db5nWUX8HLt0cV6UG0uIbDRXlXTwB6YqlCTVGQTfaXHPryvEV5+3TCLElGazMd7xVtRjwNOLP7VhnEdpMsvMYXusiYcY1P/5E07mMWwTactx9fRY3uUFJ3XQVhgmn0elf6mbewQX7UP/LwdlmVK+SLTFHBwl7QHGgG0+MjrkrsnBEnomwh4pB+Sl1pFrsfUFlsjKm+XIVHu5s21daZUWG5CqeN50M+WcF+LAuy3W+g4d3Z7b0iXGAuP3KqwYFGtIH1hh4w7jh+bMy9oJv49KSoIf6gRPP65vgHk/MUT87f/4s/1hhT42khCvOGTfau71WaK2n3R2NsqrCTj5311W9ALWs0r5YiZrzSDfP6jfQcVc/ZzEdLY7zhU53dQdmDj4MQ== test@rsa-b 4096',
};

/** SSH wire format: each part as uint32 length + bytes. */
function wire(...parts: Array<string | Uint8Array>): string {
  const chunks = parts.map((p) => (typeof p === 'string' ? new TextEncoder().encode(p) : p));
  const out = Buffer.alloc(chunks.reduce((a, c) => a + 4 + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.writeUInt32BE(c.length, o);
    out.set(c, o + 4);
    o += 4 + c.length;
  }
  return out.toString('base64');
}

/** A positive mpint of exactly `bits` bits (leading 0x00 when the top bit is set, as SSH requires). */
function mpint(bits: number, fill: number): Uint8Array {
  const bytes = Math.ceil(bits / 8);
  const body = new Uint8Array(bytes).fill(fill | 1);
  const topBits = bits - (bytes - 1) * 8;
  body[0] = (1 << (topBits - 1)) | ((fill & 0xff) >> (9 - topBits));
  return (body[0]! & 0x80) !== 0 ? Uint8Array.from([0, ...body]) : body;
}

describe('SSH public keys', () => {
  it('accepts real ed25519, ECDSA P-256/384/521 and RSA 2048/4096 keys, reading the key size from the blob', () => {
    expect(parseSshPublicKey(KEYS.k_ed25519)).toEqual({ ok: true, key: { type: 'ssh-ed25519', bits: 256, comment: 'test@ed25519' } });
    expect(parseSshPublicKey(KEYS.k_ecdsa_b256)).toMatchObject({ ok: true, key: { type: 'ecdsa-sha2-nistp256', bits: 256 } });
    expect(parseSshPublicKey(KEYS.k_ecdsa_b384)).toMatchObject({ ok: true, key: { type: 'ecdsa-sha2-nistp384', bits: 384 } });
    expect(parseSshPublicKey(KEYS.k_ecdsa_b521)).toMatchObject({ ok: true, key: { type: 'ecdsa-sha2-nistp521', bits: 521 } });
    expect(parseSshPublicKey(KEYS.k_rsa_b2048)).toMatchObject({ ok: true, key: { type: 'ssh-rsa', bits: 2048 } });
    expect(parseSshPublicKey(`  ${KEYS.k_rsa_b4096}\n`)).toMatchObject({ ok: true, key: { type: 'ssh-rsa', bits: 4096 } });
  });

  it('refuses a real 1024-bit RSA key, saying how many bits it has', () => {
    expect(sshPublicKeyProblem(KEYS.k_rsa_b1024)).toMatch(/1024 bits.*at least 2048/);
  });

  it('checks the type inside the blob, not the prefix', () => {
    const blob = KEYS.k_ed25519.split(' ')[1];
    expect(sshPublicKeyProblem(`ssh-rsa ${blob}`)).toMatch(/says “ssh-rsa” but the key inside is “ssh-ed25519”/);
    expect(sshPublicKeyProblem(`ecdsa-sha2-nistp384 ${KEYS.k_ecdsa_b256.split(' ')[1]}`)).toMatch(/key inside is “ecdsa-sha2-nistp256”/);
  });

  it('explains what is wrong in plain words', () => {
    expect(sshPublicKeyProblem('')).toMatch(/Paste your SSH public key/);
    expect(sshPublicKeyProblem('-----BEGIN OPENSSH PRIVATE KEY-----\nabc')).toMatch(/private key/);
    expect(sshPublicKeyProblem('ssh-dss AAAAB3NzaC1kc3MAAACBA')).toMatch(/DSA/);
    expect(sshPublicKeyProblem('ssh-ed25519')).toMatch(/missing/);
    expect(sshPublicKeyProblem('ssh-ed25519 not*base64')).toMatch(/not valid base64/);
    expect(sshPublicKeyProblem(`ssh-ed25519 ${KEYS.k_ed25519.split(' ')[1]!.slice(0, 40)}`)).not.toBeNull();
    expect(sshPublicKeyProblem(`${KEYS.k_ed25519}\n${KEYS.k_ed25519}`)).toMatch(/one key/);
    expect(sshPublicKeyProblem('hello world')).toMatch(/starts with its type/);
  });

  it('property: an ed25519 blob is accepted exactly when its key is 32 bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 64 }), fc.string({ unit: fc.constantFrom('a', 'b', '@', '-', '.') }), (key, comment) => {
        const line = `ssh-ed25519 ${wire('ssh-ed25519', key)} ${comment}`;
        expect(parseSshPublicKey(line).ok).toBe(key.length === 32);
      }),
    );
  });

  it('property: an RSA key is accepted exactly when its modulus has 2048 to 16384 bits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 512, max: 8192 }), fc.integer({ min: 0, max: 255 }), (bits, fill) => {
        const line = `ssh-rsa ${wire('ssh-rsa', Uint8Array.from([1, 0, 1]), mpint(bits, fill))}`;
        const result = parseSshPublicKey(line);
        expect(result.ok).toBe(bits >= 2048);
        if (result.ok) expect(result.key.bits).toBe(bits);
      }),
      { numRuns: 60 },
    );
  });

  it('property: cutting a valid key short, or adding bytes, is refused', () => {
    const full = Buffer.from(KEYS.k_ecdsa_b256.split(' ')[1]!, 'base64');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: full.length - 1 }), (cut) => {
        expect(parseSshPublicKey(`ecdsa-sha2-nistp256 ${full.subarray(0, cut).toString('base64')}`).ok).toBe(false);
      }),
    );
    expect(parseSshPublicKey(`ecdsa-sha2-nistp256 ${Buffer.concat([full, Buffer.from([0])]).toString('base64')}`).ok).toBe(false);
  });
});

describe('base64', () => {
  it('property: decodes what Node encodes, and refuses non-canonical text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }).filter((b) => b.length > 0), (bytes) => {
        expect(decodeBase64(Buffer.from(bytes).toString('base64'))).toEqual(Uint8Array.from(bytes));
      }),
    );
    expect(decodeBase64('QQ==')).toEqual(Uint8Array.from([65]));
    expect(decodeBase64('QR==')).toBeNull(); // leftover bits set
    expect(decodeBase64('QQ')).toBeNull(); // padding missing
    expect(decodeBase64('Q$==')).toBeNull();
  });
});
