/** The launch form's plain fields: GPU share (gpu-share-field.tsx), name, project, GPU count, image, disk, idle auto-stop, SSH key (ssh-key-field.tsx), and the pod it replaces. */
import { usePod } from '../../api/get-pod';
import type { Catalog } from '../../api/types';
import type { LaunchValues } from '../../launch-draft';
import { availabilityNote } from '../../launch-availability';
import type { FieldErrors } from '../../launch-validation';
import type { SshKey } from '../../../../api/ssh-keys';
import { Field } from '../../../../ui/field';
import { GpuShareField } from './gpu-share-field';
import { SshKeyField } from './ssh-key-field';

const SSH_KEY_STORAGE = 'northlight.pods.ssh-public-key';

/** The last public key used (a public key is not a secret; it saves pasting it every time). */
export function rememberedSshKey(): string {
  try {
    return localStorage.getItem(SSH_KEY_STORAGE) ?? '';
  } catch {
    return '';
  }
}

export function rememberSshKey(key: string): void {
  try {
    localStorage.setItem(SSH_KEY_STORAGE, key);
  } catch {
    // not remembered
  }
}

export const AUTO_STOP_CHOICES: Array<{ minutes: number | null; label: string }> = [
  { minutes: null, label: 'Off: keep running' },
  { minutes: 15, label: 'After 15 minutes idle' },
  { minutes: 30, label: 'After 30 minutes idle' },
  { minutes: 60, label: 'After 1 hour idle' },
  { minutes: 120, label: 'After 2 hours idle' },
  { minutes: 240, label: 'After 4 hours idle' },
];

export function LaunchFields({
  values: v,
  catalog,
  projects,
  savedKeys,
  errors,
  onChange,
}: {
  values: LaunchValues;
  catalog: Catalog;
  projects: Array<{ id: string; name: string }>;
  /** Saved SSH keys, the most recently used first. */
  savedKeys: readonly SshKey[];
  errors: FieldErrors;
  onChange: (patch: Partial<LaunchValues>) => void;
}) {
  const gpu = catalog.gpuTypes.find((g) => g.id === v.gpuTypeId);
  const image = catalog.images.find((i) => i.id === v.imageId);
  const slice = Boolean(v.migProfile);
  const availability = slice ? null : availabilityNote(catalog, v);
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <GpuShareField
        catalog={catalog}
        gpuTypeId={v.gpuTypeId}
        regionId={v.regionId}
        migProfile={v.migProfile ?? ''}
        error={errors.migProfile}
        onChange={(migProfile) => onChange({ migProfile })}
      />
      <div>
        <Field
          id="launch-gpuCount"
          label="GPU count"
          error={errors.gpuCount}
          hint={slice ? 'A pod on a MIG slice holds one slice.' : gpu ? `${gpu.name} pods have ${gpu.allowedCounts.join(', ')} GPUs.` : undefined}
          describedBy="launch-gpuCount-availability"
        >
          {(a) => (
            <select {...a} className="field-input" value={v.gpuCount} onChange={(e) => onChange({ gpuCount: Number(e.target.value) })}>
              {(slice ? [1] : (gpu?.allowedCounts ?? [1])).map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          )}
        </Field>
        {/* Always in the page, so a screen reader hears the note when a choice makes it appear. */}
        <p id="launch-gpuCount-availability" aria-live="polite" className="mt-1 text-sm font-medium text-amber-900 empty:hidden dark:text-amber-200">
          {availability}
        </p>
      </div>
      <Field id="launch-imageId" label="Image" error={errors.imageId} hint={image?.description}>
        {(a) => (
          <select {...a} className="field-input" value={v.imageId} onChange={(e) => onChange({ imageId: e.target.value })}>
            {catalog.images.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        id="launch-diskGb"
        label="Disk size (GB)"
        error={errors.diskGb}
        hint={`${catalog.disk.minGb} to ${catalog.disk.maxGb} GB. Kept while the pod is stopped; deleted when it is terminated.`}
      >
        {(a) => (
          <input
            {...a}
            className="field-input"
            inputMode="numeric"
            autoComplete="off"
            value={v.diskGb}
            onChange={(e) => onChange({ diskGb: e.target.value })}
           
          />
        )}
      </Field>
      <Field
        id="launch-autoStopIdleMinutes"
        label="Auto-stop when idle"
        hint="Stops the pod once every GPU has been idle this long (GPU activity, not SSH sessions). The disk is kept."
        error={errors.autoStopIdleMinutes}
      >
        {(a) => (
          <select
            {...a}
            className="field-input"
            value={v.autoStopIdleMinutes ?? 'off'}
            onChange={(e) => onChange({ autoStopIdleMinutes: e.target.value === 'off' ? null : Number(e.target.value) })}
          >
            {AUTO_STOP_CHOICES.map((c) => (
              <option key={c.label} value={c.minutes ?? 'off'}>
                {c.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        id="launch-name"
        label="Name"
        error={errors.name}
        hint="Lowercase letters, digits and hyphens; unique in the project. It becomes part of the pod's host name."
      >
        {(a) => (
          <input
            {...a}
            className="field-input"
            autoComplete="off"
            spellCheck={false}
            value={v.name}
            onChange={(e) => onChange({ name: e.target.value })}
           
          />
        )}
      </Field>
      <Field id="launch-projectId" label="Project" error={errors.projectId}>
        {(a) => (
          <select {...a} className="field-input" value={v.projectId} onChange={(e) => onChange({ projectId: e.target.value })}>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <SshKeyField values={v} savedKeys={savedKeys} errors={errors} onChange={onChange} />
      {v.replacesPodId && (
        <ReplacesPod podId={v.replacesPodId} checked={v.stopReplaced} onChange={(stopReplaced) => onChange({ stopReplaced })} />
      )}
    </div>
  );
}

function ReplacesPod({ podId, checked, onChange }: { podId: string; checked: boolean; onChange: (checked: boolean) => void }) {
  const pod = usePod(podId);
  const name = pod.data?.name ?? podId;
  return (
    <label className="flex items-center gap-2 text-sm sm:col-span-2">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      Stop {name} once the new pod is running
    </label>
  );
}
