/**
 * The API as the CLI calls it: openapi-fetch typed by the contract's generated `paths`, with the
 * token as `Authorization: Bearer`, a timeout on every request, and every failure turned into
 * one exit code and one line for stderr (RFC 9457 problems as `error: <title>: <detail>`).
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from '../src/api/schema';

export type Schemas = components['schemas'];
export type Api = Client<paths>;
export type FetchLike = (input: Request) => Promise<Response>;

export const VERSION = '0.1.0';

/** The exit codes, documented in `northlight --help` and docs/cli.md. */
export const EXIT = {
  ok: 0,
  /** The API answered with a problem (400, 409, 422, 5xx …), or the answer was not usable. */
  api: 1,
  /** The command line was wrong: an unknown command or option, a missing or invalid argument. */
  usage: 2,
  /** Not logged in, or the token was refused (401) or may not do this (403). */
  auth: 3,
  /** The pod, recommendation or other thing named does not exist (404). */
  notFound: 4,
  /** The API could not be reached, or did not answer in time. */
  network: 5,
} as const;

export const EXIT_CODES_HELP = `
Exit codes:
  0  ok
  1  API error: the API answered with a problem (400, 409, 422, 5xx)
  2  usage error: unknown command or option, missing or invalid argument
  3  auth error: not logged in, token refused (401) or not allowed (403)
  4  not found (404)
  5  network error: the API could not be reached or did not answer in time
`;

/** A failure with its exit code and the one line (plus optional detail lines) to print on stderr. */
export class CliError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
    readonly extra: readonly string[] = [],
  ) {
    super(message);
  }
}

export function usageError(message: string): CliError {
  return new CliError(EXIT.usage, message);
}

const MAX_LINE = 2000;

/** One line: no newlines or control characters from the server reach the terminal, and bounded. */
export function oneLine(text: string): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > MAX_LINE ? `${flat.slice(0, MAX_LINE)}…` : flat;
}

type Problem = Schemas['Problem'];

function isProblem(body: unknown): body is Problem {
  return typeof body === 'object' && body !== null && typeof (body as Problem).title === 'string' && typeof (body as Problem).status === 'number';
}

export function exitCodeForStatus(status: number): number {
  if (status === 401 || status === 403) return EXIT.auth;
  if (status === 404) return EXIT.notFound;
  return EXIT.api;
}

/** The problem as one line: `<title>: <detail> (field: message; …)`. */
export function problemLine(status: number, statusText: string, body: unknown): string {
  if (!isProblem(body)) return `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
  const fieldErrors = (body.errors ?? []).map((e) => `${e.field}: ${e.message}`);
  const detail = body.detail ? `: ${body.detail}` : '';
  return oneLine(`${body.title}${detail}${fieldErrors.length ? ` (${fieldErrors.join('; ')})` : ''}`);
}

export function problemError(response: Response, body: unknown): CliError {
  let line = problemLine(response.status, response.statusText, body);
  if (response.status === 401) line += ' (log in again: northlight login)';
  const extra: string[] = [];
  // A launch without capacity says what could launch instead.
  const alternatives = (body as { alternatives?: Schemas['CapacityAlternative'][] } | undefined)?.alternatives;
  if (Array.isArray(alternatives)) {
    for (const a of alternatives.slice(0, 10)) {
      extra.push(oneLine(`  alternative: ${a.gpuCount}× ${a.gpuTypeId} in ${a.regionId} (${a.availableGpus} free, ${a.kind})`));
    }
  }
  return new CliError(exitCodeForStatus(response.status), line, extra);
}

export interface ApiOptions {
  baseUrl: string;
  token: string;
  fetch: FetchLike;
  timeoutMs: number;
}

export function createApi({ baseUrl, token, fetch, timeoutMs }: ApiOptions): Api {
  return createClient<paths>({
    baseUrl,
    headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'user-agent': `northlight-cli/${VERSION}` },
    // Every request, its body included, must finish within the timeout.
    fetch: (request) => fetch(new Request(request, { signal: AbortSignal.timeout(timeoutMs) })),
  });
}

function networkError(e: unknown, baseUrl: string, timeoutMs: number): CliError {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') {
    return new CliError(EXIT.network, `no answer from ${baseUrl} within ${timeoutMs / 1000} s (--timeout sets the limit)`);
  }
  const why = err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(e);
  return new CliError(EXIT.network, oneLine(`cannot reach ${baseUrl}: ${why}`));
}

export interface Answer<D> {
  data: D;
  response: Response;
}

/** The operation's data on a 2xx; a CliError with the right exit code otherwise. */
export async function call<D>(
  request: Promise<{ data?: D; error?: unknown; response: Response }>,
  context: { baseUrl: string; timeoutMs: number },
): Promise<Answer<D>> {
  let answer: { data?: D; error?: unknown; response: Response };
  try {
    answer = await request;
  } catch (e) {
    if (e instanceof CliError) throw e;
    if (e instanceof SyntaxError) throw new CliError(EXIT.api, `the answer from ${context.baseUrl} is not JSON: is it the API's URL (it ends in /api)?`);
    throw networkError(e, context.baseUrl, context.timeoutMs);
  }
  if (!answer.response.ok) throw problemError(answer.response, answer.error);
  if (answer.data === undefined) throw new CliError(EXIT.api, `the API answered ${answer.response.status} with no body`);
  return { data: answer.data, response: answer.response };
}
