/**
 * The API under /api: sign-in and sign-out, then every operation of the contract answered by
 * the framework-free cloud service (src/cloud) over the signed-in organization's state, loaded
 * from the database for the request and written back as the rows that changed, in one
 * transaction. Requests are checked against the contract before the cloud sees them, answers
 * before they leave. With a telemetry source (PROMETHEUS_URL), reads compute over its samples
 * (telemetry-rounds.ts). Nothing that matters is kept in memory: any number of instances can
 * serve one database.
 */
import { Hono, type Context } from 'hono';
import { reconcile } from '../src/cloud/reconcile';
import { dispatch, type CloudRequest, type CloudResponse } from '../src/cloud/http';
import { routesFor } from '../src/cloud/routes';
import type { CloudContext } from '../src/cloud/context';
import { requestContext } from './cloud-context';
import type { Contract, FieldError, FoundOperation } from './contract';
import type { Database } from './db';
import { DIRECT_READS, directReader, type DirectRead } from './direct-reads';
import { crossOriginRefusal, malformedPath, nulField, nulInQuery } from './hardening';
import type { Logger } from './log';
import { verifyPassword } from './passwords';
import { TelemetryUnavailable, type TelemetrySource } from './prometheus-telemetry';
import { telemetryRead } from './telemetry-rounds';
import {
  clearedCookies,
  createSession,
  CSRF_COOKIE,
  CSRF_HEADER,
  csrfHolds,
  endSession,
  findSession,
  parseCookies,
  SESSION_COOKIE,
  sessionCookies,
  setActingUser,
  type Session,
} from './sessions';
import { admitSignIn, clientAddress, signInSucceeded, tooManyAttempts } from './sign-in-limit';
import { loadState, sameSnapshot, snapshot, writeChanges } from './state-store';
import { dressFor } from './tenants';
import { loadPodWrite, needsFullPath } from './pod-writes';
import { bearerSession, hasAuthorization, type TokenPrincipal } from './api-tokens';
import { recordSignIn } from './audit-store';
import { acceptOnServer, directoryFor, previewOnServer } from './people';
import { finishSso, startSso } from './sso';
import { deliveriesFor } from './webhook-reads';
import { previewActionLink, useActionLink } from './action-links';

/** Who makes the request: a session's user, or an API token's owner within the token's scope. */
type Principal = Session & { token?: TokenPrincipal };

