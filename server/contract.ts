/**
 * The server's view of src/api/openapi.yaml: finds the operation of a request, checks its
 * parameters and body before the cloud sees them, and checks every answer before it leaves.
 * JSON Schema 2020-12 through Ajv, as the test server does (src/testing/contract.ts), in
 * strict mode: a keyword that is neither JSON Schema's nor one of OpenAPI's own (a misspelled
 * `maxLenght`, a description cut short by an unquoted comma) is refused, not ignored.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

// ajv-formats is CommonJS: its default export arrives wrapped under Node's ESM loader.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as typeof addFormatsModule;

// (import.meta.url through a variable: Vite rewrites `new URL('…', import.meta.url)` into an asset URL.)
const moduleUrl = import.meta.url;
export const CONTRACT_PATH = fileURLToPath(new URL('../src/api/openapi.yaml', moduleUrl));

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: { type?: string | string[]; items?: { type?: string } };
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, unknown> };
  responses: Record<string, { content?: Record<string, unknown>; $ref?: string }>;
  'x-server-only'?: boolean;
}

export interface ContractDocument {
  paths: Record<string, Record<string, Operation | Parameter[]>>;
  components: { responses: Record<string, { content?: Record<string, unknown> }> };
}

export interface FieldError {
  field: string;
  message: string;
}

export interface FoundOperation {
  method: string;
  template: string;
  operation: Operation;
  pathParams: Record<string, string>;
}

export interface RequestParts {
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/**
 * The keywords OpenAPI 3.1 adds to JSON Schema 2020-12 (its Schema Object's fixed fields):
 * annotations, accepted and not validated. Everything else Ajv does not know is an error.
 */
export const OPENAPI_SCHEMA_KEYWORDS = ['example', 'discriminator', 'xml', 'externalDocs'] as const;

/** The most field errors one answer lists: a body with thousands of wrong fields gets the first ones. */
export const MAX_FIELD_ERRORS = 100;

/**
 * Ajv as the contract needs it: JSON Schema 2020-12, strict (unknown keywords, formats and
 * misplaced keywords throw when a schema is compiled), union types allowed (`type: [string, 'null']`),
 * OpenAPI's own keywords declared, and the formats (date-time, uri, int32 …) of ajv-formats.
 */
export function contractAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  for (const keyword of OPENAPI_SCHEMA_KEYWORDS) ajv.addKeyword({ keyword });
  return ajv;
}

/**
 * Where the document's schemas live in Ajv. Ajv compiles the root of any schema a pointer leads
 * into, and the document's root (openapi, info, paths …) is no schema: strict mode would refuse
 * its fields. So Ajv holds `{ $defs: { paths, components } }` instead, whose root is an empty
 * schema, with every `$ref` ("#/components/…") moved along to "#/$defs/components/…".
 */
const DOC = 'openapi#/$defs';

function asSchemaTree(doc: ContractDocument): object {
  const move = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(move);
    if (!node || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `#/$defs/${v.slice(2)}` : move(v)]),
    );
  };
  return { $defs: move({ paths: doc.paths, components: doc.components }) };
}

