/**
 * Saved SSH keys: add a public key once, by name, and choose it when launching a pod instead of
 * pasting it each time; see each key's fingerprint (as `ssh-keygen -l` prints it, to tell keys
 * apart), when it was added and last used, and remove it.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { sshPublicKeyProblem } from '../../../domain/validation/ssh-public-key';
import { ApiError, errorMessage } from '../../../api/problem';
import { formatDateTime } from '../../../lib/format';
import { Card } from '../../../ui/card';
import { Field } from '../../../ui/field';
import { ResultMessage, useResultMessage } from '../../../ui/result-message';
import { EmptyState, ErrorState, Skeleton } from '../../../ui/states';
import { useCreateSshKey, useDeleteSshKey, useSshKeys, type SshKey } from '../api/ssh-keys';

/** The API's limit on a key's name (POST /v1/ssh-keys). */
const NAME_MAX = 100;

const TYPE_LABEL: Record<string, string> = {
  'ssh-ed25519': 'Ed25519',
  'ecdsa-sha2-nistp256': 'ECDSA P-256',
  'ecdsa-sha2-nistp384': 'ECDSA P-384',
  'ecdsa-sha2-nistp521': 'ECDSA P-521',
  'ssh-rsa': 'RSA',
};

export function SshKeysSection() {
  const keys = useSshKeys();
  const result = useResultMessage();
  return (
    <Card title="SSH keys">
      <p className="mb-4 max-w-3xl text-sm text-slate-600 dark:text-slate-300">
        Save the public keys of the computers you connect from, then choose one when you launch a pod instead of pasting it each time. Removing a key here does not take it
        off pods already launched with it.
      </p>
      <AddKeyForm onSaved={(k) => result.say(`Key “${k.name}” saved: ${k.fingerprint}.`)} />
      <ResultMessage message={result.message} messageRef={result.messageRef} className="mt-3" />
      <h3 className="mb-2 mt-4 text-sm font-semibold">Your keys</h3>
      {keys.isPending ? (
        <Skeleton className="h-24 w-full" label="Loading SSH keys" />
      ) : keys.isError ? (
        <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />
      ) : keys.data.items.length === 0 ? (
        <EmptyState title="No saved keys yet">Add one above; the launch form will offer it.</EmptyState>
      ) : (
        <KeyTable keys={keys.data.items} onRemoved={(k) => result.announce(`Key “${k.name}” removed. Pods launched with it keep it.`)} />
      )}
    </Card>
  );
}

