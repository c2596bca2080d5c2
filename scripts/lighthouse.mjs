// Lighthouse on every route of the demo build, mobile and desktop: performance, accessibility and
// best-practices scores, LCP, TBT and CLS per route, as a table on stdout and JSON under .bench/.
// A measuring tool (issue 17's "every page fast on a phone"), not part of `npm test`.
//
// Usage: node scripts/lighthouse.mjs [--dist DIR] [--runs N] [--form mobile|desktop|both] [--routes /,/pods,…] [--port P]
//   --dist   the demo build to serve (default dist-lighthouse; built with `vite build` when absent)
//   --runs   runs per route and form factor, interleaved; the table gives each figure's median (default 1)
// Chromium: Debian's /usr/bin/chromium (CHROMIUM_PATH overrides), headless, through chrome-launcher.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions, SYSTEM_CHROMIUM } from './browser.mjs';
import { serveStatic } from './static-server.mjs';

const USAGE = 'Usage: node scripts/lighthouse.mjs [--dist DIR] [--runs N] [--form mobile|desktop|both] [--routes /,/pods,…] [--port P]';

function parseArgs(argv) {
  const options = { dist: 'dist-lighthouse', runs: 1, forms: ['mobile', 'desktop'], routes: null, port: 0 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
      return v;
    };
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (arg === '--dist') options.dist = value();
    else if (arg === '--runs') options.runs = Math.max(1, Number(value()) || 1);
    else if (arg === '--form') {
      const f = value();
      options.forms = f === 'both' ? ['mobile', 'desktop'] : [f];
    } else if (arg === '--routes') options.routes = value().split(',').filter(Boolean);
    else if (arg === '--port') options.port = Number(value());
    else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  for (const f of options.forms) if (f !== 'mobile' && f !== 'desktop') throw new Error(`--form: mobile, desktop or both, not ${f}`);
  return options;
}

/** A pod page's path: the first pod of the simulated world's list, as a visitor would open it. */
async function findPodPath(origin) {
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage();
    await page.goto(`${origin}/pods`);
    const link = page.locator('a[href^="/pods/pod-"]').first();
    await link.waitFor({ timeout: 60_000 });
    return await link.getAttribute('href');
  } finally {
    await browser.close();
  }
}

