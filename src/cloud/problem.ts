/** RFC 9457 problem details, raised by the service and sent as application/problem+json. */

export interface FieldError {
  /** The request field, as a JSON pointer-ish name ("name", "sshPublicKey"). */
  field: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export class Problem extends Error {
  constructor(readonly body: ProblemBody) {
    super(body.detail ?? body.title);
    this.name = 'Problem';
  }

  get status(): number {
    return this.body.status;
  }
}

const TYPE_BASE = 'https://northlight.example/problems/';

export function problem(status: number, slug: string, title: string, detail?: string, extra: Partial<ProblemBody> = {}): Problem {
  return new Problem({ type: `${TYPE_BASE}${slug}`, title, status, ...(detail === undefined ? {} : { detail }), ...extra });
}

export const notFound = (what: string, id: string): Problem =>
  problem(404, 'not-found', `${what} not found`, `No ${what.toLowerCase()} with id “${id}” in this organization.`);

export const forbidden = (detail: string): Problem => problem(403, 'forbidden', 'Not allowed', detail);

export const badRequest = (detail: string, errors?: FieldError[]): Problem =>
  problem(400, 'bad-request', 'The request is not valid', detail, errors ? { errors } : {});
