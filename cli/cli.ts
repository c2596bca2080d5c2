/**
 * The northlight CLI as a function: run(argv, io) → exit code. main.ts calls it with the
 * process's streams; tests call it in-process with their own (and the real server's URL).
 */
import { spawn as spawnProcess } from 'node:child_process';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { call, CliError, createApi, EXIT, EXIT_CODES_HELP, oneLine, usageError, VERSION, type FetchLike } from './api';
import { clearToken, configPath, currentPlatform, readConfig, writeConfig, type Platform } from './config';
import { checkUrl, makeCtx, type Io, type Output } from './context';
import { fields } from './format';
import { billingCommand, egressCommand, recommendationsCommand, wasteCommand } from './insights';
import { podsCommand } from './pods';

export { EXIT } from './api';

export interface RunOptions {
  env?: Record<string, string | undefined>;
  stdout?: Output;
  stderr?: Output;
  stdin?: Io['stdin'];
  fetch?: FetchLike;
  /** The OS the config directory is chosen for (default: this one) and the home directory. */
  platform?: Partial<Platform>;
  spawn?: Io['spawn'];
}

const MAX_TOKEN = 4096;

/** The first line of stdin (a pipe or a paste), at most a few KiB. */
async function readLine(stdin: Io['stdin']): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    if (text.includes('\n') || text.length > MAX_TOKEN) break;
  }
  return (text.split(/\r?\n/)[0] ?? '').trim();
}

function authCommands(io: Io, program: Command): void {
  program
    .command('login')
    .description('store an API token (create one on the console\'s Account page); it is checked against the API first. Reads the token from stdin without --token')
    .option('--token <token>', 'the token (visible in your shell history and process list: prefer stdin)')
    .action(async (o: { token?: string }, cmd: Command) => {
      const ctx = makeCtx(io, cmd);
      if (o.token === undefined && io.stdin.isTTY) ctx.err('Paste an API token (nlt_…) and press Enter: ');
      const token = (o.token ?? (await readLine(io.stdin))).trim();
      if (!token) throw usageError('no token: pass --token <token> or pipe it on stdin (northlight login < token.txt)');
      if (token.length > MAX_TOKEN || /\s/.test(token)) throw usageError('that does not look like an API token');
      const { apiUrl } = await ctx.resolved();
      checkUrl(apiUrl, ctx);
      const api = createApi({ baseUrl: apiUrl, token, fetch: io.fetch, timeoutMs: ctx.timeoutMs });
      const { data: session } = await call(api.GET('/v1/session'), { baseUrl: apiUrl, timeoutMs: ctx.timeoutMs });
      const stored = await readConfig(io.platform);
      const file = await writeConfig(io.platform, { ...stored, apiUrl, token });
      if (ctx.json) return ctx.printJson({ user: session.user, organization: session.organization, apiUrl, configPath: file });
      ctx.out(`Logged in to ${session.organization.name} at ${apiUrl} as ${session.user.name} <${session.user.email}> (${session.user.role}).\nThe token is stored in ${file} (readable by you only).\n`);
      if (io.platform.env.NORTHLIGHT_TOKEN) ctx.err('note: NORTHLIGHT_TOKEN is set and overrides the stored token\n');
    });

  program
    .command('logout')
    .description('forget the stored token (revoke it on the Account page to end it)')
    .action(async (_o: unknown, cmd: Command) => {
      const ctx = makeCtx(io, cmd);
      const had = await clearToken(io.platform);
      const file = configPath(io.platform);
      if (ctx.json) return ctx.printJson({ loggedOut: had, configPath: file });
      ctx.out(had ? `Logged out: the token is removed from ${file}. It stays valid until it expires or is revoked on the Account page.\n` : 'No stored token.\n');
      if (io.platform.env.NORTHLIGHT_TOKEN) ctx.err('note: NORTHLIGHT_TOKEN is still set in this environment\n');
    });

  program
    .command('whoami')
    .description('who the token acts as: user, role, organization, projects')
    .action(async (_o: unknown, cmd: Command) => {
      const ctx = makeCtx(io, cmd);
      const { data } = await ctx.call((api) => api.GET('/v1/session'));
      if (ctx.json) return ctx.printJson(data);
      const { apiUrl, tokenSource } = await ctx.resolved();
      ctx.out(
        fields([
          ['User', `${data.user.name} <${data.user.email}> (${data.user.id})`],
          ['Role', data.user.role],
          ['Organization', `${data.organization.name} (${data.organization.id})`],
          ['Projects', data.projects.map((p) => p.id).join(', ') || '-'],
          ['API', apiUrl],
          ['Token from', tokenSource ?? '-'],
        ]),
      );
    });
}

function positiveSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 600) throw new InvalidArgumentError('seconds, more than 0 and at most 600');
  return n;
}

export function buildProgram(io: Io): Command {
  const program = new Command('northlight')
    .description('Northlight GPU cloud from the terminal: pods, waste in dollars, savings, egress and forecasts')
    .version(VERSION, '-V, --version')
    .option('--api-url <url>', 'the API (default: NORTHLIGHT_API_URL, then the stored one, then http://127.0.0.1:8787/api)')
    .option('--json', "print the API's JSON (for scripts) instead of tables")
    .option('--timeout <seconds>', 'give up on a request after this long', positiveSeconds, 30)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
    })
    .showSuggestionAfterError()
    .addHelpText(
      'after',
      `
Environment:
  NORTHLIGHT_TOKEN    an API token (overrides the stored one)
  NORTHLIGHT_API_URL  the API's URL (overrides the stored one; --api-url overrides both)
${EXIT_CODES_HELP}
Docs: docs/cli.md`,
    );
  authCommands(io, program);
  for (const c of [podsCommand(io), wasteCommand(io), recommendationsCommand(io), egressCommand(io), billingCommand(io)]) program.addCommand(c);
  // Subcommands made apart from the program inherit its output, exit and error settings here.
  const inherit = (cmd: Command) => {
    cmd.exitOverride().configureOutput(program.configureOutput()).showSuggestionAfterError();
    cmd.commands.forEach(inherit);
  };
  program.commands.forEach(inherit);
  return program;
}

export async function run(argv: readonly string[], options: RunOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const io: Io = {
    stdout: options.stdout ?? process.stdout,
    stderr: options.stderr ?? process.stderr,
    stdin: options.stdin ?? process.stdin,
    fetch: options.fetch ?? ((request) => fetch(request)),
    platform: { ...currentPlatform(env), ...options.platform },
    spawn:
      options.spawn ??
      ((command, args) =>
        new Promise((resolve, reject) => {
          const child = spawnProcess(command, [...args], { stdio: 'inherit' });
          child.on('error', reject);
          child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
        })),
  };
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CliError) {
      io.stderr.write(`error: ${oneLine(e.message)}\n`);
      for (const line of e.extra) io.stderr.write(`${line}\n`);
      return e.exitCode;
    }
    if (e instanceof CommanderError) {
      // --help, help <command>, --version: exit code 0.
      if (e.exitCode === 0) return EXIT.ok;
      // Commander has already printed its message (or the help) on stderr.
      return EXIT.usage;
    }
    const err = e as NodeJS.ErrnoException;
    io.stderr.write(`error: ${oneLine(err?.message ?? String(e))}\n`);
    return EXIT.api;
  }
}