const median = (values) => {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function figures(lhr) {
  const score = (id) => (lhr.categories[id]?.score == null ? null : Math.round(lhr.categories[id].score * 100));
  const numeric = (id) => lhr.audits[id]?.numericValue ?? null;
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    lcpMs: numeric('largest-contentful-paint'),
    tbtMs: numeric('total-blocking-time'),
    cls: numeric('cumulative-layout-shift'),
    fcpMs: numeric('first-contentful-paint'),
    /** The LCP element (its selector and text), and where its time went (TTFB, load delay, load time, render delay). */
    lcpElement: lhr.audits['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node?.snippet ?? null,
    lcpPhases: Object.fromEntries((lhr.audits['largest-contentful-paint-element']?.details?.items?.[1]?.items ?? []).map((i) => [i.phase, Math.round(i.timing)])),
    /** The longest main-thread tasks (where TBT comes from): the script they ran, start and length (simulated). */
    longTasks: (lhr.audits['long-tasks']?.details?.items ?? []).slice(0, 5).map((t) => ({ url: String(t.url ?? '').replace(/^https?:\/\/[^/]+/, ''), startMs: Math.round(t.startTime), durationMs: Math.round(t.duration) })),
    /** The elements that moved, with their share of the layout shift score. */
    shifts: (lhr.audits['layout-shifts']?.details?.items ?? []).slice(0, 3).map((i) => ({ node: i.node?.snippet ?? null, score: i.score })),
    runtimeError: lhr.runtimeError?.message ?? null,
    warnings: lhr.runWarnings ?? [],
  };
}

const fmt = {
  score: (v) => (v == null ? '–' : String(Math.round(v))),
  ms: (v) => (v == null ? '–' : `${Math.round(v).toLocaleString('en-US')} ms`),
  cls: (v) => (v == null ? '–' : v.toFixed(3)),
};

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const chromePath = process.env.CHROMIUM_PATH ?? SYSTEM_CHROMIUM;
  if (!existsSync(chromePath)) throw new Error(`no Chromium at ${chromePath} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  if (!existsSync(join(options.dist, 'index.html'))) {
    console.error(`Building the demo into ${options.dist}/ …`);
    execFileSync('npx', ['vite', 'build', '--outDir', options.dist], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, VITE_API_BASE_URL: '' } });
  }
  const server = await serveStatic(options.dist, { port: options.port });
  const origin = `http://127.0.0.1:${server.address().port}`;
  const chrome = await launch({ chromePath, chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
  const results = [];
  try {
    const routes = options.routes ?? ['/', '/pods', await findPodPath(origin), '/pods/new', '/utilization', '/recommendations', '/egress', '/billing', '/about-demo'];
    // Interleaved: each run goes once over every route and form factor, so a busy moment of the
    // machine does not land on one route's runs only.
    for (let run = 0; run < options.runs; run++) {
      for (const route of routes) {
        for (const form of options.forms) {
          const started = Date.now();
          const answer = await lighthouse(
            `${origin}${route}`,
            { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'best-practices'] },
            form === 'desktop' ? desktopConfig : undefined,
          );
          if (!answer) throw new Error(`Lighthouse gave no result for ${route} (${form})`);
          const f = figures(answer.lhr);
          results.push({ run, route, form, ...f });
          console.error(`  run ${run + 1}/${options.runs} ${form.padEnd(7)} ${route.padEnd(24)} perf ${fmt.score(f.performance)}, LCP ${fmt.ms(f.lcpMs)}, TBT ${fmt.ms(f.tbtMs)}, CLS ${fmt.cls(f.cls)} (${Math.round((Date.now() - started) / 1000)} s)${f.runtimeError ? ` ERROR ${f.runtimeError}` : ''}`);
        }
      }
    }
    const rows = [];
    for (const route of routes) {
      for (const form of options.forms) {
        const mine = results.filter((r) => r.route === route && r.form === form);
        const m = (key) => median(mine.map((r) => r[key]));
        rows.push({ route, form, runs: mine.length, performance: m('performance'), accessibility: m('accessibility'), bestPractices: m('bestPractices'), lcpMs: m('lcpMs'), tbtMs: m('tbtMs'), cls: m('cls') });
      }
    }
    const table = [
      `| route | form | performance | accessibility | best practices | LCP | TBT | CLS |`,
      `| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |`,
      ...rows.map((r) => `| ${r.route} | ${r.form} | ${fmt.score(r.performance)} | ${fmt.score(r.accessibility)} | ${fmt.score(r.bestPractices)} | ${fmt.ms(r.lcpMs)} | ${fmt.ms(r.tbtMs)} | ${fmt.cls(r.cls)} |`),
    ].join('\n');
    console.log(`\nLighthouse ${lighthouseVersion()} on ${options.dist}/ (${options.runs} run${options.runs === 1 ? '' : 's'} each${options.runs > 1 ? ', medians' : ''}), ${chromePath}\n`);
    console.log(table);
    mkdirSync('.bench', { recursive: true });
    const file = join('.bench', `lighthouse-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), dist: options.dist, runs: options.runs, chromePath, rows, results }, null, 2)}\n`);
    console.log(`\nJSON: ${file}`);
  } finally {
    await chrome.kill();
    server.close();
  }
}

/** The installed Lighthouse's version, for the table's title. */
function lighthouseVersion() {
  try {
    return JSON.parse(readFileSync(join('node_modules', 'lighthouse', 'package.json'), 'utf8')).version;
  } catch {
    return '';
  }
}

await main();
