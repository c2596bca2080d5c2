#!/usr/bin/env node
// The `northlight` bin: registers tsx (a dependency of this repository) and runs the TypeScript CLI.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
