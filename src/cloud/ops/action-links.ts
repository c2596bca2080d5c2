/**
 * Action links come in notification e-mails (server/action-links.ts answers them); the simulator
 * sends no e-mails, so it knows no links. Routed with the other /v1/auth calls (ops/people.ts).
 */
import type { Route } from '../http';
import { problem } from '../problem';

export const unknownActionLink = () =>
  problem(404, 'action-link-unknown', 'No such link', 'This link is not known: check that it was copied whole from the e-mail. A link stops working when the person it was sent to leaves the organization.');

export const actionLinkRoutes: Route[] = (['preview', 'use'] as const).map((step) => ({
  method: 'POST',
  path: `/v1/auth/action-links/${step}`,
  handler: () => {
    throw unknownActionLink();
  },
}));
