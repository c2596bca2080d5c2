/**
 * What the contract suite reads from its target when it runs against the live server (it
 * stands in for src/testing/server.ts there, see vitest.server.config.ts): which operations
 * the suite called, and the answers that broke the contract.
 */
const exercised = new Set<string>();
const violations: string[] = [];

export function recordExercised(operation: string): void {
  exercised.add(operation);
}

export function recordViolations(found: string[]): void {
  violations.push(...found);
}

/** Returns and clears the contract violations seen since the last call. */
export function takeContractViolations(): string[] {
  return violations.splice(0, violations.length);
}

export function exercisedOperations(): ReadonlySet<string> {
  return exercised;
}
