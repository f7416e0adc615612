import { notices } from '#shared/store/adapters';
import { myNotifications } from '#shared/use-cases/my-notifications';
import { httpRoute, ok } from '../middleware.ts';
import { notificationRoutes } from './routes/notifications.ts';

export const listNotifications = httpRoute(notificationRoutes.notifications, { notices }, async ({ deps, caller }) => ok({ notifications: await myNotifications(deps, caller) }));