export interface ApiOptions {
  db: Database;
  contract: Contract;
  log: Logger;
  /** The real time the simulated clocks run from (tests pin it). */
  realNow: () => number;
  /** Wall-clock time for sessions (not pinned with the simulation). */
  wallNow?: () => number;
  /** Serve /v1/simulation/* (admins only); off in production. */
  allowSimulation: boolean;
  /**
   * Read GPU samples from here instead of the simulator's telemetry, for every read (GET): the
   * utilization answers, recommendations, pods' current GPU use and metrics. Writes answer with
   * the simulator's, and the reconcilers (auto-stop, budgets) always read the simulator.
   */
  telemetry?: TelemetrySource | null;
  nodeEnv?: string;
  /** Proxies in front of the server whose X-Forwarded-For entries name the client (TRUST_PROXY); 0: the socket's address. */
  trustedProxies?: number;
  /**
   * GET operations answered by SQL without loading the organization (server/direct-reads.ts),
   * tried before the full path; default DIRECT_READS. [] answers everything on the full path.
   */
  directReads?: readonly DirectRead[];
  /** Pod writes over a partial state of their own rows (server/pod-writes.ts); false: every write loads the organization. Default true. */
  partialWrites?: boolean;
  /** Where the API is mounted (the single sign-on's redirect URI); default /api. */
  apiBase?: string;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const TYPE_BASE = 'https://northlight.example/problems/';

type ProblemResponse = CloudResponse & { body: { type: string; title: string; status: number; detail?: string } };

function problemOf(status: number, slug: string, title: string, detail: string, extra: Record<string, unknown> = {}): ProblemResponse {
  return { status, body: { type: `${TYPE_BASE}${slug}`, title, status, detail, ...extra } };
}

const nulRefused = (where: string) =>
  problemOf(400, 'bad-request', 'Bad request', `The ${where} holds a NUL character (\\u0000), which no name, note or id may contain. Remove it and try again.`);
const unauthenticated = () => problemOf(401, 'unauthenticated', 'Sign in required', 'You are not signed in, or your session has ended. Sign in to continue.');
const csrfRefused = () =>
  problemOf(403, 'csrf', 'Request refused', `State-changing requests must carry the ${CSRF_HEADER} header from the ${CSRF_COOKIE} cookie. Reload the console and try again.`);

/** Thrown inside a transaction to roll it back. */
class ContractBreach extends Error {
  constructor(readonly violations: string[]) {
    super(violations.join('; '));
  }
}
/** A read turned out to change state (a reconciler caught up with time): run it again as a write. */
class NeedsWrite extends Error {}

/** An answer computed after the transaction (a read's later rounds over samples from Prometheus). */
interface Deferred {
  deferred: () => Promise<CloudResponse>;
}
type Handler = (ctx: CloudContext, call: CloudRequest) => Promise<CloudResponse | Deferred>;

export function createApi(options: ApiOptions): Hono {
  const { db, contract, log } = options;
  const wallNow = options.wallNow ?? (() => Date.now());
  const direct = directReader({ db, entries: options.directReads ?? DIRECT_READS, realNow: options.realNow, telemetry: options.telemetry ?? null, log });
  const app = new Hono();

  app.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
  });

  // Every state-changing request, sign-in included, comes from the console's own origin (server/hardening.ts),
  // unless it carries an API token instead of cookies (server/api-tokens.ts: nothing a browser sends by itself).
  app.use('*', async (c, next) => {
    const bearer = hasAuthorization(c.req.header('authorization')) && !c.req.path.endsWith('/v1/auth/sign-in');
    const refusal = UNSAFE.has(c.req.method.toUpperCase()) && !bearer ? crossOriginRefusal(c, options.trustedProxies ?? 0) : null;
    if (!refusal) return next();
    log.info('cross-origin request refused', { method: c.req.method, path: c.req.path, origin: c.req.header('origin'), fetchSite: c.req.header('sec-fetch-site') });
    return send(c, null, problemOf(403, 'cross-origin', 'Request refused', `${refusal}. Changes are accepted only from the console this server serves: open it and try again there.`));
  });

  /** Sends a cloud answer, checked against the contract when it is one of its operations. */
  function send(c: Context, found: FoundOperation | null, res: CloudResponse, extraHeaders: string[][] = [], checked = false): Response {
    const headers = new Headers(res.headers ?? {});
    for (const [k, v] of extraHeaders) headers.append(k ?? '', v ?? '');
    if (res.body === undefined) return new Response(null, { status: res.status, headers });
    const contentType = res.status >= 400 ? 'application/problem+json' : 'application/json';
    if (found && !checked) {
      const violations = contract.responseViolations(found, res.status, contentType, res.body);
      if (violations.length > 0) return breach(c, found, violations);
    }
    headers.set('content-type', contentType);
    return new Response(JSON.stringify(res.body), { status: res.status, headers });
  }

  function breach(c: Context, found: FoundOperation | null, violations: string[]): Response {
    log.error('answer broke the API contract', { method: c.req.method, path: c.req.path, operation: found?.template, violations });
    const p = problemOf(500, 'contract-violation', 'Internal error', 'The server could not give a valid answer. Nothing was changed; the error is logged.');
    return new Response(JSON.stringify(p.body), { status: 500, headers: { 'content-type': 'application/problem+json' } });
  }

  async function readBody(c: Context): Promise<{ body: unknown } | { error: CloudResponse }> {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return { body: undefined };
    const text = await c.req.text();
    if (text === '') return { body: undefined };
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') return { error: problemOf(415, 'unsupported-media-type', 'Unsupported media type', 'Send request bodies as application/json.') };
    let body: unknown;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      return { error: problemOf(400, 'bad-request', 'Bad request', 'The request body is not valid JSON.') };
    }
    const nul = nulField(body, 'body');
    return nul ? { error: nulRefused(nul) } : { body };
  }

  function contractErrors(found: FoundOperation | null, call: CloudRequest): CloudResponse | null {
    if (!found) return null;
    const errors: FieldError[] = contract.requestErrors(found, call);
    if (errors.length === 0) return null;
    const n = errors.length;
    return problemOf(400, 'bad-request', 'The request is not valid', `Check ${n === 1 ? 'this field' : `these ${n} fields`}: ${errors.map((e) => e.field).join(', ')}.`, { errors });
  }

  /** The request's session, or null. */
  async function sessionOf(c: Context): Promise<Session | null> {
    const token = parseCookies(c.req.header('cookie')).get(SESSION_COOKIE);
    return token ? findSession(db, token, wallNow()) : null;
  }

  /** The request's principal: its API token when it has an Authorization header (cookies ignored), else its session. */
  async function principalOf(c: Context): Promise<Principal | ProblemResponse | null> {
    const authorization = c.req.header('authorization');
    if (!hasAuthorization(authorization)) return sessionOf(c);
    // Token expiry is on the simulation's real clock (realNow), the clock the token was created on.
    const result = await bearerSession(db, authorization ?? '', options.realNow(), clientAddress(c, options.trustedProxies ?? 0));
    if ('session' in result) return result.session;
    const { status, detail } = result.refused;
    return status === 401 ? problemOf(401, 'unauthenticated', 'Token refused', detail) : problemOf(403, 'forbidden', 'Not allowed', detail);
  }

  /**
   * Runs an operation over the organization's state: reads without locking and commit nothing;
   * anything that changes state (every write, and a read whose reconcilers caught up with time)
   * locks the organization's row first, so writes to one organization queue and never interleave.
   */
  async function inOrganization(session: Principal, call: CloudRequest, found: FoundOperation | null, handler: Handler, address: string | null = null): Promise<CloudResponse | Deferred> {
    let write = UNSAFE.has(call.method);
    // Pod writes load only their own rows (server/pod-writes.ts), unless that falls short: then the full path.
    let partialWrite = write && options.partialWrites !== false;
    for (;;) {
      try {
        return await db.transaction(async (tx) => {
          if (!write) await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
          const partial = partialWrite ? await loadPodWrite(tx, session, call, options.realNow()) : null;
          const state = partial?.state ?? (await loadState(tx, session.orgId, { lock: write }));
          if (!state) return unauthenticated();
          const acting = session.actingUserId ?? session.userId;
          const signedIn = state.users.find((u) => u.id === session.userId);
          if (!signedIn || !state.users.some((u) => u.id === acting)) return unauthenticated();
          if (call.path.startsWith('/v1/simulation') && signedIn.role !== 'admin') {
            return problemOf(403, 'forbidden', 'Not allowed', 'Only admins use the simulation controls.');
          }
          const before = snapshot(state);
          state.currentUserId = acting;
          const run = requestContext(state, partial ? () => partial.realNowMs : options.realNow, dressFor(state.organization.id, state.organization.name));
          if (session.token?.scope) run.ctx.scope = session.token.scope;
          run.ctx.directory = directoryFor(tx, session.orgId, options.nodeEnv ?? process.env.NODE_ENV);
          // Notifications (issue 16): a webhook delivery's replay, in the outbox (server/webhook-reads.ts).
          run.ctx.deliveries = deliveriesFor(tx, session.orgId);
          // A partial state is loaded only while the reconcilers have nothing to do (and they read every pod).
          if (partial) run.ctx.fleet = partial.fleet;
          else await reconcile(run.ctx);
          const res = await handler(run.ctx, call);
          if (!('deferred' in res) && found) {
            const type = res.body === undefined ? null : res.status >= 400 ? 'application/problem+json' : 'application/json';
            const violations = contract.responseViolations(found, res.status, type, res.body);
            if (violations.length > 0) throw new ContractBreach(violations);
          }
          // The audit entries this request made (a loaded state has none): from where, and with which token.
          for (const entry of run.ctx.state.auditLog ?? []) {
            if (entry.actorKind !== 'user') continue;
            entry.address = address;
            if (session.token) Object.assign(entry, { actorKind: 'token', tokenId: session.token.id, tokenName: session.token.name });
          }
          const after = snapshot(run.ctx.state);
          if (!sameSnapshot(before, after)) {
            if (!write) throw new NeedsWrite();
            const written = await writeChanges(tx, session.orgId, before, after);
            log.debug('state written', { org: session.orgId, path: call.path, ...written });
          }
          const nowActing = run.replaced() ? session.userId : run.ctx.state.currentUserId;
          if (nowActing !== acting) await setActingUser(tx, session, nowActing === session.userId ? null : nowActing);
          return res;
        });
      } catch (e) {
        if (e instanceof NeedsWrite && !write) {
          write = true;
          continue;
        }
        if (partialWrite && needsFullPath(e)) {
          log.debug('pod write on the full path', { org: session.orgId, path: call.path, reason: e instanceof Error ? e.message : String(e) });
          partialWrite = false;
          continue;
        }
        throw e;
      }
    }
  }

  const runCloud = async (ctx: CloudContext, call: CloudRequest): Promise<CloudResponse> => dispatch(ctx, await routesFor(call.path), call);

  /**
   * A read over samples from the telemetry source (server/telemetry-rounds.ts): the first round
   * runs in the transaction like any read; if it asked for samples, they are fetched and the
   * later rounds run after it, over the state it read.
   */
  const telemetryHandler =
    (telemetry: TelemetrySource): Handler =>
    async (ctx, call) => {
      const read = telemetryRead(ctx, telemetry);
      const first = await runCloud(read.ctx, call);
      if (!read.lacking()) return first;
      const run = (c: CloudContext) => runCloud(c, call);
      return {
        deferred: () =>
          read.finish(run).catch((e: unknown) => {
            // The pods stay in sight (to stop them) while the metrics store is down: their GPU use is unknown.
            if (!(e instanceof TelemetryUnavailable) || !/^\/v1\/pods(\/[^/]+)?$/.test(call.path)) throw e;
            log.error('telemetry unavailable: pods answered without GPU use', { path: call.path, error: e.message });
            return read.withoutSamples(run);
          }),
      };
    };

  app.post('/v1/auth/sign-in', async (c) => {
    const found = contract.find('POST', '/v1/auth/sign-in');
    const parsed = await readBody(c);
    if ('error' in parsed) return send(c, found, parsed.error);
    const call: CloudRequest = { method: 'POST', path: '/v1/auth/sign-in', query: new URLSearchParams(), headers: c.req.raw.headers, body: parsed.body };
    const invalid = contractErrors(found, call);
    if (invalid) return send(c, found, invalid);
    const { email, password } = parsed.body as { email: string; password: string };
    const admission = await admitSignIn(db, email, clientAddress(c, options.trustedProxies ?? 0), wallNow());
    if (!admission.admitted) {
      log.info('sign-in limited', { email, retryAfterS: admission.retryAfterS });
      return send(c, found, tooManyAttempts(admission.retryAfterS));
    }
    const [user] = await db.query<{ org_id: string; id: string; name: string; password_hash: string | null }>('SELECT org_id, id, name, password_hash FROM users WHERE lower(email) = lower($1)', [email]);
    // An unknown e-mail costs the same time as a wrong password (verifyPassword hashes anyway).
    const verified = await verifyPassword(password, user?.password_hash ?? null);
    if (!user || !verified) {
      log.info('sign-in refused', { email });
      if (user) await db.transaction((tx) => recordSignIn(tx, user.org_id, { id: user.id, name: String(user.name) }, false, clientAddress(c, options.trustedProxies ?? 0), options.realNow()));
      return send(c, found, problemOf(401, 'sign-in-failed', 'Sign-in failed', 'The e-mail or the password is not right.'));
    }
    await signInSucceeded(db, admission);
    const { sessionToken, csrfToken } = await db.transaction(async (tx) => {
      await recordSignIn(tx, user.org_id, { id: user.id, name: String(user.name) }, true, clientAddress(c, options.trustedProxies ?? 0), options.realNow());
      return createSession(tx, user.org_id, user.id, wallNow());
    });
    const session: Session = { tokenHash: '', orgId: user.org_id, userId: user.id, actingUserId: null, csrfHash: '' };
    const sessionCall: CloudRequest = { ...call, method: 'GET', path: '/v1/session', body: undefined };
    const res = (await direct.answer(session, sessionCall)) ?? (await inOrganization(session, sessionCall, null, runCloud));
    if ('deferred' in res) throw new Error('the session is never deferred');
    return send(c, found, res, sessionCookies(sessionToken, csrfToken).map((v) => ['Set-Cookie', v]));
  });

  /**
   * A POST made before any session (joining with an invitation, an e-mail's action link): its body
   * read and checked against the contract, then answered by `answer` with the request's context.
   */
  function preSession(path: string, answer: (c: Context, body: unknown) => Promise<CloudResponse & { cookies?: string[] }>): void {
    app.post(path, async (c) => {
      const found = contract.find('POST', path);
      const parsed = await readBody(c);
      if ('error' in parsed) return send(c, found, parsed.error);
      const invalid = contractErrors(found, { method: 'POST', path, query: new URLSearchParams(), headers: c.req.raw.headers, body: parsed.body });
      if (invalid) return send(c, found, invalid);
      const { cookies = [], ...res } = await answer(c, parsed.body);
      return send(c, found, res, cookies.map((v) => ['Set-Cookie', v]));
    });
  }

  // Joining with an invitation: the link's secret finds the organization (server/people.ts).
  const people = { db, realNow: options.realNow, wallNow, nodeEnv: options.nodeEnv ?? process.env.NODE_ENV };
  preSession('/v1/auth/invitations/preview', (_c, body) => previewOnServer(people, body as never));
  preSession('/v1/auth/invitations/accept', async (c, body) => {
    const res = await acceptOnServer(people, body as never, clientAddress(c, options.trustedProxies ?? 0));
    return { ...res, cookies: res.session ? sessionCookies(res.session.sessionToken, res.session.csrfToken) : [] };
  });

  // Action links from notification e-mails (server/action-links.ts): they act as their recipient,
  // through the same path as any request (the audit log records the address they came from).
  const links = (c: Context) => {
    const address = clientAddress(c, options.trustedProxies ?? 0);
    return {
      db,
      wallNow,
      runAs: async (principal: Session, call: CloudRequest): Promise<CloudResponse> => {
        const res = (call.method === 'GET' ? await direct.answer(principal, call) : null) ?? (await inOrganization(principal, call, contract.find(call.method, call.path), runCloud, address));
        if ('deferred' in res) throw new Error('a pod is never deferred without telemetry rounds');
        return res;
      },
    };
  };
  preSession('/v1/auth/action-links/preview', (c, body) => previewActionLink(links(c), (body as { token: string }).token));
  preSession('/v1/auth/action-links/use', async (c, body) => useActionLink(links(c), (body as { token: string }).token, await sessionOf(c)));

  // Single sign-on's two browser legs (server/sso.ts).
  const sso = { db, log, realNow: options.realNow, wallNow, nodeEnv: people.nodeEnv, trustedProxies: options.trustedProxies ?? 0, apiBase: options.apiBase ?? '/api' };
  app.get('/v1/auth/sso/start', (c) => startSso(c, sso));
  app.get('/v1/auth/sso/callback', (c) => finishSso(c, sso));

  app.post('/v1/auth/sign-out', async (c) => {
    const found = contract.find('POST', '/v1/auth/sign-out');
    const session = await sessionOf(c);
    if (!session) return send(c, found, unauthenticated());
    if (!csrfHolds(session, c.req.header(CSRF_HEADER) ?? null, parseCookies(c.req.header('cookie')).get(CSRF_COOKIE))) return send(c, found, csrfRefused());
    await db.transaction((tx) => endSession(tx, session));
    return send(c, found, { status: 204 }, clearedCookies().map((v) => ['Set-Cookie', v]));
  });

  app.all('/v1/*', async (c) => {
    const url = new URL(c.req.url);
    const path = url.pathname.slice(url.pathname.indexOf('/v1/')).replace(/\/+$/, '');
    const method = c.req.method.toUpperCase();
    if (malformedPath(path)) return send(c, null, problemOf(400, 'bad-request', 'Bad request', 'The address has a broken percent-encoding (such as %ff): nothing can be found under it. Check the link.'));
    const nul = nulField(decodeURIComponent(path), 'path') ?? nulInQuery(url.searchParams);
    if (nul) return send(c, null, nulRefused(nul));
    const found = contract.find(method, path);
    const session = await principalOf(c);
    if (!session) return send(c, found, unauthenticated());
    if ('body' in session) return send(c, found, session);
    if (session.token) {
      if (UNSAFE.has(method) && session.token.readOnly) {
        return send(c, found, problemOf(403, 'read-only-token', 'Not allowed', `This API token is read-only: it cannot ${method} ${path}. Use a token that may make changes, or the console.`));
      }
    } else if (UNSAFE.has(method) && !csrfHolds(session, c.req.header(CSRF_HEADER) ?? null, parseCookies(c.req.header('cookie')).get(CSRF_COOKIE))) {
      return send(c, found, csrfRefused());
    }
    if (path.startsWith('/v1/simulation') && !options.allowSimulation) {
      return send(c, null, problemOf(404, 'not-found', 'Not found', `There is no API operation at ${path}.`));
    }
    const parsed = await readBody(c);
    if ('error' in parsed) return send(c, found, parsed.error);
    const call: CloudRequest = { method, path, query: url.searchParams, headers: c.req.raw.headers, body: parsed.body };
    const invalid = contractErrors(found, call);
    if (invalid) return send(c, found, invalid);
    const handler = method === 'GET' && options.telemetry ? telemetryHandler(options.telemetry) : runCloud;
    try {
      // A read SQL answers by itself (checked against the contract in send); null: the full path.
      // The direct reader leaves a token that narrows its owner to the full path, unless the read applies the scope itself.
      const answered = method === 'GET' ? await direct.answer(session, call) : null;
      if (answered) return send(c, found, answered);
      const res = await inOrganization(session, call, found, handler, clientAddress(c, options.trustedProxies ?? 0));
      return 'deferred' in res ? send(c, found, await res.deferred()) : send(c, found, res, [], true);
    } catch (e) {
      if (e instanceof ContractBreach) return breach(c, found, e.violations);
      if (e instanceof TelemetryUnavailable) {
        log.error('telemetry unavailable', { path, error: e.message });
        return send(c, found, problemOf(503, 'telemetry-unavailable', 'Metrics unavailable', 'The metrics store did not answer. Try again in a moment.'));
      }
      throw e;
    }
  });

  app.all('*', (c) => send(c, null, problemOf(404, 'not-found', 'Not found', `There is no API operation at ${c.req.path}.`)));

  app.onError((err, c) => {
    log.error('request failed', { method: c.req.method, path: c.req.path, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    const p = problemOf(500, 'internal', 'Internal error', 'Something went wrong on the server. Nothing was changed; the error is logged.');
    return new Response(JSON.stringify(p.body), { status: 500, headers: { 'content-type': 'application/problem+json', 'Cache-Control': 'no-store' } });
  });

  return app;
}
