/**
 * Parses one OpenSSH public key line ("type base64 [comment]") and checks the key inside the
 * base64 blob, not just the prefix: the blob is the SSH wire format (RFC 4253 §6.6), whose
 * first string must repeat the key type, followed by the key itself —
 * ssh-ed25519: a 32-byte key (RFC 8709 §4); ecdsa-sha2-nistp256/384/521: the curve name and an
 * uncompressed point (RFC 5656 §3.1); ssh-rsa: exponent and modulus as mpints (RFC 4253 §6.6),
 * with a modulus of at least 2048 bits (NIST SP 800-131A rev. 2: RSA below 2048 bits is disallowed).
 */
import { decodeBase64 } from './base64';

export const MIN_RSA_BITS = 2048;
/** OpenSSH refuses RSA keys over 16384 bits (ssh-keygen SSH_RSA_MAXIMUM_MODULUS_SIZE). */
export const MAX_RSA_BITS = 16384;

export type SshKeyType = 'ssh-ed25519' | 'ecdsa-sha2-nistp256' | 'ecdsa-sha2-nistp384' | 'ecdsa-sha2-nistp521' | 'ssh-rsa';

export interface SshPublicKey {
  type: SshKeyType;
  /** Key size: 256 for ed25519, the curve size for ECDSA, the modulus size for RSA. */
  bits: number;
  comment: string;
}

export type SshKeyResult = { ok: true; key: SshPublicKey } | { ok: false; message: string };

/** Uncompressed point length (0x04 ‖ X ‖ Y) and key size per curve. */
const CURVES: Record<string, { pointBytes: number; bits: number }> = {
  nistp256: { pointBytes: 65, bits: 256 },
  nistp384: { pointBytes: 97, bits: 384 },
  nistp521: { pointBytes: 133, bits: 521 },
};

const ACCEPTED = 'ssh-ed25519, ecdsa-sha2-nistp256/384/521 or ssh-rsa (2048 bits or more)';
const RECOPY = 'Copy the whole line of your .pub file again.';

/** Reads SSH wire-format strings (uint32 length + bytes) from a blob. */
class WireReader {
  private offset = 0;
  constructor(private readonly bytes: Uint8Array) {}

  string(): Uint8Array | null {
    if (this.offset + 4 > this.bytes.length) return null;
    const b = this.bytes;
    const o = this.offset;
    const length = ((b[o] ?? 0) * 0x1000000) + (((b[o + 1] ?? 0) << 16) | ((b[o + 2] ?? 0) << 8) | (b[o + 3] ?? 0));
    if (o + 4 + length > b.length) return null;
    this.offset = o + 4 + length;
    return b.subarray(o + 4, o + 4 + length);
  }

  text(): string | null {
    const s = this.string();
    if (!s) return null;
    let out = '';
    for (const c of s) {
      if (c < 0x20 || c > 0x7e) return null;
      out += String.fromCharCode(c);
    }
    return out;
  }

  get done(): boolean {
    return this.offset === this.bytes.length;
  }
}

/** Bits in an mpint (two's complement, big-endian, no needless leading zero byte); null if negative. */
function mpintBits(m: Uint8Array): number | null {
  if (m.length === 0) return 0;
  if (((m[0] ?? 0) & 0x80) !== 0) return null;
  let i = 0;
  while (i < m.length && m[i] === 0) i++;
  if (i === m.length) return 0;
  const first = m[i] ?? 0;
  return (m.length - i - 1) * 8 + (32 - Math.clz32(first));
}

function fail(message: string): SshKeyResult {
  return { ok: false, message };
}

export function parseSshPublicKey(input: string): SshKeyResult {
  const text = input.trim();
  if (text === '') return fail('Paste your SSH public key: the one line in a file such as ~/.ssh/id_ed25519.pub.');
  if (/PRIVATE KEY/.test(text)) return fail('This is a private key: never paste it anywhere. Paste the public key, the .pub file, instead.');
  if (/BEGIN SSH2 PUBLIC KEY/.test(text)) return fail('This key is in the SSH2 (RFC 4716) format. Paste it in OpenSSH format: ssh-keygen -i -f key.pub prints it.');
  if (/[\r\n]/.test(text)) return fail('Paste one key only, on one line.');
  const [type = '', data = '', ...rest] = text.split(/[ \t]+/);
  const comment = rest.join(' ');
  if (!isAcceptedType(type)) {
    if (type === 'ssh-dss') return fail(`DSA keys (ssh-dss) are no longer safe. Use ${ACCEPTED}.`);
    if (/^(sk-|.*-cert-v01@openssh\.com$)/.test(type)) return fail(`Security-key and certificate keys are not supported here. Use ${ACCEPTED}.`);
    return fail(`A public key starts with its type. Use ${ACCEPTED}.`);
  }
  if (data === '') return fail(`The key's data is missing after “${type}”. ${RECOPY}`);
  const blob = decodeBase64(data);
  if (!blob) return fail(`The key's data is damaged (it is not valid base64). ${RECOPY}`);
  const r = new WireReader(blob);
  const inner = r.text();
  if (inner === null) return fail(`The key's data is incomplete. ${RECOPY}`);
  if (inner !== type) return fail(`The line says “${type}” but the key inside is “${inner}”. ${RECOPY}`);
  const key = (bits: number): SshKeyResult => (r.done ? { ok: true, key: { type, bits, comment } } : fail(`The key's data has extra bytes at the end. ${RECOPY}`));
  if (type === 'ssh-ed25519') {
    const pk = r.string();
    if (!pk || pk.length !== 32) return fail(`This ed25519 key is not 32 bytes long. ${RECOPY}`);
    return key(256);
  }
  if (type === 'ssh-rsa') {
    const e = r.string();
    const n = r.string();
    if (!e || !n) return fail(`The key's data is incomplete. ${RECOPY}`);
    const eBits = mpintBits(e);
    const nBits = mpintBits(n);
    if (eBits === null || nBits === null || eBits < 2 || ((e[e.length - 1] ?? 0) & 1) === 0) return fail(`This RSA key is not valid. ${RECOPY}`);
    if (nBits < MIN_RSA_BITS) return fail(`This RSA key has ${nBits} bits; use one of at least ${MIN_RSA_BITS} bits, or an ed25519 key (ssh-keygen -t ed25519).`);
    if (nBits > MAX_RSA_BITS) return fail(`This RSA key has ${nBits} bits; OpenSSH accepts at most ${MAX_RSA_BITS}.`);
    return key(nBits);
  }
  const curveName = type.slice('ecdsa-sha2-'.length);
  const curve = CURVES[curveName];
  const named = r.text();
  const point = r.string();
  if (!curve || named !== curveName || !point) return fail(`This ECDSA key does not name its curve (${curveName}) correctly. ${RECOPY}`);
  if (point.length !== curve.pointBytes || point[0] !== 0x04) return fail(`This ECDSA key's point is not a ${curveName} point. ${RECOPY}`);
  return key(curve.bits);
}

function isAcceptedType(type: string): type is SshKeyType {
  return ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'ssh-rsa'].includes(type);
}

/** null when the key is accepted, else what is wrong, in plain words. */
export function sshPublicKeyProblem(input: string): string | null {
  const result = parseSshPublicKey(input);
  return result.ok ? null : result.message;
}
