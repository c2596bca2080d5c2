// @vitest-environment node
/** The static server the journeys and benches serve builds with: it explains itself and never crashes on a bad address. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';

const script = join(__dirname, 'static-server.mjs');
const dir = mkdtempSync(join(tmpdir(), 'nl-static-'));
mkdirSync(join(dir, 'assets'));
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>app</title>');
writeFileSync(join(dir, 'assets', 'a.js'), 'export {};');
// A build's precompressed copies (vite.config.ts, precompress): marked so the test sees which was served.
writeFileSync(join(dir, 'assets', 'b.js'), 'export const plain = 1;');
writeFileSync(join(dir, 'assets', 'b.js.br'), brotliCompressSync('export const br = 1;'));
writeFileSync(join(dir, 'assets', 'b.js.gz'), gzipSync('export const gzip = 1;'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scripts/static-server.mjs', () => {
  it('prints its usage for --help, and refuses a folder with no build', () => {
    const help = spawnSync(process.execPath, [script, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: node scripts\/static-server\.mjs/);
    const missing = spawnSync(process.execPath, [script, join(dir, 'nowhere')], { encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/index\.html does not exist: build first/);
  });

  it('serves files, falls back to the app, and answers a malformed address with 400 without crashing', async () => {
    const child = spawn(process.execPath, [script, dir, '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const origin = await new Promise<string>((resolve) => child.stdout.on('data', (d: Buffer) => resolve(/http:\/\/[^/\s]+/.exec(d.toString())?.[0] ?? '')));
      // Fetched from a process of its own: this one's fetch belongs to the test setup's msw/node.
      const probe = `const o = ${JSON.stringify(origin)}; const r = async (p) => { const x = await fetch(o + p); return [x.status, x.headers.get('content-type'), (await x.text()).slice(0, 40)]; };
        console.log(JSON.stringify([await r('/assets/a.js'), await r('/pods/p-1'), await r('/%ff%fe'), await r('/')]));`;
      const out = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' });
      const [asset, page, malformed, after] = JSON.parse(out.stdout) as Array<[number, string, string]>;
      expect(asset?.[1]).toMatch(/javascript/);
      expect(page?.[2]).toContain('<title>app</title>');
      expect(malformed?.[0]).toBe(400);
      expect(after?.[0]).toBe(200);
    } finally {
      child.kill();
    }
  });

  it("serves the build's Brotli or gzip copy to a browser that accepts it, and the file itself otherwise", async () => {
    const child = spawn(process.execPath, [script, dir, '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const origin = await new Promise<string>((resolve) => child.stdout.on('data', (d: Buffer) => resolve(/http:\/\/[^/\s]+/.exec(d.toString())?.[0] ?? '')));
      const probe = `const o = ${JSON.stringify(origin)}; const r = async (enc) => { const x = await fetch(o + '/assets/b.js', { headers: { 'accept-encoding': enc } }); return [x.headers.get('content-encoding'), x.headers.get('vary'), await x.text()]; };
        console.log(JSON.stringify([await r('gzip, deflate, br, zstd'), await r('gzip, deflate'), await r('identity')]));`;
      const out = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' });
      const [br, gzip, identity] = JSON.parse(out.stdout) as Array<[string | null, string | null, string]>;
      expect(br).toEqual(['br', 'accept-encoding', 'export const br = 1;']);
      expect(gzip).toEqual(['gzip', 'accept-encoding', 'export const gzip = 1;']);
      expect(identity).toEqual([null, 'accept-encoding', 'export const plain = 1;']);
    } finally {
      child.kill();
    }
  });
});
