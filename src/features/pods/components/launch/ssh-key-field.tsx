/**
 * The launch form's SSH key: with saved keys (Account page), a choice among them by name and
 * fingerprint, or "Paste a new key"; without any, the paste field alone, as it always was.
 */
import type { SshKey } from '../../../../api/ssh-keys';
import type { LaunchValues } from '../../launch-draft';
import type { FieldErrors } from '../../launch-validation';
import { Field } from '../../../../ui/field';

/** The select's value for "Paste a new key" (a saved key's id is never empty). */
const PASTE = '';

export function SshKeyField({
  values: v,
  savedKeys,
  errors,
  onChange,
}: {
  values: LaunchValues;
  /** In the order to offer them: the most recently used first. */
  savedKeys: readonly SshKey[];
  errors: FieldErrors;
  onChange: (patch: Partial<LaunchValues>) => void;
}) {
  const pasting = savedKeys.length === 0 || v.sshKeyId === PASTE;
  return (
    <div className="space-y-4 sm:col-span-2">
      {savedKeys.length > 0 && (
        <Field id="launch-sshKeyId" label="SSH key" error={errors.sshKeyId} hint="Keys you saved on the Account page, the one you used last first. The pod lets this key in as root.">
          {(a) => (
            <select {...a} className="field-input" value={v.sshKeyId} onChange={(e) => onChange({ sshKeyId: e.target.value })}>
              {savedKeys.map((k) => (
                <option key={k.id} value={k.id}>
                  {k.name} ({k.fingerprint})
                </option>
              ))}
              <option value={PASTE}>Paste a new key</option>
            </select>
          )}
        </Field>
      )}
      {pasting && (
        <Field
          id="launch-sshPublicKey"
          label="SSH public key"
          error={errors.sshPublicKey}
          hint="One line from a .pub file: ssh-ed25519, ecdsa-sha2-nistp256/384/521, or ssh-rsa of 2048 bits or more."
        >
          {(a) => (
            <textarea
              {...a}
              className="field-input font-mono text-xs"
              rows={3}
              spellCheck={false}
              autoComplete="off"
              value={v.sshPublicKey}
              onChange={(e) => onChange({ sshPublicKey: e.target.value })}
            />
          )}
        </Field>
      )}
    </div>
  );
}
