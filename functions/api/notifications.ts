import { myNotifications } from '#shared/use-cases/my-notifications';
import { httpRoute, ok } from '../middleware.ts';
import { routes } from './routes.ts';

export const listNotifications = httpRoute(routes.notifications, async ({ deps, caller }) => ok({ notifications: await myNotifications(deps, caller) }));
