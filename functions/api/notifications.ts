import type { Audience } from '#shared/schemas/notice';
import { httpRoute, ok } from '../middleware.ts';
import { routes } from './routes.ts';

/** A notice is addressed to a role (optionally one council or seat); I see those of each of my roles. */
export const listNotifications = httpRoute(routes.notifications, async ({ deps, caller }) => {
  const audiences: Audience[] = caller.groups.flatMap((role) => [{ role }, ...(caller.council ? [{ role, council: caller.council }] : [])]);
  return ok({ notifications: await deps.notices.listFor(audiences) });
});
