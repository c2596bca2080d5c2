/** Reading query parameters the same way in every operation: a 400 with a field error when one is wrong. */
import { badRequest } from './problem';

/** A whole number query parameter within bounds; the fallback when absent or empty. */
export function intParam(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw badRequest(`“${name}” must be a whole number from ${min} to ${max}.`, [{ field: name, message: `Must be a whole number from ${min} to ${max}.` }]);
  }
  return n;
}
