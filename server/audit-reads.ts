/**
 * GET /v1/audit-log answered by SQL (a direct read, server/direct-reads.ts): the cloud's own route
 * (cloud/ops/audit.ts) over a state of the organization's users, projects and the one page of
 * entries selectAuditPage picks with the same rules. It honours an API token's scope (its role
 * and projects), so a narrowed token reads the log this way too, never loading the organization.
 */
import { dispatch, type CloudRequest, type CloudResponse } from '../src/cloud/http';
import { routesFor } from '../src/cloud/routes';
import { auditFilterOf } from '../src/cloud/ops/audit';
import type { CloudState } from '../src/cloud/model';
import { Problem } from '../src/cloud/problem';
import type { TokenPrincipal } from './api-tokens';
import { selectAuditPage } from './audit-store';
import { requestContext } from './cloud-context';
import type { Tx } from './db';
import { selectUsers, type DirectRead, type ReadScope } from './direct-reads';

export const AUDIT_READ: DirectRead = {
  method: 'GET',
  path: /^\/v1\/audit-log$/,
  honoursTokenScope: true,
  async handle(tx: Tx, scope: ReadScope, call: CloudRequest): Promise<CloudResponse | null> {
    const users = await selectUsers(tx, scope.session.orgId);
    const state: CloudState = { ...scope.base, users, projects: scope.projects ?? [], pods: [], currentUserId: scope.user.id };
    const run = requestContext(state, scope.realNow, (world) => world);
    const token = (scope.session as { token?: TokenPrincipal }).token;
    if (token?.scope) run.ctx.scope = token.scope;
    try {
      state.auditLog = await selectAuditPage(tx, scope.session.orgId, auditFilterOf(run.ctx, call.query));
    } catch (e) {
      if (e instanceof Problem) return { status: e.status, body: e.body };
      throw e;
    }
    return dispatch(run.ctx, await routesFor(call.path), call);
  },
};
