/**
 * The contract suite's live target: the server on an ephemeral port over a fresh in-memory
 * PGlite (both tenants seeded, simulation on, real time pinned), signed in as Lumen's admin.
 */
import type { TestProject } from 'vitest/node';
import { startTestServer } from './harness';

declare module 'vitest' {
  export interface ProvidedContext {
    contractServer: { url: string; cookie: string; csrf: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestServer();
  const maya = await server.signIn('maya@lumen.example');
  project.provide('contractServer', { url: server.url, cookie: maya.cookie, csrf: maya.csrf });
  return () => server.close();
}
