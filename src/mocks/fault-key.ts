/**
 * The fault-injection switch as a tab stores it (see faults.ts). Tiny on purpose: the simulator
 * reads it on every request, and loads faults.ts only when the switch is on.
 */
export const FAULTS_STORAGE_KEY = 'northlight.simulator.faults';

export interface FaultConfig {
  /** Share of requests answered 503 without being applied, 0-1. */
  errorRate: number;
  /** Added to every request, in ms. */
  latencyMs: number;
  /** Share of requests applied whose answer is then lost (a network error), 0-1. */
  loseRate: number;
}

export type FaultStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The switch this tab stored; null when off. */
export function storedFaults(storage: FaultStorage | null): FaultConfig | null {
  try {
    const stored = storage?.getItem(FAULTS_STORAGE_KEY);
    return stored ? (JSON.parse(stored) as FaultConfig) : null;
  } catch {
    return null;
  }
}
