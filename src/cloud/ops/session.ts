/** Session, users and projects. */
import { currentUser, visibleProjectIds, type CloudContext } from '../context';
import { ok, type Route } from '../http';
import type { Schemas } from '../api-types';

export function sessionOf(ctx: CloudContext): Schemas['Session'] {
  const visible = visibleProjectIds(ctx);
  return {
    user: currentUser(ctx),
    organization: ctx.state.organization,
    projects: ctx.state.projects.filter((p) => visible.has(p.id)),
  };
}

export const sessionRoutes: Route[] = [
  { method: 'GET', path: '/v1/session', handler: (ctx) => ok(sessionOf(ctx)) },
  { method: 'GET', path: '/v1/users', handler: (ctx) => ok({ items: ctx.state.users }) },
  { method: 'GET', path: '/v1/projects', handler: (ctx) => ok({ items: ctx.state.projects }) },
];
