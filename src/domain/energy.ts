/**
 * Energy and carbon of GPU work. Energy = GPU power × hours × PUE; CO2e = kWh × grid
 * intensity (lifecycle basis). Source of the method: shared reference data energy.json.
 */
import { MS_PER_HOUR } from './units';

export function energyKWh(powerW: number, durationMs: number, pue: number): number {
  return (powerW * (durationMs / MS_PER_HOUR) * pue) / 1000;
}

export function co2eKg(kWh: number, gridGCo2ePerKWh: number): number {
  return (kWh * gridGCo2ePerKWh) / 1000;
}
