/**
 * The launch form's address filled in with a recommended replacement (the form reads these
 * parameters: features/pods/launch-draft.ts PREFILL_PARAMS). The Recommendations page and the
 * serving recommendations of Utilization's Inference tab follow a "launch" the same way.
 */
import type { LaunchParams } from '../domain/recommendations/types';

export function launchFormHref(l: LaunchParams): string {
  const search = new URLSearchParams({
    name: l.name,
    projectId: l.projectId,
    gpuTypeId: l.gpuTypeId,
    gpuCount: String(l.gpuCount),
    // A MIG slice (mig-slice recommendations): the form opens on "MIG slice" with this profile.
    ...(l.migProfile ? { migProfile: l.migProfile } : {}),
    regionId: l.regionId,
    imageId: l.imageId,
    diskGb: String(l.diskGb),
    autoStopIdleMinutes: l.autoStopIdleMinutes === null ? 'off' : String(l.autoStopIdleMinutes),
    sshPublicKey: l.sshPublicKey,
    replacesPodId: l.replacesPodId,
  });
  return `/pods/new?${search.toString()}`;
}
