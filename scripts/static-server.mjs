// A plain static file server for built folders: serves DIR at PREFIX, with SPA fallback.
// Usage: node scripts/static-server.mjs <dir> [port] [prefix]
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

export function serveStatic(dir, { port = 0, prefix = '/' } = {}) {
  const base = prefix.endsWith('/') ? prefix : `${prefix}/`;
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(base) && url.pathname !== base.slice(0, -1)) {
      res.writeHead(404).end('not found');
      return;
    }
    const rel = normalize(decodeURIComponent(url.pathname.slice(base.length))).replace(/^(\.\.[/\\])+/, '');
    let file = join(dir, rel);
    try {
      if (!(await stat(file)).isFile()) throw new Error('dir');
    } catch {
      file = join(dir, 'index.html');
    }
    const body = await readFile(file);
    const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' };
    if (file.endsWith('mockServiceWorker.js')) headers['service-worker-allowed'] = base;
    res.writeHead(200, headers).end(body);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir = 'dist', port = '4173', prefix = '/'] = process.argv.slice(2);
  const server = await serveStatic(dir, { port: Number(port), prefix });
  console.log(`serving ${dir} at http://127.0.0.1:${server.address().port}${prefix}`);
}
