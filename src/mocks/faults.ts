/**
 * Fault injection for the embedded simulator, to see the console behave on a bad network:
 * an error rate (the API answers 503, nothing applied), added latency, and "apply but lose the
 * response" (the change happens, the browser sees a network error). Switched on with URL
 * parameters read once when the simulator starts, e.g. `?faults=0.3&latency=800&lose=0.2`
 * (`?faults=0` switches them off), and kept in sessionStorage for the rest of the tab's life;
 * each request reads the stored switch, so a settings control (or a test) can change it live.
 * The simulator's own controls (/v1/simulation) are never faulted: tests drive the clock with them.
 */
import { FAULTS_STORAGE_KEY, storedFaults, type FaultConfig, type FaultStorage } from './fault-key';


export { FAULTS_STORAGE_KEY, storedFaults, type FaultConfig };
const STORAGE_KEY = FAULTS_STORAGE_KEY;

export type Fault = 'error' | 'lose' | null;

const ratio = (raw: string | null): number | null => {
  if (raw === null || raw === '') return null;
  const n = Number(raw);
  return Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : null;
};

/** Reads the switch from the URL (which wins, and is stored) or from what this tab stored; null when off. */
export function faultConfig(search: string, storage: FaultStorage | null): FaultConfig | null {
  const params = new URLSearchParams(search);
  if (['faults', 'latency', 'lose'].some((p) => params.has(p))) {
    const config: FaultConfig = {
      errorRate: ratio(params.get('faults')) ?? 0,
      latencyMs: Math.min(30_000, Math.max(0, Math.round(Number(params.get('latency') ?? 0)) || 0)),
      loseRate: ratio(params.get('lose')) ?? 0,
    };
    const on = config.errorRate > 0 || config.latencyMs > 0 || config.loseRate > 0;
    try {
      if (on) storage?.setItem(STORAGE_KEY, JSON.stringify(config));
      else storage?.removeItem(STORAGE_KEY);
    } catch {
      // storage blocked: the faults last for this page only
    }
    return on ? config : null;
  }
  return storedFaults(storage);
}

/** Which fault, if any, hits one request. `random` is injectable for tests. */
export function pickFault(config: FaultConfig, path: string, random: () => number = Math.random): Fault {
  if (path.startsWith('/v1/simulation')) return null;
  const r = random();
  if (r < config.errorRate) return 'error';
  if (r < config.errorRate + (1 - config.errorRate) * config.loseRate) return 'lose';
  return null;
}

/** The answer to a request the faults refuse: the API unavailable for a moment, nothing applied. */
export const injectedFaultProblem = {
  type: 'about:blank',
  title: 'Service Unavailable',
  status: 503,
  detail: 'The API is unavailable for a moment (injected fault). Try again.',
} as const;

/** Runs one request through the faults: delay, maybe refuse it, maybe lose its answer. */
export async function withFaults(config: FaultConfig, path: string, respond: () => Promise<Response>, random: () => number = Math.random): Promise<Response> {
  const fault = pickFault(config, path, random);
  if (config.latencyMs > 0 && !path.startsWith('/v1/simulation')) await new Promise((r) => setTimeout(r, config.latencyMs));
  if (fault === 'error') {
    return new Response(JSON.stringify(injectedFaultProblem), {
      status: 503,
      headers: { 'content-type': 'application/problem+json' },
    });
  }
  const response = await respond();
  return fault === 'lose' ? Response.error() : response;
}
