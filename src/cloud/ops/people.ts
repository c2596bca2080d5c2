/** People: members, invitations, single sign-on and the other calls made before signing in (/v1/auth) load together. */
import type { Route } from '../http';
import { actionLinkRoutes } from './action-links';
import { memberRoutes } from './members';
import { ssoRoutes } from './sso';

export const peopleRoutes: Route[] = [...memberRoutes, ...ssoRoutes, ...actionLinkRoutes];
