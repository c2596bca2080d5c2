/// <reference types="vitest/config" />
import { defineConfig, loadEnv, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const __dirname = dirname(fileURLToPath(import.meta.url));

/**
 * One build setting decides where the API lives: with VITE_API_BASE_URL set, the console
 * talks to that server and the build carries no mock code; without it, the embedded
 * simulator (MSW + cloud/) serves the API inside the browser.
 */
/**
 * Modules of the simulator's first-load chunk: an allowlist, so new feature code stays lazy. The
 * page itself loads only its mocks/ part (MSW and the handler): the cloud runs in the simulator's
 * Web Worker (mocks/cloud-worker.ts), which bundles it on its own, its operations loaded as called.
 */
const SIMULATOR_CORE = new RegExp(
  [
    String.raw`src[\/]mocks[\/](browser|handlers|fault-key|msw-.*|t.*-shim)\.ts$`,
    String.raw`src[\/]cloud[\/](service|context|http|routes|reconcile|model|world|lifecycle|billing|rng|catalog-data|problem|api-types)\.ts$`,
    String.raw`src[\/]cloud[\/]ops[\/](session|catalog|overview)\.ts$`,
    String.raw`src[\/]domain[\/](money|units|pricing|catalog)\.ts$`,
    String.raw`src[\/]domain[\/]data[\/](gpus|energy)\.json$`,
  ].join('|'),
);

export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, process.cwd(), 'VITE_');
  const apiBaseUrl = env.VITE_API_BASE_URL ?? '';
  const useMock = apiBaseUrl === '';
  const apiOrigin = useMock ? '' : originOf(apiBaseUrl);
  return {
    base: env.VITE_BASE_PATH ?? '/',
    define: {
      __USE_MOCK__: JSON.stringify(useMock),
    },
    resolve: {
      // The browser mock needs neither a public-suffix list nor a cookie jar: see the shims.
      alias:
        mode === 'test'
          ? []
          : [
              { find: /^tldts$/, replacement: resolve(__dirname, 'src/mocks/tldts-shim.ts') },
              { find: /^tough-cookie$/, replacement: resolve(__dirname, 'src/mocks/tough-cookie-shim.ts') },
              { find: /^@open-draft\/logger$/, replacement: resolve(__dirname, 'src/mocks/msw-internals-shim.ts') },
              { find: /^headers-polyfill$/, replacement: resolve(__dirname, 'src/mocks/msw-internals-shim.ts') },
              { find: /^@mswjs\/interceptors\/WebSocket$/, replacement: resolve(__dirname, 'src/mocks/msw-websocket-shim.ts') },
              // react-router's package exports point at its development build; use its production build.
              { find: /^react-router$/, replacement: resolve(__dirname, 'node_modules/react-router/dist/production/index.mjs') },
            ],
    },
    plugins: [react(), tailwindcss(), ...(mode === 'test' ? [] : [mswShims(), mswHttpOnly()]), contentSecurityPolicy(apiOrigin), ...(useMock ? [demoShell()] : [dropMockWorker()]), ...(mode === 'test' ? [] : [precompress()])],
    build: {
      target: 'es2022',
      sourcemap: false,
      // A page's chunk is fetched together with its dependencies (no waterfall on a deep link), less
      // the first visit's own chunks, which are loaded already. The simulator's lazy operation groups
      // fetch theirs as they run: their preload map in the simulator chunk cost the first visit
      // 0.5 KiB, for one round trip on a page's first call to the simulator (never the Overview's).
      modulePreload: { resolveDependencies: (_file, deps, { hostId }) => (hostId.includes('/simulator-') ? [] : deps.filter((d) => !/\/(rolldown-runtime|page-parts|simulator)-/.test(d))) },
      chunkSizeWarningLimit: 700,
      rolldownOptions: {
        output: {
          codeSplitting: {
            groups: [
              // The simulator's core (world, clock, ledger, catalog) and the operations the first page
              // needs travel as one chunk. Everything else in cloud/ and domain/ (each feature's
              // operations, ledgers, recommendations, egress) loads with the first call that needs it.
              { name: 'simulator', test: SIMULATOR_CORE },
              // The page parts every page draws with (cards, headers, states), in one chunk.
              { name: 'page-parts', test: /src[\/](ui[\/](card|states)\.tsx|lib[\/]format\.ts)$/ },
            ],
          },
        },
      },
    },
    // The simulated cloud runs in a module worker (mocks/cloud-worker.ts) whose operations load as
    // they are first called: code-splitting needs ES module output.
    worker: { format: 'es' },
    preview: { port: 4173, strictPort: true },
    server: { port: 5173 },
    test: {
      environment: 'jsdom',
      // Moments show in the viewer's time zone: the tests read them as a viewer in UTC would.
      env: { TZ: 'UTC' },
      setupFiles: ['src/testing/setup.ts'],
      include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
      css: false,
      restoreMocks: true,
      // The simulator builds its usage ledger (every 5-minute period of a window) on a page's
      // first visit: a few seconds under jsdom on a loaded 2-core machine.
      testTimeout: 20_000,
    },
  };
});

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return ''; // a relative base URL is same-origin
  }
}

