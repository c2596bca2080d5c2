/** How to reach a running pod: the SSH command with a copy button, and JupyterLab and VS Code links. */
import { useState } from 'react';
import type { PodDetail } from '../../api/types';

/** Only https links from the API become links: never javascript: or anything else from data. */
export function safeHttpsUrl(raw: string | null): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' && url.username === '' && url.password === '' ? url.href : null;
  } catch {
    return null;
  }
}

/** A shell-safe SSH command: host and user are checked to be plain names, so the line can be pasted as is. */
export function sshCommand(connect: NonNullable<PodDetail['connect']>): string | null {
  const plain = /^[A-Za-z0-9._-]+$/;
  if (!plain.test(connect.sshHost) || !plain.test(connect.sshUser)) return null;
  return `ssh ${connect.sshPort === 22 ? '' : `-p ${connect.sshPort} `}${connect.sshUser}@${connect.sshHost}`;
}

export function ConnectPanel({ pod }: { pod: PodDetail }) {
  const [copied, setCopied] = useState<'idle' | 'done' | 'failed'>('idle');
  if (!pod.connect) {
    return <p className="text-sm">{pod.status === 'stopped' ? 'Start the pod to connect to it.' : pod.status === 'terminated' ? 'This pod no longer exists.' : 'Connection details appear once the pod is running.'}</p>;
  }
  const command = sshCommand(pod.connect);
  const jupyter = safeHttpsUrl(pod.connect.jupyterUrl);
  const vscode = safeHttpsUrl(pod.connect.vscodeUrl);
  const copy = async () => {
    if (!command) return;
    try {
      await navigator.clipboard.writeText(command);
      setCopied('done');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <div className="space-y-3 text-sm">
      {command && (
        <div>
          <p id="ssh-label" className="field-label">
            SSH command
          </p>
          <div className="mt-1 flex flex-wrap items-center gap-2">
            <code aria-labelledby="ssh-label" className="min-w-0 max-w-full rounded-md bg-slate-100 px-2 py-1 font-mono text-xs break-words dark:bg-slate-800">
              {command}
            </code>
            <button type="button" className="btn-secondary" onClick={() => void copy()}>
              Copy SSH command
            </button>
            <span role="status" className="text-xs">
              {copied === 'done' ? 'Copied' : copied === 'failed' ? 'Could not copy: select the command and copy it' : ''}
            </span>
          </div>
          <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">Uses the SSH key given at launch.</p>
        </div>
      )}
      <ul className="flex flex-wrap gap-4">
        {jupyter && (
          <li>
            <a className="link" href={jupyter} target="_blank" rel="noopener noreferrer">
              Open JupyterLab
            </a>
          </li>
        )}
        {vscode && (
          <li>
            <a className="link" href={vscode} target="_blank" rel="noopener noreferrer">
              Open VS Code
            </a>
          </li>
        )}
        {!jupyter && !vscode && <li>This image has no browser IDE; connect with SSH.</li>}
      </ul>
    </div>
  );
}
