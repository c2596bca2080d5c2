/**
 * How the MCP tools say money and build their answers: every amount as integer cents plus the
 * string a person reads ("$1,234.56"), every answer as a short text for people and the same
 * facts as structured JSON for programs, and every API problem as a tool error with its words.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { centsFromMicroUsd } from '../src/domain/money';
import { ApiProblem } from './api';

export interface Money {
  cents: number;
  formatted: string;
}

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

export function money(cents: number): Money {
  return { cents, formatted: usd.format(cents / 100) };
}

/** A rate in micro-dollars per hour, as cents per hour (rounded once) with its exact figure. */
export function hourly(microUsdPerHour: number): Money & { microUsdPerHour: number } {
  const cents = centsFromMicroUsd(microUsdPerHour);
  return { cents, formatted: `${usd.format(microUsdPerHour / 1_000_000)}/h`, microUsdPerHour };
}

export const percent = (ratio: number): string => `${(ratio * 100).toFixed(ratio > 0 && ratio < 0.1 ? 1 : 0)}%`;

/** A signed amount: "+$12.00" or "−$3.40". */
export const signed = (cents: number): string => (cents > 0 ? '+' : cents < 0 ? '−' : '±') + usd.format(Math.abs(cents) / 100);

/** The answer of a tool: the short text first, then the same facts as JSON (for clients that read only text). */
export function answer(text: string, data: Record<string, unknown>): CallToolResult {
  return {
    content: [
      { type: 'text', text },
      { type: 'text', text: JSON.stringify(data) },
    ],
    structuredContent: data,
  };
}

/** A tool error the agent can read and act on (never a protocol error). */
export function refusal(text: string, data: Record<string, unknown> = {}): CallToolResult {
  return { isError: true, content: [{ type: 'text', text }], structuredContent: { error: text, ...data } };
}

/** Any failure of a tool's call, as an error result: an API problem with its own words, else what went wrong. */
export function failure(error: unknown): CallToolResult {
  if (error instanceof ApiProblem) return refusal(error.message, { status: error.status, problem: error.problem });
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return refusal(`Could not reach the Northlight API: ${message}${cause}`);
}

/** Wraps a tool's handler so that any error becomes an error result, not a crash. */
export function guarded<A>(handler: (args: A) => Promise<CallToolResult>): (args: A) => Promise<CallToolResult> {
  return async (args: A) => {
    try {
      return await handler(args);
    } catch (error) {
      return failure(error);
    }
  };
}
