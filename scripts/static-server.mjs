// A plain static file server for built folders: serves DIR at PREFIX, with SPA fallback, and the
// build's precompressed copies (FILE.br, FILE.gz: vite.config.ts's precompress) to a browser that
// accepts them, as a production host serves them.
// Usage: node scripts/static-server.mjs <dir> [port] [prefix]
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** Precompressed copies, the smallest first. */
const ENCODINGS = [
  ['br', '.br'],
  ['gzip', '.gz'],
];

export function serveStatic(dir, { port = 0, prefix = '/' } = {}) {
  const base = prefix.endsWith('/') ? prefix : `${prefix}/`;
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(base) && url.pathname !== base.slice(0, -1)) {
      res.writeHead(404).end('not found');
      return;
    }
    let decoded;
    try {
      decoded = decodeURIComponent(url.pathname.slice(base.length));
    } catch {
      res.writeHead(400).end('bad request: malformed percent-encoding');
      return;
    }
    const rel = normalize(decoded).replace(/^(\.\.[/\\])+/, '');
    let file = join(dir, rel);
    try {
      if (!(await stat(file)).isFile()) throw new Error('dir');
    } catch {
      file = join(dir, 'index.html');
    }
    const accepted = String(req.headers['accept-encoding'] ?? '');
    let encoding = null;
    let body = null;
    for (const [name, suffix] of ENCODINGS) {
      if (!new RegExp(`\\b${name}\\b`).test(accepted)) continue;
      body = await readFile(`${file}${suffix}`).catch(() => null);
      if (body) {
        encoding = name;
        break;
      }
    }
    body ??= await readFile(file).catch(() => null);
    if (!body) {
      res.writeHead(404).end('not found');
      return;
    }
    const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', vary: 'accept-encoding' };
    if (encoding) headers['content-encoding'] = encoding;
    if (file.endsWith('mockServiceWorker.js')) headers['service-worker-allowed'] = base;
    res.writeHead(200, headers).end(body);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

const USAGE = `Usage: node scripts/static-server.mjs [dir] [port] [prefix]
Serves a built folder (default dist, port 4173, prefix /) with the single-page app's fallback to index.html.`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  if (args.some((a) => a === '--help' || a === '-h')) {
    console.log(USAGE);
    process.exit(0);
  }
  const [dir = 'dist', port = '4173', prefix = '/'] = args;
  if (!existsSync(join(dir, 'index.html'))) {
    console.error(`${dir}/index.html does not exist: build first (npm run build).\n${USAGE}`);
    process.exit(2);
  }
  const server = await serveStatic(dir, { port: Number(port), prefix });
  console.log(`serving ${dir} at http://127.0.0.1:${server.address().port}${prefix}`);
}
