// Lint: typescript-eslint, React hooks, and the one-way import rule of docs/architecture.md:
// app → features → ui, lib, api → domain; mocks, server → cloud → domain. No feature imports another.
import { readdirSync } from 'node:fs';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';

const features = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

const FRAMEWORKS = ['react', 'react-dom', 'react-router', '@tanstack/*', 'recharts', 'msw', 'msw/*', 'openapi-fetch'];

export default tseslint.config(
  { ignores: ['dist', 'dist-*', 'dist-real', 'dist-server', '.tmp-prof', '.e2e', '.data', '.bench', 'e2e-results', 'node_modules', 'public/mockServiceWorker.js', 'src/api/schema.d.ts', 'test-results', 'playwright-report', '.bench'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks, 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.json'] })] },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'No raw HTML: render data as text.' },
      ],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './src/domain', from: './src', except: ['./domain'], message: 'domain/ is pure: it imports nothing else from src/.' },
            { target: './src/cloud', from: './src', except: ['./cloud', './domain', './brand', './api/schema.d.ts'], message: 'cloud/ is framework-free: it imports only domain/, the provider\'s configuration (brand/) and the contract types.' },
            { target: './src/brand', from: './src', except: ['./brand', './domain'], message: 'brand/ is configuration data: it imports only domain/ types.' },
            { target: './src/mocks', from: './src', except: ['./mocks', './cloud', './domain', './api/schema.d.ts'], message: 'mocks/ is a thin transport over cloud/.' },
            { target: ['./src/ui', './src/lib', './src/api'], from: ['./src/features', './src/app', './src/cloud', './src/mocks'], message: 'Shared code does not import features, the app or the simulator.' },
            { target: './src/features', from: ['./src/app', './src/cloud', './src/mocks'], message: 'Features talk to the API, not to the simulator or the app.', except: [] },
            { target: './server', from: ['./src/app', './src/features', './src/ui', './src/lib', './src/mocks'], message: 'The server is a thin transport over cloud/: it imports cloud/, domain/ and the contract, never console code.' },
            { target: './cli', from: ['./src/app', './src/features', './src/ui', './src/lib', './src/mocks', './src/cloud', './server'], message: 'The CLI is a client of the HTTP API: it imports domain/ and the contract (src/api/schema.d.ts), never console, simulator or server code.' },
            { target: './mcp', from: ['./src/app', './src/features', './src/ui', './src/lib', './src/mocks', './src/cloud', './server'], message: 'The MCP server is a client of the HTTP API: it imports domain/ and the contract (src/api/schema.d.ts), never console, simulator or server code (server/app.ts mounts it, not the other way round).' },
            ...features.map((f) => ({
              target: `./src/features/${f}`,
              from: './src/features',
              except: [`./${f}`],
              message: 'No feature imports another: move what they share to ui/, lib/ or api/.',
            })),
          ],
        },
      ],
    },
  },
  {
    files: ['src/domain/**/*.ts', 'src/cloud/**/*.ts', 'src/brand/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: FRAMEWORKS, message: 'domain/ and cloud/ are framework-free.' }] }],
      'no-restricted-globals': ['error', { name: 'localStorage', message: 'Persistence is injected (StateStore).' }, { name: 'fetch', message: 'domain/ and cloud/ do no I/O.' }],
    },
  },
  {
    // Tests may reach into the simulator to compute what the screen should show.
    files: ['**/*.test.{ts,tsx}', 'src/testing/**'],
    rules: { 'import-x/no-restricted-paths': 'off' },
  },
);
