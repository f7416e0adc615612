/** The routes of functions/api/notifications.ts (the table is functions/api/routes.ts): its function's bundle carries these schemas only. */
import { NoticeList } from '#shared/schemas/notice';
import { type RouteSpec } from './spec.ts';

export const notificationRoutes = {
  notifications: {
    method: 'GET', path: '/notifications', summary: 'My reminders and notices, newest first', who: 'any signed-in',
    entry: 'functions/api/notifications.ts', handler: 'listNotifications', response: NoticeList,
  },
} satisfies Record<string, RouteSpec>;
