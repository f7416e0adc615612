/** The success banner a page shows after post/redirect/get (`?done=<change>`), in the words its audience's pages give each change. */
import { notificationBanner } from '#shared/views/components';
import type { Html } from '#shared/views/html';

export function doneBannerOf(messages: Record<string, string>): (query: Record<string, string | undefined>) => Html | undefined {
  return (query) => {
    const text = query.done ? messages[query.done] : undefined;
    return text ? notificationBanner(text, '', { success: true }) : undefined;
  };
}
