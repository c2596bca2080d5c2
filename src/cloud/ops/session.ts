/** Session, users and projects. */
import { currentUser, visibleProjectIds, type CloudContext } from '../context';
import { ok, type Route } from '../http';
import type { Schemas } from '../api-types';
import type { User } from '../model';

/** A user as the contract shows one (not how they sign in). */
export const userView = ({ id, name, email, role }: User): Schemas['User'] => ({ id, name, email, role });

export function sessionOf(ctx: CloudContext): Schemas['Session'] {
  const visible = visibleProjectIds(ctx);
  return {
    user: userView(currentUser(ctx)),
    organization: ctx.state.organization,
    projects: ctx.state.projects.filter((p) => visible.has(p.id)),
  };
}

export const sessionRoutes: Route[] = [
  { method: 'GET', path: '/v1/session', handler: (ctx) => ok(sessionOf(ctx)) },
  { method: 'GET', path: '/v1/users', handler: (ctx) => ok({ items: ctx.state.users.map(userView) }) },
  { method: 'GET', path: '/v1/projects', handler: (ctx) => ok({ items: ctx.state.projects }) },
];
