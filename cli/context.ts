/**
 * What every command gets: where to write, the global flags (--api-url, --json, --timeout), and
 * the API client, made on first use from the flag, the environment or the stored config.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { call, CliError, createApi, EXIT, type Answer, type Api, type FetchLike } from './api';
import { configPath, readConfig, resolve, type Platform, type Resolved } from './config';

export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface Io {
  stdout: Output;
  stderr: Output;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  fetch: FetchLike;
  platform: Platform;
  /** Runs a program with the terminal (pods ssh); resolves with its exit code. */
  spawn: (command: string, args: readonly string[]) => Promise<number>;
}

export interface GlobalOptions {
  apiUrl?: string;
  json?: boolean;
  timeout: number;
}

export interface Ctx {
  io: Io;
  json: boolean;
  timeoutMs: number;
  out(text: string): void;
  err(text: string): void;
  /** The API's JSON, as it came, for scripts. */
  printJson(data: unknown): void;
  resolved(): Promise<Resolved>;
  api(): Promise<Api>;
  call<D>(request: (api: Api) => Promise<{ data?: D; error?: unknown; response: Response }>): Promise<Answer<D>>;
}

export function makeCtx(io: Io, command: Command): Ctx {
  const opts = command.optsWithGlobals<GlobalOptions>();
  const timeoutMs = Math.round(opts.timeout * 1000);
  let resolved: Promise<Resolved> | null = null;
  let api: Promise<Api> | null = null;
  const ctx: Ctx = {
    io,
    json: Boolean(opts.json),
    timeoutMs,
    out: (text) => void io.stdout.write(text),
    err: (text) => void io.stderr.write(text),
    printJson: (data) => void io.stdout.write(JSON.stringify(data, null, 2) + '\n'),
    resolved: () => (resolved ??= readConfig(io.platform).then((config) => resolve(config, io.platform.env, { apiUrl: opts.apiUrl }, configPath(io.platform)))),
    api: () =>
      (api ??= ctx.resolved().then(({ apiUrl, token, warning }) => {
        if (!token) throw new CliError(EXIT.auth, 'not logged in: run `northlight login` or set NORTHLIGHT_TOKEN');
        if (warning) ctx.err(`warning: ${warning}\n`);
        checkUrl(apiUrl, ctx);
        return createApi({ baseUrl: apiUrl, token, fetch: io.fetch, timeoutMs });
      })),
    async call(request) {
      const client = await ctx.api();
      const { apiUrl } = await ctx.resolved();
      return call(request(client), { baseUrl: apiUrl, timeoutMs });
    },
  };
  return ctx;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A malformed URL is a usage error; a token sent in clear text to another machine gets a warning. */
export function checkUrl(apiUrl: string, ctx: Pick<Ctx, 'err'>): URL {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    throw new CliError(EXIT.usage, `the API URL is not a URL: ${apiUrl}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new CliError(EXIT.usage, `the API URL must be http(s): ${apiUrl}`);
  if (url.username || url.password) throw new CliError(EXIT.usage, 'the API URL must not carry credentials');
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) ctx.err(`warning: ${url.host} is not https: the token travels unencrypted\n`);
  return url;
}

/** A commander parser for an integer option within bounds. */
export function intOption(min: number, max: number) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError(`not a whole number: ${value}`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`must be between ${min} and ${max}`);
    return n;
  };
}

/** A commander parser for one of a fixed set of values. */
export function choice<T extends string>(values: readonly T[]) {
  return (value: string): T => {
    if (!(values as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be one of ${values.join(', ')}`);
    return value as T;
  };
}
