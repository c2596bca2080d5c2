/** Access, audit and notifications: API tokens, saved SSH keys, the audit log, one's notifications, the webhooks and one's capacity watches load together (the routes table stays small). */
import type { Route } from '../http';
import { apiTokenRoutes } from './api-tokens';
import { capacityWatchRoutes } from './capacity-watches';
import { auditRoutes } from './audit';
import { notificationRoutes } from './notifications';
import { webhookRoutes } from './webhooks';
import { sshKeyRoutes } from './ssh-keys';

export const accessRoutes: Route[] = [...apiTokenRoutes, ...sshKeyRoutes, ...auditRoutes, ...notificationRoutes, ...webhookRoutes, ...capacityWatchRoutes];
