/**
 * The "Launch a dev pod" form: choices on the left, the cost estimate beside them (on phones,
 * between the choices and the Launch button, so the cost is read before launching), and a submit
 * that launches exactly one pod whatever the network does. Everything typed lives in the draft
 * (sessionStorage), so no error and no reload loses it.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { catalogQueryOptions, useSession } from '../../../../api/queries';
import { SSH_KEYS_QUERY_KEY, sshKeysQueryOptions, type SshKey } from '../../../../api/ssh-keys';
import { ALL_PROJECTS, useProjectScope } from '../../../../lib/project-scope';
import { ErrorState, Skeleton } from '../../../../ui/states';
import type { CapacityAlternative, Catalog } from '../../api/types';
import type { LaunchResult } from '../../api/create-pod';
import { clearDraft, defaultSshKeyId, initialDraft, loadDraft, newIdempotencyKey, reconcileSshKey, saveDraft, savedKeysByUse, type LaunchDraft, type LaunchValues } from '../../launch-draft';
import { launchEstimate } from '../../launch-estimate';
import { FIELD_ORDER, launchFieldErrors, launchRequest, type FieldErrors } from '../../launch-validation';
import { CostEstimate } from './cost-estimate';
import { GpuTypePicker } from './gpu-type-picker';
import { LaunchFeedback } from './launch-feedback';
import { LaunchFields, rememberSshKey, rememberedSshKey } from './launch-fields';
import { NoCapacityPanel } from './no-capacity-panel';
import { RegionPicker } from './region-picker';
import { useLaunchSubmit } from './use-launch-submit';

export function LaunchPodForm() {
  const session = useSession();
  // Availability is live: the catalog is asked again while the form is open.
  const catalog = useQuery({ ...catalogQueryOptions(), refetchInterval: 30_000 });
  // The saved keys choose the form's first SSH key; if they cannot be read, the form is as without them (paste a key).
  const sshKeys = useQuery(sshKeysQueryOptions());
  // Once the form is up, a failed background refresh keeps it (and what was typed) on screen.
  if (!session.data || !catalog.data || sshKeys.isPending) {
    if (session.isError || catalog.isError) {
      return <ErrorState error={session.error ?? catalog.error} onRetry={() => void Promise.all([session.refetch(), catalog.refetch()])} minHeight="min-h-96" />;
    }
    return <Skeleton className="h-96 w-full" label="Loading the launch form…" />;
  }
  return <LaunchForm catalog={catalog.data} projects={session.data.projects} savedKeys={sshKeys.data?.items ?? []} canLaunch={session.data.user.role !== 'finance'} />;
}

function defaultsFor(catalog: Catalog, projects: Array<{ id: string }>, scopeProjectId: string, savedKeys: readonly SshKey[]): LaunchValues {
  const gpu = catalog.gpuTypes.find((g) => g.id === 'l40s') ?? catalog.gpuTypes[0];
  const region = gpu?.offers[0]?.regionId ?? catalog.regions[0]?.id ?? '';
  return {
    name: '',
    projectId: projects.some((p) => p.id === scopeProjectId) ? scopeProjectId : (projects[0]?.id ?? ''),
    gpuTypeId: gpu?.id ?? '',
    gpuCount: gpu?.allowedCounts[0] ?? 1,
    migProfile: '',
    regionId: region,
    imageId: catalog.images[0]?.id ?? '',
    diskGb: '100',
    autoStopIdleMinutes: 60,
    sshKeyId: defaultSshKeyId(savedKeys),
    sshPublicKey: rememberedSshKey(),
    residency: '',
    replacesPodId: '',
    stopReplaced: false,
  };
}

/** Keeps the GPU count allowed and the region offering the GPU (inside the residency filter) after a change. */
export function reconcileChoice(catalog: Catalog, v: LaunchValues): LaunchValues {
  const gpu = catalog.gpuTypes.find((g) => g.id === v.gpuTypeId);
  if (!gpu) return v;
  // A slice the GPU type is not sold in falls back to whole GPUs; a slice pod holds one slice.
  const migProfile = v.migProfile && (gpu.migProfiles ?? []).some((p) => p.name === v.migProfile) ? v.migProfile : '';
  if (migProfile) return { ...v, migProfile, gpuCount: 1, regionId: reconcileRegion(catalog, gpu, v) };
  const gpuCount = gpu.allowedCounts.includes(v.gpuCount)
    ? v.gpuCount
    : ([...gpu.allowedCounts].reverse().find((c) => c <= v.gpuCount) ?? gpu.allowedCounts[0] ?? 1);
  return { ...v, migProfile, gpuCount, regionId: reconcileRegion(catalog, gpu, v) };
}

