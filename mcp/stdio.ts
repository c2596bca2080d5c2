/**
 * The MCP server for local agents (Claude Desktop, an IDE): JSON-RPC over stdin/stdout, the
 * tools calling Northlight's HTTP API with an API token. `npm run mcp`, or
 * `npx tsx mcp/stdio.ts`, with
 *   NORTHLIGHT_API_URL  the API's base, e.g. http://127.0.0.1:8787/api (the contract's /v1/... follow it)
 *   NORTHLIGHT_TOKEN    an API token (nlt_…) from the console's Account page; a read-only one is refused every change
 * stdout carries only the protocol; anything else goes to stderr.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { northlightApi } from './api';
import { createNorthlightMcpServer } from './tools';

function fail(message: string): never {
  process.stderr.write(`northlight-mcp: ${message}\n`);
  process.exit(2);
}

const baseUrl = process.env.NORTHLIGHT_API_URL?.trim();
const token = process.env.NORTHLIGHT_TOKEN?.trim();
if (!baseUrl) fail('set NORTHLIGHT_API_URL to the API\'s base, e.g. http://127.0.0.1:8787/api');
if (!token) fail('set NORTHLIGHT_TOKEN to an API token (nlt_…) created on the console\'s Account page');
try {
  const url = new URL(baseUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
  if (url.protocol === 'http:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    process.stderr.write(`northlight-mcp: warning: ${url.origin} is plain http; the token travels unencrypted\n`);
  }
} catch {
  fail(`NORTHLIGHT_API_URL is not an http(s) URL: ${baseUrl}`);
}

const server = createNorthlightMcpServer(northlightApi({ baseUrl, token }));
await server.connect(new StdioServerTransport());
