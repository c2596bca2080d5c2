/**
 * "Notify me when <GPU> is available in <region>": a capacity watch in the cloud (POST/DELETE
 * /v1/capacity-watches), shown as the API keeps it, so it is the same in every tab and after a
 * reload. The box stays enabled while a change is sent (disabling it would drop the keyboard's
 * focus); a second click waits for the first answer. A count the region can never free at once
 * offers no box: it says so instead.
 */
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, errorMessage } from '../../../../api/problem';
import { useCapacityWatches, useCreateCapacityWatch, useDeleteCapacityWatch } from '../../api/capacity-watches';
import type { Catalog } from '../../api/types';

export function NotifyWhenAvailable({ catalog, gpuTypeId, regionId, gpuCount }: { catalog: Catalog; gpuTypeId: string; regionId: string; gpuCount: number }) {
  const id = useId();
  const watches = useCapacityWatches();
  const create = useCreateCapacityWatch();
  const remove = useDeleteCapacityWatch();
  // What the person just asked, set in the same event as the click: the box shows it at once (the
  // mutation's own state reaches React a moment later, and a controlled box would flip back).
  const [asked, setAsked] = useState<boolean | null>(null);
  const gpu = catalog.gpuTypes.find((g) => g.id === gpuTypeId);
  const gpuName = gpu?.name ?? gpuTypeId;
  const regionName = catalog.regions.find((r) => r.id === regionId)?.name ?? regionId;
  const totalGpus = gpu?.offers.find((o) => o.regionId === regionId)?.totalGpus ?? 0;
  const watch = watches.data?.items.find((w) => w.gpuTypeId === gpuTypeId && w.regionId === regionId);

  if (gpuCount > totalGpus) {
    return (
      <p className="mt-3">
        {regionName} has {totalGpus} {gpuName} in all, so {gpuCount} are never free there at once.
        {totalGpus > 0 ? ` To be told when GPUs free up here, launch with ${totalGpus} or fewer.` : ''}
      </p>
    );
  }

  const sending = create.isPending || remove.isPending;
  // While a change is sent, the box shows what was asked; then what the API keeps.
  const checked = asked ?? (create.isPending ? true : remove.isPending ? false : watch !== undefined);
  const count = watch?.gpuCount ?? gpuCount;
  const failed = create.error ?? remove.error;
  const failure = failed
    ? `${create.error ? 'Your request to be told was not saved' : 'Your request to be told was not removed'}: ${failed instanceof ApiError ? (failed.problem.errors?.[0]?.message ?? errorMessage(failed)) : errorMessage(failed)}`
    : watches.isError
      ? `Whether you already asked could not be read: ${errorMessage(watches.error)}`
      : null;
  const toggle = (on: boolean) => {
    if (sending) return;
    create.reset();
    remove.reset();
    const settled = { onSettled: () => setAsked(null) };
    if (on) {
      setAsked(true);
      create.mutate({ gpuTypeId, regionId, gpuCount }, settled);
    } else if (watch) {
      setAsked(false);
      remove.mutate(watch.id, settled);
    }
  };
  return (
    <div className="mt-3">
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          checked={checked}
          aria-busy={sending || watches.isPending}
          aria-describedby={`${id}-how${failure ? ` ${id}-error` : ''}`}
          onChange={(e) => toggle(e.target.checked)}
        />
        Notify me when {gpuName} is available in {regionName}
      </label>
      <p id={`${id}-how`} className="ml-6 mt-1">
        We’ll tell you in the console and by e-mail when {count} {gpuName} {count === 1 ? 'GPU is' : 'GPUs are'} free in {regionName}, once (they are not held for you); you can
        choose how on your{' '}
        <Link to="/account" className="underline">
          Account page
        </Link>
        .
      </p>
      {failure && (
        <p id={`${id}-error`} className="ml-6 mt-1 font-medium text-red-800 dark:text-red-200">
          {failure}
        </p>
      )}
    </div>
  );
}
