import { describe, expect, it } from 'vitest';
import { faultConfig, pickFault, storedFaults, withFaults, FAULTS_STORAGE_KEY } from './faults';

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k), m };
}

describe('fault injection', () => {
  it('reads the URL once, keeps it for the tab, and switches off with faults=0', () => {
    const storage = memoryStorage();
    expect(faultConfig('?faults=0.3&latency=800&lose=0.2', storage)).toEqual({ errorRate: 0.3, latencyMs: 800, loseRate: 0.2 });
    expect(storage.m.has(FAULTS_STORAGE_KEY)).toBe(true);
    expect(faultConfig('?preset=large', storage)).toEqual({ errorRate: 0.3, latencyMs: 800, loseRate: 0.2 });
    expect(faultConfig('?faults=0', storage)).toBeNull();
    expect(storedFaults(storage)).toBeNull();
    expect(faultConfig('?faults=7&latency=-5', storage)).toEqual({ errorRate: 1, latencyMs: 0, loseRate: 0 });
  });

  it('errors first, then loses a share of the rest, and never touches the simulation controls', () => {
    const config = { errorRate: 0.3, latencyMs: 0, loseRate: 0.5 };
    expect(pickFault(config, '/v1/pods', () => 0.29)).toBe('error');
    expect(pickFault(config, '/v1/pods', () => 0.5)).toBe('lose'); // 0.3 + 0.7 × 0.5 = 0.65
    expect(pickFault(config, '/v1/pods', () => 0.7)).toBeNull();
    expect(pickFault(config, '/v1/simulation/advance', () => 0)).toBeNull();
  });

  it('applies a lost request but answers a network error; refuses an errored one without applying it', async () => {
    let applied = 0;
    const respond = async () => {
      applied++;
      return new Response('{}', { status: 201 });
    };
    const lost = await withFaults({ errorRate: 0, latencyMs: 0, loseRate: 1 }, '/v1/pods', respond);
    expect(lost.type).toBe('error');
    expect(applied).toBe(1);
    const refused = await withFaults({ errorRate: 1, latencyMs: 0, loseRate: 0 }, '/v1/pods', respond);
    expect(refused.status).toBe(503);
    expect(applied).toBe(1);
  });
});
