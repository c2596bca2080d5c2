/**
 * Where the guided tour stands (which step, and what the story applied), kept in localStorage so
 * a reload mid-tour carries on (demo-controls.tsx reads the same key to know the tour is on).
 * Simulated demo data only: nothing secret is kept here.
 */
import { useSyncExternalStore } from 'react';

export interface TourState {
  /** The current step, from 0. */
  step: number;
  /**
   * The inference platform's chapter (its scenario loaded when the tour started): what a million
   * tokens cost, and a cheaper GPU at the same latency, told between the waste and its fixes.
   */
  story?: 'inference';
  /** What the story's "apply" step changed, and the forecast before it, to show on Billing. */
  applied?: { title: string; monthlySavingsCents: number; forecastBeforeCents: number };
}

const KEY = 'northlight.demo.tour';
const listeners = new Set<() => void>();
/** undefined: not read from storage yet. */
let current: TourState | null | undefined;

function load(): TourState | null {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? 'null') as TourState | null;
    return parsed && Number.isInteger(parsed.step) && parsed.step >= 0 ? parsed : null;
  } catch {
    return null; // blocked storage or a damaged value: no tour
  }
}

export function tourState(): TourState | null {
  if (current === undefined) current = load();
  return current;
}

/** Starts, moves or (with null) ends the tour. */
export function setTourState(next: TourState | null): void {
  current = next;
  try {
    if (next) localStorage.setItem(KEY, JSON.stringify(next));
    else localStorage.removeItem(KEY);
  } catch {
    // not persisted; the tour still moves on this page
  }
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useTourState(): TourState | null {
  return useSyncExternalStore(subscribe, tourState, () => null);
}