function AddKeyForm({ onSaved }: { onSaved: (key: SshKey) => void }) {
  const create = useCreateSshKey();
  const id = useId();
  const [name, setName] = useState('');
  const [publicKey, setPublicKey] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const trimmed = name.trim();
  // The same checks the API makes, at once; the API's own answers (a name taken) land at the same fields.
  const local: Record<'name' | 'publicKey', string | undefined> = {
    name: trimmed === '' ? 'Give the key a name, such as the computer it lives on.' : trimmed.length > NAME_MAX ? `Keep the name to ${NAME_MAX} characters or fewer.` : undefined,
    publicKey: sshPublicKeyProblem(publicKey) ?? undefined,
  };
  const server = create.error instanceof ApiError ? create.error : null;
  const fieldError = (field: 'name' | 'publicKey') => (submitted ? local[field] : undefined) ?? server?.fieldError(field);
  const formError = create.error && !server?.problem.errors?.length ? errorMessage(create.error) : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (local.name || local.publicKey) {
      document.getElementById(local.name ? `${id}-name` : `${id}-key`)?.focus();
      return;
    }
    create.mutate(
      { name: trimmed, publicKey: publicKey.trim() },
      {
        onSuccess: (key) => {
          setName('');
          setPublicKey('');
          setSubmitted(false);
          onSaved(key);
        },
      },
    );
  };
  // Typing again clears the API's last answer, so a fixed field stops showing its old error.
  const edited = () => {
    if (create.isError) create.reset();
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-heading`} className="space-y-4 rounded-lg border border-slate-300 p-4 dark:border-slate-600">
      <h3 id={`${id}-heading`} className="text-sm font-semibold">
        Add a key
      </h3>
      <Field id={`${id}-name`} label="Name" error={fieldError('name')} hint="Where the key lives, such as “Work laptop”.">
        {(a) => (
          <input
            {...a}
            className="field-input sm:max-w-sm"
            autoComplete="off"
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              edited();
            }}
          />
        )}
      </Field>
      <Field
        id={`${id}-key`}
        label="Public key"
        error={fieldError('publicKey')}
        hint="The one line of a .pub file (for example ~/.ssh/id_ed25519.pub): ssh-ed25519, ecdsa-sha2-nistp256/384/521, or ssh-rsa of 2048 bits or more."
      >
        {(a) => (
          <textarea
            {...a}
            className="field-input font-mono text-xs"
            rows={3}
            spellCheck={false}
            autoComplete="off"
            value={publicKey}
            onChange={(e) => {
              setPublicKey(e.target.value);
              edited();
            }}
          />
        )}
      </Field>
      {formError && (
        <p role="alert" className="field-error">
          {formError}
        </p>
      )}
      <button type="submit" className="btn-primary" disabled={create.isPending}>
        {create.isPending ? 'Saving…' : 'Save key'}
      </button>
    </form>
  );
}

function KeyTable({ keys, onRemoved }: { keys: SshKey[]; onRemoved: (key: SshKey) => void }) {
  const remove = useDeleteSshKey();
  return (
    <div className="overflow-x-auto">
      {remove.error && (
        <p role="alert" className="field-error mb-2">
          {errorMessage(remove.error)}
        </p>
      )}
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Your saved SSH keys: their fingerprints, when each was added and last used to launch a pod</caption>
        <thead className="text-xs uppercase text-slate-600 dark:text-slate-400">
          <tr>
            <th scope="col" className="py-2 pr-3">Name</th>
            <th scope="col" className="py-2 pr-3">Type</th>
            <th scope="col" className="py-2 pr-3">Fingerprint</th>
            <th scope="col" className="py-2 pr-3">Added</th>
            <th scope="col" className="py-2 pr-3">Last used</th>
            <th scope="col" className="py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.id} className="border-t border-slate-200 align-top dark:border-slate-700">
              <th scope="row" className="py-2 pr-3 font-medium">
                {k.name}
              </th>
              <td className="py-2 pr-3">{TYPE_LABEL[k.type] ?? k.type}</td>
              <td className="break-all py-2 pr-3 font-mono text-xs">{k.fingerprint}</td>
              <td className="py-2 pr-3">{formatDateTime(k.createdAt)}</td>
              <td className="py-2 pr-3">{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : 'Never'}</td>
              <td className="py-2 text-right">
                <RemoveKey name={k.name} pending={remove.isPending && remove.variables === k.id} onConfirm={() => remove.mutate(k.id, { onSuccess: () => onRemoved(k) })} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "Remove…", then a confirmation: focus goes to Cancel (Enter pressed twice removes nothing), and back to "Remove…" after it. */
function RemoveKey({ name, pending, onConfirm }: { name: string; pending: boolean; onConfirm: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const cancel = useRef<HTMLButtonElement>(null);
  const open = useRef<HTMLButtonElement>(null);
  const moved = useRef(false);
  useEffect(() => {
    if (!moved.current) return;
    (confirming ? cancel : open).current?.focus();
  }, [confirming]);
  const toggle = (next: boolean) => {
    moved.current = true;
    setConfirming(next);
  };
  if (!confirming) {
    return (
      <button ref={open} type="button" className="btn-secondary" onClick={() => toggle(true)} aria-label={`Remove ${name}…`}>
        Remove…
      </button>
    );
  }
  return (
    <span className="inline-flex gap-2">
      <button type="button" className="btn-danger" disabled={pending} onClick={onConfirm}>
        {pending ? 'Removing…' : `Remove “${name}”`}
      </button>
      <button ref={cancel} type="button" className="btn-secondary" onClick={() => toggle(false)}>
        Cancel
      </button>
    </span>
  );
}
