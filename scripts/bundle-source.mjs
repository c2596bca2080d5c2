// The benches' way to run the TypeScript sources in Node: a module of re-exports (paths from the
// repository root), bundled with esbuild into .bench/<name>-bundle.mjs, then imported.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

/** Bundles `exports` (lines like "export { createCloud } from './src/cloud/service.ts';") and imports the result. */
export async function importBundled(name, exports, options = {}) {
  const outfile = `${root}.bench/${name}-bundle.mjs`;
  mkdirSync(`${root}.bench`, { recursive: true });
  await build({ stdin: { contents: exports.join('\n'), resolveDir: root, loader: 'ts' }, bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'warning', ...options });
  return import(pathToFileURL(outfile).href);
}
