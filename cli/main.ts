/**
 * The northlight command: `npm run cli -- <command>`, or the `northlight` bin (cli/northlight.mjs).
 */
import { run } from './cli';

process.exitCode = await run(process.argv.slice(2));
