/**
 * Pages are served by one function per audience (its file: finance.ts,
 * board.ts, manager.ts, ...), so each function carries only its own pages'
 * use cases and stores. API Gateway routes each page's address to its
 * audience's function (infra/stacks/pages-stack.ts), and the local server
 * does the same (infra/local/pages.ts); the function then finds the page by
 * the address, as routes.ts lists it.
 */
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { notFoundPage } from './not-found.ts';
import type { PageEvent } from './page.ts';
import { pages, type PageName } from './routes.ts';

export type PageHandler = (event: PageEvent, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

interface Compiled {
  name: PageName;
  pattern: RegExp;
  names: string[];
}

/** Fixed addresses first (`/notices` before `/{agency}`), then the longer patterns. */
const compiled: Compiled[] = (Object.entries(pages) as [PageName, { path: string }][])
  .map(([name, spec]) => {
    const names: string[] = [];
    const source = spec.path.replace(/[.]/g, '\\.').replace(/\{([a-zA-Z]+)\}/g, (_, param: string) => {
      names.push(param);
      return '([^/]+)';
    });
    return { name, pattern: new RegExp(`^${source}$`), names };
  })
  .sort((a, b) => a.names.length - b.names.length);

/** The page at an address, with its parameters decoded; none for an address that is no page (or a malformed percent-encoding in it). */
export function matchPage(path: string): { name: PageName; params: Record<string, string> } | undefined {
  for (const page of compiled) {
    const match = page.pattern.exec(path);
    if (match) {
      try {
        return { name: page.name, params: Object.fromEntries(page.names.map((n, i) => [n, decodeURIComponent(match[i + 1]!)])) };
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The handler of an audience's function: each of its pages by name; any other address is the 404 page. */
export function servePages(served: Partial<Record<PageName, PageHandler>>): PageHandler {
  return async (event, context) => {
    const match = matchPage(event.rawPath);
    const page = match && served[match.name];
    if (!page) return notFoundPage(event, context);
    return page({ ...event, pathParameters: match.params }, context);
  };
}
