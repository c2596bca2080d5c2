import { describe, expect, it } from 'vitest';
import { safeHttpsUrl, sshCommand } from './connect-panel';

describe('connect details from the API', () => {
  it('become links only when they are plain https URLs', () => {
    expect(safeHttpsUrl('https://pod-1.ca-mtl-1.pods.northlight.example/lab')).toBe('https://pod-1.ca-mtl-1.pods.northlight.example/lab');
    expect(safeHttpsUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpsUrl('JavaScript:alert(1)')).toBeNull();
    expect(safeHttpsUrl('http://pod-1.example/lab')).toBeNull();
    expect(safeHttpsUrl('https://user:pass@evil.example/')).toBeNull();
    expect(safeHttpsUrl('data:text/html,<script>')).toBeNull();
    expect(safeHttpsUrl('not a url')).toBeNull();
    expect(safeHttpsUrl(null)).toBeNull();
  });

  it('make an SSH command only from plain host and user names, so it is safe to paste', () => {
    const base = { sshHost: 'pod-1.ca-mtl-1.pods.northlight.example', sshPort: 22, sshUser: 'root', jupyterUrl: null, vscodeUrl: null };
    expect(sshCommand(base)).toBe('ssh root@pod-1.ca-mtl-1.pods.northlight.example');
    expect(sshCommand({ ...base, sshPort: 2222 })).toBe('ssh -p 2222 root@pod-1.ca-mtl-1.pods.northlight.example');
    expect(sshCommand({ ...base, sshHost: 'host; rm -rf ~' })).toBeNull();
    expect(sshCommand({ ...base, sshUser: '$(whoami)' })).toBeNull();
  });
});
