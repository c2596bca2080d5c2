/**
 * The server's tests, and the contract suite (src/api/contract.test.ts) a second time, now
 * against the live server: one suite, two targets. `npm run test:server`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vitest/config';

const liveTarget = fileURLToPath(new URL('./server/testing/live-target.ts', import.meta.url));

/** The contract suite reads its target's records from src/testing/server.ts; here, from the live server's. */
function contractTargetIsTheServer(): Plugin {
  return {
    name: 'contract-target-is-the-server',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!/testing\/server(\.ts)?$/.test(source)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved?.id.replace(/\\/g, '/').endsWith('/src/testing/server.ts') ? liveTarget : null;
    },
  };
}

export default defineConfig({
  plugins: [contractTargetIsTheServer()],
  // The console's client, as a real-API build has it.
  define: { __USE_MOCK__: JSON.stringify(false) },
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'contract-on-server',
          include: ['src/api/contract.test.ts'],
          globalSetup: ['server/testing/global-setup.ts'],
          setupFiles: ['server/testing/live-setup.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'server', include: ['server/**/*.test.ts', 'mcp/**/*.test.ts', 'cli/**/*.test.ts'] },
      },
    ],
  },
});
