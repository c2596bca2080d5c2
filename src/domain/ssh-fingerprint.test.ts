import { describe, expect, it } from 'vitest';
import { sshKeyFingerprint } from './ssh-fingerprint';

/**
 * Keys made with ssh-keygen (OpenSSH 9.2, Debian 12) on 2026-12-07, their private halves
 * discarded; each fingerprint is what `ssh-keygen -lf key.pub` printed for it.
 */
const CASES = [
  {
    line: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILpL79jdW7UPZcCM633q03DM9lLSoA+/dRcs2IPmSbKe maya@laptop',
    fingerprint: 'SHA256:N9c2EIhD9toEo/rO31ZmQI14z7I3Q4mJxf6P/cTpPSA',
  },
  {
    line: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDaCn+QmUjXp9aay7w83rmX41pVzMRbZc+ipVYBapO33zWIdi8E21lXBYy9Vjs8pYpdjbz2PIDZ3ww4nBQNYbhuScvGh4oz27YNfUajazGh0l8iB2fGSR6Fv40SaX/97Me6Mij/zgeNqNGrmI86Tb5waWAwca8gYdwFlcv+JIWKey4HUbDIfd4u1solOc3iD3vvZobeT97tIhrDrNiK/OzXQQJxZSBnbVni1NQDJW5fIf7VnbNv2I1DXU10zB9oF1K85rELTCEPnx8P+i7xu3ujPlumxtVfTFf6/cjbiflHSGzdCH/L5bT2l65XSC9Zk0zGZKUjUuLj7xS5zVtSuVUP maya@rsa',
    fingerprint: 'SHA256:L4jjh6wb7MCpSuViuX8IIZg5iO7Ih9WvsVdyhBOpTMY',
  },
  {
    line: 'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBDrl/xLzEEaS82kOtdjgsaUwwTWLchhYm4I0zrma73oE9ipkt23Ad14niKSgsYmYkwx+73NE3zMOHbJlCQDzOJE= ci@ecdsa',
    fingerprint: 'SHA256:RkEeeEXAX0SecZ0IOh5ZDT3QPBQZ9i/FgNNi+mF8mWc',
  },
];

describe('SSH key fingerprints', () => {
  it.each(CASES)('matches ssh-keygen -lf for $fingerprint', async ({ line, fingerprint }) => {
    expect(await sshKeyFingerprint(line)).toBe(fingerprint);
  });

  it('depends on the key alone: not on the comment or surrounding spaces', async () => {
    const [ed] = CASES;
    const bare = ed!.line.split(' ').slice(0, 2).join(' ');
    expect(await sshKeyFingerprint(`  ${bare}\t other comment  `)).toBe(ed!.fingerprint);
  });

  it('is null when the key data is not base64', async () => {
    expect(await sshKeyFingerprint('ssh-ed25519 not*base64')).toBeNull();
    expect(await sshKeyFingerprint('ssh-ed25519')).toBeNull();
  });
});
