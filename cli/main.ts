/**
 * The northlight command: `npm run cli -- <command>`, or the `northlight` bin (cli/northlight.mjs).
 */
import { run } from './cli';

// `northlight pods ls | head -1`: a reader that stops early is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

process.exitCode = await run(process.argv.slice(2));