/** A strict Content-Security-Policy for the production build (dev needs inline scripts for HMR). */
function contentSecurityPolicy(apiOrigin: string): Plugin {
  const policy = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${apiOrigin ? ` ${apiOrigin}` : ''}`,
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
  return {
    name: 'northlight-csp',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace('<meta charset="UTF-8" />', `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`),
  };
}

/**
 * The demo's first paint, before any script: the page's HTML holds the demo banner and says the
 * console is starting, so a phone shows what this is while the first visit's JavaScript loads
 * and the simulator builds its world (seconds on a throttled phone). React replaces it on its
 * first render (createRoot clears #root); the banner's words are the layout's own.
 */
function demoShell(): Plugin {
  let base = '/';
  return {
    name: 'northlight-demo-shell',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: (html) =>
      html.replace(
        '<div id="root"></div>',
        '<div id="root">' +
          '<p class="border-b border-amber-300 bg-amber-50 px-4 py-1.5 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">' +
          'Demo: every figure here comes from a simulated GPU cloud running in your browser. ' +
          `<a class="font-medium underline underline-offset-2" href="${base}about-demo">About the demo, and using a real API</a></p>` +
          '<p class="p-4 text-sm text-slate-600 dark:text-slate-300" role="status">Starting the console…</p>' +
          '</div>',
      ),
  };
}

/** The real-API build ships without MSW's service worker file. */
function dropMockWorker(): Plugin {
  let outDir = 'dist';
  return {
    name: 'northlight-drop-mock-worker',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      rmSync(resolve(outDir, 'mockServiceWorker.js'), { force: true });
    },
  };
}

/** Text files worth compressing: what a browser fetches as script, style, page, image or data. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|webmanifest)$/;

/**
 * Writes a Brotli (quality 11) and a gzip (level 9) copy beside every text file of the build, for
 * a host that serves precompressed files (the server's static files, scripts/static-server.mjs,
 * nginx's gzip_static/brotli_static, most CDNs): compressing once at build time at the highest
 * level costs the build a few seconds and no request any CPU. A copy no smaller than the file is
 * not written. Runs after the other plugins' closeBundle (the real build drops MSW's worker first).
 */
function precompress(): Plugin {
  let outDir = 'dist';
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(resolve(dir, e.name)) : [resolve(dir, e.name)]));
  return {
    name: 'northlight-precompress',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle: {
      order: 'post',
      handler() {
        for (const file of walk(outDir)) {
          if (!COMPRESSIBLE.test(file)) continue;
          const raw = readFileSync(file);
          if (raw.length < 1024) continue;
          const br = brotliCompressSync(raw, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
          if (br.length < raw.length) writeFileSync(`${file}.br`, br);
          const gz = gzipSync(raw, { level: 9 });
          if (gz.length < raw.length) writeFileSync(`${file}.gz`, gz);
        }
      },
    },
  };
}

/** Swaps MSW's status-text table and cookie parser for the small versions in src/mocks/msw-shims.ts. */
function mswShims(): Plugin {
  const shims: Array<[RegExp, string]> = [
    [/msw\/lib\/shims\/statuses\.mjs$/, resolve(__dirname, 'src/mocks/msw-statuses-shim.ts')],
    [/msw\/lib\/shims\/cookie\.mjs$/, resolve(__dirname, 'src/mocks/msw-shims.ts')],
  ];
  return {
    name: 'northlight-msw-shims',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!source.includes('shims/')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      const hit = resolved && shims.find(([pattern]) => pattern.test(resolved.id));
      return hit ? hit[1] : null;
    },
  };
}

/**
 * MSW's browser build starts two interceptors the simulator never needs: a WebSocket one, always
 * (it wraps window.WebSocket; the simulator serves no WebSockets), and an XMLHttpRequest one beside
 * fetch's in the fallback for browsers where no service worker runs (the console calls only fetch).
 * Without them the demo's first visit is 4.7 KiB (gzip) lighter. An MSW whose code no longer
 * reads as below fails the build here, rather than quietly shipping them again.
 */
function mswHttpOnly(): Plugin {
  const edits: Array<[RegExp, string]> = [
    [/\[new XMLHttpRequestInterceptor\(\), new FetchInterceptor\(\)\]/, '[new FetchInterceptor()]'],
    [/,\s*new InterceptorSource2\(\{\s*interceptors: \[new WebSocketInterceptor\(\)\]\s*\}\)/, ''],
    // Their static blocks count as side effects: as static fields they can go with their classes.
    [/static \{\s*this\.symbol = (\/\* @__PURE__ \*\/ Symbol\.for\("websocket-interceptor"\));\s*\}/, 'static symbol = $1;'],
    [/static \{\s*this\.symbol = (\/\* @__PURE__ \*\/ Symbol\.for\("xhr-interceptor"\));\s*\}/, 'static symbol = $1;'],
  ];
  return {
    name: 'northlight-msw-http-only',
    enforce: 'pre',
    transform(code, id) {
      if (!/msw[\/]lib[\/]browser[\/]index\.mjs$/.test(id)) return null;
      let out = code;
      for (const [pattern, replacement] of edits) {
        if (!pattern.test(out)) throw new Error(`northlight-msw-http-only: ${pattern} is no longer in ${id}; update vite.config.ts for this MSW`);
        out = out.replace(pattern, replacement);
      }
      return { code: out, map: null };
    },
  };
}
