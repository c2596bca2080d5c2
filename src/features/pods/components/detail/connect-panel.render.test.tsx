import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import type { PodDetail } from '../../api/types';
import { ConnectPanel } from './connect-panel';

describe('the connect panel', () => {
  it('wraps the SSH command between words, not mid-word (break-words, not break-all)', () => {
    const pod = {
      status: 'running',
      connect: { sshHost: 'pod-1.ca-mtl-1.pods.northlight.example', sshPort: 2222, sshUser: 'root', jupyterUrl: null, vscodeUrl: null },
    } as unknown as PodDetail;
    render(<ConnectPanel pod={pod} />);
    const code = screen.getByText('ssh -p 2222 root@pod-1.ca-mtl-1.pods.northlight.example');
    expect(code).not.toHaveClass('break-all');
    expect(code).toHaveClass('break-words', 'min-w-0', 'max-w-full');
  });
});
