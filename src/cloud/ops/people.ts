/** People: members, invitations and single sign-on load together. */
import type { Route } from '../http';
import { memberRoutes } from './members';
import { ssoRoutes } from './sso';

export const peopleRoutes: Route[] = [...memberRoutes, ...ssoRoutes];