/** The region kept if it offers the GPU inside the residency filter, else the cheapest that does. */
function reconcileRegion(catalog: Catalog, gpu: Catalog['gpuTypes'][number], v: LaunchValues): string {
  const allowed = (regionId: string) =>
    v.residency === '' || (catalog.regions.find((r) => r.id === regionId)?.residency.includes(v.residency) ?? false);
  const offered = gpu.offers.filter((o) => allowed(o.regionId));
  const regionOk = offered.some((o) => o.regionId === v.regionId);
  const cheapest = [...offered].sort((a, b) => a.rateMicroUsdPerGpuHour - b.rateMicroUsdPerGpuHour)[0];
  return regionOk || !cheapest ? v.regionId : cheapest.regionId;
}

function LaunchForm({
  catalog,
  projects,
  savedKeys,
  canLaunch,
}: {
  catalog: Catalog;
  projects: Array<{ id: string; name: string }>;
  savedKeys: SshKey[];
  canLaunch: boolean;
}) {
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const { projectId: scope } = useProjectScope();
  const [draft, setDraft] = useState<LaunchDraft>(() => {
    const d = initialDraft(defaultsFor(catalog, projects, scope === ALL_PROJECTS ? '' : scope, savedKeys), search, loadDraft());
    return { ...d, values: reconcileSshKey(d.values, savedKeys) };
  });
  const keyChoices = useMemo(() => savedKeysByUse(savedKeys), [savedKeys]);
  const [submitted, setSubmitted] = useState(false);
  const submitButton = useRef<HTMLButtonElement>(null);
  const v = draft.values;

  useEffect(() => saveDraft(draft), [draft]);
  const updateDraft = useCallback((change: Partial<LaunchDraft>) => setDraft((d) => ({ ...d, ...change })), []);
  const request = useMemo(() => launchRequest(v), [v]);
  const queryClient = useQueryClient();
  const onLaunched = useCallback(
    (result: LaunchResult) => {
      if (request.sshPublicKey !== undefined) rememberSshKey(request.sshPublicKey);
      // The saved key was just used: its "last used" (and its place first in this form) changed.
      if (request.sshKeyId !== undefined) void queryClient.invalidateQueries({ queryKey: SSH_KEYS_QUERY_KEY });
      clearDraft();
      void navigate(`/pods/${result.pod.id}`, { state: { launched: result.replayed ? 'found' : 'new' } });
    },
    [navigate, queryClient, request.sshPublicKey, request.sshKeyId],
  );
  const { phase, submit, reset, online, sending } = useLaunchSubmit({ draft, request, updateDraft, onLaunched });

  const clientErrors = useMemo(() => launchFieldErrors(v, catalog), [v, catalog]);
  const serverErrors: FieldErrors = useMemo(() => {
    if (phase.kind !== 'rejected') return {};
    return Object.fromEntries((phase.error.problem.errors ?? []).map((e) => [e.field, e.message]));
  }, [phase]);
  // Checked on submit, then live as the user fixes them (errors that appear on blur shift the
  // page under the pointer between press and release, and the click on "Launch pod" is lost).
  const errors: FieldErrors = { ...(submitted ? clientErrors : {}), ...serverErrors };

  const change = (patch: Partial<LaunchValues>) => {
    setDraft((d) => ({ ...d, values: reconcileChoice(catalog, { ...d.values, ...patch }) }));
    if (phase.kind === 'rejected' || phase.kind === 'unconfirmed') reset();
  };

  const send = () => void submit(request, draft.idempotencyKey);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (sending) return;
    setSubmitted(true);
    const first = FIELD_ORDER.find((f) => clientErrors[f]);
    if (first) {
      focusField(first);
      return;
    }
    send();
  };
  const chooseAlternative = (a: CapacityAlternative) => {
    change({ gpuTypeId: a.gpuTypeId, regionId: a.regionId, gpuCount: a.gpuCount, migProfile: '', residency: v.residency });
    submitButton.current?.focus();
  };
  const startOver = () => {
    updateDraft({ idempotencyKey: newIdempotencyKey(), submittedAtMs: null });
    reset();
  };

  const gpu = catalog.gpuTypes.find((g) => g.id === v.gpuTypeId);
  const region = catalog.regions.find((r) => r.id === v.regionId);
  const estimate = launchEstimate(catalog, {
    gpuTypeId: v.gpuTypeId,
    regionId: v.regionId,
    gpuCount: v.gpuCount,
    migProfile: v.migProfile,
    diskGb: Number(v.diskGb),
  });
  const noCapacity = phase.kind === 'rejected' && phase.error.problem.type.endsWith('/no-capacity') ? phase.error.problem : null;
  const errorCount = Object.values(errors).filter(Boolean).length;

  return (
    <form
      noValidate
      onSubmit={onSubmit}
      className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]"
      aria-describedby={!canLaunch ? 'finance-note' : undefined}
    >
      <div className="space-y-6 lg:col-start-1 lg:row-start-1">
        {!canLaunch && (
          <p id="finance-note" className="rounded-lg border border-slate-300 p-3 text-sm dark:border-slate-600">
            As a finance user you can see pods and their cost, but not launch them.
          </p>
        )}
        {submitted && errorCount > 0 && phase.kind !== 'rejected' && (
          <div
            role="alert"
            className="rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-50"
          >
            <p className="font-semibold">Check {errorCount === 1 ? 'this field' : `these ${errorCount} fields`}; nothing was sent:</p>
            <ul className="mt-1 list-disc pl-5">
              {FIELD_ORDER.filter((f) => errors[f]).map((f) => (
                <li key={f}>
                  <a className="link" href={`#${fieldId(f)}`}>
                    {FIELD_LABEL[f]}
                  </a>
                  : {errors[f]}
                </li>
              ))}
            </ul>
          </div>
        )}
        <fieldset disabled={sending} className="space-y-6">
          <legend className="sr-only">The pod to launch</legend>
          <GpuTypePicker
            catalog={catalog}
            value={v.gpuTypeId}
            regionId={v.regionId}
            error={errors.gpuTypeId}
            onChange={(gpuTypeId) => change({ gpuTypeId })}
          />
          <RegionPicker
            catalog={catalog}
            value={v.regionId}
            gpuTypeId={v.gpuTypeId}
            residency={v.residency}
            error={errors.regionId}
            onChange={(regionId) => change({ regionId })}
            onResidencyChange={(residency) => change({ residency })}
          />
          <LaunchFields values={v} catalog={catalog} projects={projects} savedKeys={keyChoices} errors={errors} onChange={change} />
        </fieldset>
      </div>
      <div className="lg:sticky lg:top-4 lg:col-start-2 lg:row-span-2 lg:row-start-1 lg:self-start">
        <CostEstimate
          estimate={estimate}
          gpuLabel={v.migProfile ? `${v.migProfile} slice of ${gpu?.name ?? 'the GPU'}` : `${v.gpuCount} × ${gpu?.name ?? 'GPU'}`}
          diskGb={Number(v.diskGb) || 0}
          regionName={region?.name ?? 'the region'}
          pue={region?.pue}
        />
      </div>
      <div className="space-y-6 lg:col-start-1 lg:row-start-2">
        {noCapacity && (
          <NoCapacityPanel
            problem={noCapacity}
            catalog={catalog}
            gpuTypeId={v.gpuTypeId}
            regionId={v.regionId}
            gpuCount={v.gpuCount}
            onChoose={chooseAlternative}
          />
        )}
        <LaunchFeedback phase={phase} online={online} podName={v.name || 'the pod'} onConfirmSend={send} onStartOver={startOver} />
        <div className="flex flex-wrap items-center gap-3">
          <button
            ref={submitButton}
            type="submit"
            className="btn-primary"
            disabled={sending || !canLaunch}
            aria-disabled={sending || !canLaunch}
          >
            {sending ? 'Launching…' : 'Launch pod'}
          </button>
          <p className="text-sm text-slate-600 dark:text-slate-300">The GPU is billed from the moment the pod runs, per second.</p>
        </div>
      </div>
    </form>
  );
}

const FIELD_LABEL: Record<keyof LaunchValues, string> = {
  name: 'Name',
  projectId: 'Project',
  gpuTypeId: 'GPU type',
  gpuCount: 'GPU count',
  migProfile: 'MIG slice',
  regionId: 'Region',
  imageId: 'Image',
  diskGb: 'Disk size (GB)',
  autoStopIdleMinutes: 'Auto-stop when idle',
  sshKeyId: 'SSH key',
  sshPublicKey: 'SSH public key',
  residency: 'Keep my data in',
  replacesPodId: 'Pod to replace',
  stopReplaced: 'Stop the replaced pod',
};

/** The element id of each field; a radio group is reached through its label. */
function fieldId(field: keyof LaunchValues): string {
  if (field === 'gpuTypeId') return 'gpu-type-label';
  if (field === 'regionId') return 'region-label';
  return `launch-${field}`;
}

function focusField(field: keyof LaunchValues): void {
  const radio = field === 'gpuTypeId' || field === 'regionId';
  const el = radio
    ? document.querySelector<HTMLInputElement>(`input[name="${field}"]:checked, input[name="${field}"]`)
    : document.getElementById(fieldId(field));
  el?.focus();
}
