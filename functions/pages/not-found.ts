import { NotFoundError } from '#shared/errors';
import { pageRoute } from './page.ts';

/** These pages take no port besides the agreement. */
const PORTS = {};

/** An address that is no page: the 404 page, signed in or not. */
export const notFoundPage = pageRoute({ path: '*', public: true }, PORTS, {
  view: async ({ path }) => {
    throw new NotFoundError(`There is no page at ${path}`);
  },
});