export class Contract {
  private readonly ajv = contractAjv();
  private readonly templates: Array<{ template: string; pattern: RegExp; names: string[] }>;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly doc: ContractDocument) {
    this.ajv.addSchema(asSchemaTree(doc), 'openapi');
    // Literal segments before parameters: "/v1/budgets/alerts" is not "/v1/budgets/{budgetId}".
    this.templates = Object.keys(doc.paths)
      .map((template) => {
        const names: string[] = [];
        const source = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
          names.push(name);
          return '([^/]+)';
        });
        return { template, pattern: new RegExp(`^${source}$`), names };
      })
      .sort((a, b) => a.names.length - b.names.length);
  }

  static fromFile(path: string = CONTRACT_PATH): Contract {
    return new Contract(parse(readFileSync(path, 'utf8')) as ContractDocument);
  }

  find(method: string, path: string): FoundOperation | null {
    const m = method.toLowerCase();
    for (const t of this.templates) {
      const match = t.pattern.exec(path);
      if (!match) continue;
      const operation = this.doc.paths[t.template]?.[m];
      if (!operation || Array.isArray(operation)) continue;
      const pathParams: Record<string, string> = {};
      t.names.forEach((name, i) => {
        pathParams[name] = safeDecode(match[i + 1] ?? '');
      });
      return { method: m, template: t.template, operation, pathParams };
    }
    return null;
  }

  /**
   * Compiles every schema of the document now (components, parameters, bodies, answers and
   * their headers), so that a keyword Ajv does not know fails here, not on the first request
   * that reaches it. Throws one error naming every schema that does not compile.
   */
  compileAll(): void {
    const failures: string[] = [];
    for (const pointer of this.schemaPointers()) {
      try {
        this.validator(pointer);
      } catch (e) {
        failures.push(`${pointer.replace(DOC, '#')}: ${(e as Error).message}`);
      }
    }
    if (failures.length > 0) throw new Error(`The contract's schemas do not compile:\n${failures.join('\n')}`);
  }

  /** Pointers (DOC + "/…") to every schema in the document. */
  private schemaPointers(): string[] {
    const pointers: string[] = [];
    const doc = this.doc as unknown as {
      paths: Record<string, Record<string, unknown>>;
      components: Record<string, Record<string, unknown> | undefined>;
    };
    const content = (base: string, c: unknown) => {
      for (const type of Object.keys((c as Record<string, unknown> | undefined) ?? {})) pointers.push(`${base}/content/${escape(type)}/schema`);
    };
    const headers = (base: string, h: unknown) => {
      for (const name of Object.keys((h as Record<string, unknown> | undefined) ?? {})) pointers.push(`${base}/headers/${escape(name)}/schema`);
    };
    const response = (base: string, r: { $ref?: string; content?: unknown; headers?: unknown }) => {
      if (r.$ref) return;
      content(base, r.content);
      headers(base, r.headers);
    };
    const parameters = (base: string, ps: unknown) => {
      if (Array.isArray(ps)) ps.forEach((p: { schema?: unknown }, i) => p.schema !== undefined && pointers.push(`${base}/parameters/${i}/schema`));
    };
    for (const name of Object.keys(doc.components.schemas ?? {})) pointers.push(`${DOC}/components/schemas/${escape(name)}`);
    for (const [name, r] of Object.entries(doc.components.responses ?? {})) response(`${DOC}/components/responses/${escape(name)}`, r as object);
    for (const [template, item] of Object.entries(doc.paths)) {
      const base = `${DOC}/paths/${escape(template)}`;
      parameters(base, item.parameters);
      for (const method of METHODS) {
        const op = item[method] as Operation | undefined;
        if (!op) continue;
        parameters(`${base}/${method}`, op.parameters);
        content(`${base}/${method}/requestBody`, op.requestBody?.content);
        for (const [status, r] of Object.entries(op.responses)) response(`${base}/${method}/responses/${escape(status)}`, r as object);
      }
    }
    return pointers;
  }

  /** Every operation as "METHOD /template". */
  operations(): string[] {
    return Object.entries(this.doc.paths).flatMap(([template, ops]) =>
      Object.keys(ops)
        .filter((m) => METHODS.includes(m))
        .map((m) => `${m.toUpperCase()} ${template}`),
    );
  }

  private validator(pointer: string): ValidateFunction {
    let v = this.compiled.get(pointer);
    if (!v) {
      v = this.ajv.compile({ $ref: pointer });
      this.compiled.set(pointer, v);
    }
    return v;
  }

  /** Field errors of a request against its operation's parameters and body; empty when it keeps the contract. */
  requestErrors(found: FoundOperation, req: RequestParts): FieldError[] {
    const base = `${DOC}/paths/${escape(found.template)}`;
    const shared = this.doc.paths[found.template]?.parameters;
    const params: Array<{ p: Parameter; pointer: string }> = [
      ...(Array.isArray(shared) ? shared.map((p, i) => ({ p, pointer: `${base}/parameters/${i}/schema` })) : []),
      ...(found.operation.parameters ?? []).map((p, i) => ({ p, pointer: `${base}/${found.method}/parameters/${i}/schema` })),
    ];
    const errors: FieldError[] = [];
    for (const { p, pointer } of params) {
      const value = parameterValue(p, found, req);
      if (value === undefined) {
        if (p.required) errors.push({ field: p.name, message: `The ${p.in} parameter “${p.name}” is required.` });
        continue;
      }
      if (!p.schema) continue;
      const validate = this.validator(pointer);
      if (!validate(value)) errors.push(...fieldErrors(validate.errors, p.name));
    }
    const body = found.operation.requestBody;
    if (body?.content?.['application/json']) {
      if (req.body === undefined) {
        if (body.required) errors.push({ field: '(body)', message: 'This request needs a JSON body.' });
      } else {
        const validate = this.validator(`${base}/${found.method}/requestBody/content/application~1json/schema`);
        if (!validate(req.body)) errors.push(...fieldErrors(validate.errors, null));
      }
    }
    return dedupe(errors).slice(0, MAX_FIELD_ERRORS);
  }

  /** Ways an answer breaks the contract; empty when it keeps it. */
  responseViolations(found: FoundOperation, status: number, contentType: string | null, body: unknown): string[] {
    const { template, operation, method } = found;
    const label = `${method.toUpperCase()} ${template} ${status}`;
    const key = operation.responses[String(status)] ? String(status) : 'default';
    let response = operation.responses[key];
    let pointer = `${DOC}/paths/${escape(template)}/${method}/responses/${key}`;
    if (!response) return [`${label}: status not allowed`];
    if (response.$ref) {
      const name = response.$ref.split('/').pop() ?? '';
      response = this.doc.components.responses[name] ?? {};
      pointer = `${DOC}/components/responses/${escape(name)}`;
    }
    if (!response.content) return body === undefined || body === null ? [] : [`${label}: should have no body`];
    const type = (contentType ?? '').split(';')[0]?.trim() ?? '';
    if (!(type in response.content)) return [`${label}: answered ${type || 'no content type'}; the contract allows ${Object.keys(response.content).join(', ')}`];
    const validate = this.validator(`${pointer}/content/${escape(type)}/schema`);
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${label}: ${e.instancePath || '(body)'} ${e.message ?? ''}`);
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const typesOf = (schema: Parameter['schema']): string[] => {
  const t = schema?.type;
  return t === undefined ? [] : Array.isArray(t) ? t : [t];
};

/** A parameter's value as its schema types it (query strings are text until read as numbers). */
function parameterValue(p: Parameter, found: FoundOperation, req: RequestParts): unknown {
  switch (p.in) {
    case 'path':
      return found.pathParams[p.name];
    case 'header':
      return req.headers.get(p.name) ?? undefined;
    case 'cookie':
      return undefined;
    case 'query': {
      if (typesOf(p.schema).includes('array')) {
        const all = req.query.getAll(p.name);
        return all.length === 0 ? undefined : all.map((v) => coerce(v, typesOf(p.schema?.items as Parameter['schema'])));
      }
      const v = req.query.get(p.name);
      return v === null || v === '' ? undefined : coerce(v, typesOf(p.schema));
    }
  }
}

function coerce(v: string, types: string[]): unknown {
  if ((types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  if (types.includes('boolean') && (v === 'true' || v === 'false')) return v === 'true';
  return v;
}

function fieldErrors(errors: ErrorObject[] | null | undefined, parameter: string | null): FieldError[] {
  return (errors ?? [])
    .filter((e) => e.keyword !== 'if' && e.keyword !== 'anyOf' && e.keyword !== 'oneOf')
    .map((e) => {
      const path = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
      if (e.keyword === 'required') path.push(String((e.params as { missingProperty?: string }).missingProperty ?? ''));
      if (e.keyword === 'additionalProperties') path.push(String((e.params as { additionalProperty?: string }).additionalProperty ?? ''));
      const field = parameter ?? (path.length > 0 ? path.join('.') : '(body)');
      return { field, message: messageOf(e) };
    });
}

function messageOf(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return 'Required.';
    case 'additionalProperties':
      return 'Not a field of this request.';
    case 'enum':
      return `Must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}.`;
    case 'type':
      return `Must be ${String(params.type).replace(',', ' or ')}.`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `Must be ${String(params.comparison)} ${String(params.limit)}.`;
    default:
      return `${(e.message ?? 'Not valid').replace(/^./, (c) => c.toUpperCase())}.`;
  }
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.field}\u0000${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
