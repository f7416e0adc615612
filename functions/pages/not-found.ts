import { NotFoundError } from '#shared/errors';
import { pageRoute } from './page.ts';

/** An address that is no page: the 404 page, signed in or not. */
export const notFoundPage = pageRoute({ path: '*', public: true }, {
  view: async ({ path }) => {
    throw new NotFoundError(`There is no page at ${path}`);
  },
});
