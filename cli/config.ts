/**
 * Where the CLI keeps its token: config.json in the OS config directory, readable by its owner
 * only (file 0600, directory 0700). NORTHLIGHT_TOKEN and NORTHLIGHT_API_URL override what is stored.
 */
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const DEFAULT_API_URL = 'http://127.0.0.1:8787/api';

export interface StoredConfig {
  apiUrl?: string;
  token?: string;
  /** Read from a file others may read (group or world bits set): worth a warning. */
  exposed?: boolean;
}

export interface Platform {
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  home: string;
}

export function currentPlatform(env: Readonly<Record<string, string | undefined>>): Platform {
  return { env, platform: process.platform, home: env.HOME || env.USERPROFILE || homedir() };
}

/**
 * $XDG_CONFIG_HOME/northlight when set (any OS); else ~/Library/Application Support/northlight
 * on macOS, %APPDATA%\northlight on Windows, ~/.config/northlight elsewhere.
 */
export function configDir({ env, platform, home }: Platform): string {
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'northlight');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'northlight');
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'northlight');
  return join(home, '.config', 'northlight');
}

export function configPath(p: Platform): string {
  return join(configDir(p), 'config.json');
}

export async function readConfig(p: Platform): Promise<StoredConfig> {
  let text: string;
  let exposed = false;
  try {
    text = await readFile(configPath(p), 'utf8');
    if (p.platform !== 'win32') exposed = ((await stat(configPath(p))).mode & 0o077) !== 0;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw e;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${configPath(p)} is not valid JSON: run \`northlight login\` again`);
  }
  const o = (parsed && typeof parsed === 'object' ? parsed : {}) as Record<string, unknown>;
  return {
    ...(typeof o.apiUrl === 'string' ? { apiUrl: o.apiUrl } : {}),
    ...(typeof o.token === 'string' ? { token: o.token, ...(exposed ? { exposed } : {}) } : {}),
  };
}

/** Written to a temporary file created 0600, then renamed over the old one: never readable by others, never half-written. */
export async function writeConfig(p: Platform, config: StoredConfig): Promise<string> {
  const dir = configDir(p);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (p.platform !== 'win32') await chmod(dir, 0o700);
  const file = configPath(p);
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    const stored: StoredConfig = { apiUrl: config.apiUrl, token: config.token };
    await writeFile(tmp, JSON.stringify(stored, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
    if (p.platform !== 'win32') await chmod(tmp, 0o600);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return file;
}

/** Forgets the token (the API URL stays); true when there was one. */
export async function clearToken(p: Platform): Promise<boolean> {
  const config = await readConfig(p);
  if (config.token === undefined) return false;
  delete config.token;
  await writeConfig(p, config);
  return true;
}

export interface Resolved {
  apiUrl: string;
  token: string | null;
  /** Where the token came from, for whoami (never the token itself). */
  tokenSource: string | null;
  warning?: string;
}

/** The flag, then the environment, then the stored config, then the default. */
export function resolve(config: StoredConfig, env: Platform['env'], flags: { apiUrl?: string | undefined }, path: string): Resolved {
  const apiUrl = (flags.apiUrl || env.NORTHLIGHT_API_URL || config.apiUrl || DEFAULT_API_URL).replace(/\/+$/, '');
  if (env.NORTHLIGHT_TOKEN) return { apiUrl, token: env.NORTHLIGHT_TOKEN.trim(), tokenSource: 'the NORTHLIGHT_TOKEN environment variable' };
  if (config.token) return { apiUrl, token: config.token, tokenSource: path, ...(config.exposed ? { warning: `${path} can be read by other users: chmod 600 it (northlight login rewrites it so)` } : {}) };
  return { apiUrl, token: null, tokenSource: null };
}
