/**
 * Checks answers against the OpenAPI document: finds the operation for a method and path,
 * then validates the status, the content type and the body against the schema the
 * contract gives for that status (JSON Schema 2020-12, as OpenAPI 3.1 uses).
 */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import contractText from '../api/openapi.yaml?raw';

interface Operation {
  responses: Record<string, { content?: Record<string, unknown>; $ref?: string }>;
  requestBody?: unknown;
}

type Doc = {
  paths: Record<string, Record<string, Operation>>;
  components: { responses: Record<string, { content?: Record<string, unknown> }> };
};

export const contract = parse(contractText) as Doc;

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(contract as object, 'openapi');

const templates = Object.keys(contract.paths).map((template) => ({
  template,
  pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
}));

export function findOperation(method: string, path: string): { template: string; operation: Operation } | null {
  const t = templates.find((x) => x.pattern.test(path));
  const operation = t ? contract.paths[t.template]?.[method.toLowerCase()] : undefined;
  return t && operation ? { template: t.template, operation } : null;
}

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Returns a list of ways the answer breaks the contract; empty when it keeps it. */
export function contractViolations(method: string, path: string, status: number, contentType: string | null, body: unknown): string[] {
  const found = findOperation(method, path);
  if (!found) return [`${method} ${path} is not an operation in the contract`];
  const { template, operation } = found;
  const key = operation.responses[String(status)] ? String(status) : 'default';
  let response = operation.responses[key];
  let pointer = `openapi#/paths/${escape(template)}/${method.toLowerCase()}/responses/${key}`;
  if (!response) return [`${method} ${template} does not allow status ${status}`];
  if (response.$ref) {
    const name = response.$ref.split('/').pop() ?? '';
    response = contract.components.responses[name] ?? {};
    pointer = `openapi#/components/responses/${escape(name)}`;
  }
  if (!response.content) return body === undefined || body === null || body === '' ? [] : [`${method} ${template} ${status} should have no body`];
  const type = (contentType ?? '').split(';')[0]?.trim() ?? '';
  if (!(type in response.content)) return [`${method} ${template} ${status} answered ${type || 'no content type'}; the contract allows ${Object.keys(response.content).join(', ')}`];
  const validate = ajv.getSchema(`${pointer}/content/${escape(type)}/schema`);
  if (!validate) return [`no schema at ${pointer}`];
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${method} ${template} ${status}: ${e.instancePath || '(body)'} ${e.message ?? ''}`);
}

/**
 * Every operation in the contract, as "METHOD /template". Operations marked `x-server-only`
 * (sign-in and sign-out: the embedded simulator has no sessions) are left out unless asked
 * for; the server's own suite (server/auth.test.ts) covers them.
 */
export function contractOperations(options: { includeServerOnly?: boolean } = {}): string[] {
  return Object.entries(contract.paths).flatMap(([template, ops]) =>
    Object.keys(ops)
      .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .filter((m) => options.includeServerOnly || !(ops[m] as { 'x-server-only'?: boolean })['x-server-only'])
      .map((m) => `${m.toUpperCase()} ${template}`),
  );
}
