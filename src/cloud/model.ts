/** The simulated cloud's state: plain data, serializable, owned by the service. */

export type PodStatus =
  | 'queued'
  | 'provisioning'
  | 'running'
  | 'stopping'
  | 'stopped'
  | 'terminating'
  | 'terminated'
  | 'failed';

export const POD_STATUSES: PodStatus[] = [
  'queued',
  'provisioning',
  'running',
  'stopping',
  'stopped',
  'terminating',
  'terminated',
  'failed',
];

export type Role = 'admin' | 'engineer' | 'finance';

/** Workload archetypes a real GPU fleet has; telemetry is generated from them. */
export type Archetype =
  | 'training' // steady, near full activity
  | 'notebook' // bursty during working hours, idle at night and on weekends
  | 'inference' // diurnal load
  | 'hoarder' // holds several GPUs, uses one
  | 'small-model' // a small model on a big GPU: little memory, low SM activity
  | 'forgotten'; // left running, does nothing

export interface Transition {
  status: PodStatus;
  atMs: number;
  /** Why it happened, in a user's words ("Stopped by Ana Souza", "Idle for 60 minutes"). */
  reason: string;
}

export interface Pod {
  id: string;
  name: string;
  projectId: string;
  ownerId: string;
  gpuTypeId: string;
  gpuCount: number;
  regionId: string;
  imageId: string;
  diskGb: number;
  autoStopIdleMinutes: number | null;
  sshPublicKey: string;
  createdAtMs: number;
  archetype: Archetype;
  /** Per-pod seed for its telemetry noise. */
  seed: number;
  /** Price locked at launch: per GPU-hour, and the disk per hour. */
  rateMicroUsdPerGpuHour: number;
  diskMicroUsdPerHour: number;
  /** Ordered by time; may include scheduled future transitions (provisioning → running). */
  transitions: Transition[];
}

export interface User {
  id: string;
  name: string;
  email: string;
  role: Role;
}

export interface Project {
  id: string;
  name: string;
  memberIds: string[];
}

export interface Organization {
  id: string;
  name: string;
}

export type Preset = 'default' | 'large';

export interface CloudState {
  version: 1;
  seed: number;
  preset: Preset;
  /** The simulated "now" when the world was generated. */
  anchorMs: number;
  organization: Organization;
  users: User[];
  projects: Project[];
  pods: Pod[];
  /** The acting user (the demo's role switch changes it). */
  currentUserId: string;
  /**
   * The simulated clock: now = anchorMs + offsetMs + (real now - realStartMs). Real time
   * moves it (lifecycle steps take seconds); time travel adds to offsetMs.
   */
  clock: { realStartMs: number; offsetMs: number };
}
