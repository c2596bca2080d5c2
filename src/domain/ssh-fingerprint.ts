/**
 * An SSH public key's fingerprint as `ssh-keygen -l` prints it (OpenSSH's default since 6.8):
 * "SHA256:" and the SHA-256 of the key's wire-format blob (the base64 field of the .pub line,
 * decoded) in standard base64 without its "=" padding (OpenSSH sshkey.c, fingerprint_b64).
 * Async because it uses the platform's SHA-256 (crypto.subtle, in browsers and Node 20 alike).
 */
import { decodeBase64 } from './validation/base64';

/** Standard base64 (RFC 4648 §4) without padding. */
function base64NoPadding(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/=+$/, '');
}

/**
 * The fingerprint of one OpenSSH public key line ("type base64 [comment]"); null when its
 * base64 field is not valid (check the key with validation/ssh-public-key.ts first).
 */
export async function sshKeyFingerprint(publicKeyLine: string): Promise<string | null> {
  const data = publicKeyLine.trim().split(/[ \t]+/)[1] ?? '';
  const blob = decodeBase64(data);
  if (!blob) return null;
  const digest = await crypto.subtle.digest('SHA-256', new Uint8Array(blob));
  return `SHA256:${base64NoPadding(new Uint8Array(digest))}`;
}
