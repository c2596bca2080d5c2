/**
 * The launch form's checks before anything is sent: the same rules the API applies (shared from
 * domain/validation), so the user hears about a bad name or key at the field, at once.
 * The API checks again (name taken, quota, capacity) and its answers land at the same fields.
 */
import { dnsLabelProblem } from '../../domain/validation/dns-label';
import { sshPublicKeyProblem } from '../../domain/validation/ssh-public-key';
import type { Catalog, PodCreate } from './api/types';
import type { LaunchValues } from './launch-draft';

export type FieldErrors = Partial<Record<keyof LaunchValues, string>>;

export function launchFieldErrors(values: LaunchValues, catalog: Catalog): FieldErrors {
  const errors: FieldErrors = {};
  const name = dnsLabelProblem(values.name);
  if (name) errors.name = name;
  if (!values.projectId) errors.projectId = 'Choose a project.';
  const gpu = catalog.gpuTypes.find((g) => g.id === values.gpuTypeId);
  if (!gpu) errors.gpuTypeId = 'Choose a GPU type.';
  else if (values.migProfile) {
    const sold = (gpu.migProfiles ?? []).map((p) => p.name);
    if (!sold.includes(values.migProfile)) errors.migProfile = sold.length > 0 ? `${gpu.name} slices are ${sold.join(', ')}.` : `${gpu.name} is sold as whole GPUs only.`;
    else if (values.gpuCount !== 1) errors.gpuCount = 'A pod on a MIG slice holds one slice.';
  } else if (!gpu.allowedCounts.includes(values.gpuCount)) errors.gpuCount = `${gpu.name} pods have ${gpu.allowedCounts.join(', ')} GPUs.`;
  const region = catalog.regions.find((r) => r.id === values.regionId);
  if (!region) errors.regionId = 'Choose a region.';
  else if (gpu && !gpu.offers.some((o) => o.regionId === region.id)) errors.regionId = `${gpu.name} is not offered in ${region.name}. Choose another region.`;
  if (!catalog.images.some((i) => i.id === values.imageId)) errors.imageId = 'Choose an image.';
  const disk = Number(values.diskGb);
  const { minGb, maxGb } = catalog.disk;
  if (values.diskGb.trim() === '' || !Number.isInteger(disk) || disk < minGb || disk > maxGb) errors.diskGb = `Choose a disk of ${minGb} to ${maxGb} GB, in whole GB.`;
  // A saved key was checked when it was saved; the API checks that it is still the user's.
  const key = values.sshKeyId ? null : sshPublicKeyProblem(values.sshPublicKey);
  if (key) errors.sshPublicKey = key;
  return errors;
}

/** The request body the form's values make. */
export function launchRequest(values: LaunchValues): PodCreate {
  return {
    name: values.name,
    projectId: values.projectId,
    gpuTypeId: values.gpuTypeId,
    gpuCount: values.gpuCount,
    ...(values.migProfile ? { migProfile: values.migProfile } : {}),
    regionId: values.regionId,
    imageId: values.imageId,
    diskGb: Number(values.diskGb),
    autoStopIdleMinutes: values.autoStopIdleMinutes,
    ...(values.sshKeyId ? { sshKeyId: values.sshKeyId } : { sshPublicKey: values.sshPublicKey.trim() }),
    ...(values.replacesPodId && values.stopReplaced ? { replacesPodId: values.replacesPodId } : {}),
    ...(values.residency ? { residency: values.residency } : {}),
  };
}

/** The form fields in page order, to focus the first wrong one. */
export const FIELD_ORDER: Array<keyof LaunchValues> = ['name', 'projectId', 'gpuTypeId', 'migProfile', 'gpuCount', 'regionId', 'imageId', 'diskGb', 'autoStopIdleMinutes', 'sshKeyId', 'sshPublicKey'];
