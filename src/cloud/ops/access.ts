/** Access and audit: API tokens, saved SSH keys and the audit log load together (the routes table stays small). */
import type { Route } from '../http';
import { apiTokenRoutes } from './api-tokens';
import { auditRoutes } from './audit';
import { sshKeyRoutes } from './ssh-keys';

export const accessRoutes: Route[] = [...apiTokenRoutes, ...sshKeyRoutes, ...auditRoutes];
