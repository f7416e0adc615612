/**
 * The page function: one Lambda behind CloudFront's default behaviour (the
 * API keeps its own routes), dispatching each address to its page by the
 * table in routes.ts. Locally infra/local/pages.ts calls the same handler.
 */
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as everyone from './home.ts';
import * as signIn from './sign-in.ts';
import * as finance from './finance.ts';
import * as board from './board.ts';
import * as manager from './manager.ts';
import * as importing from './import-placements.ts';
import * as reports from './reports.ts';
import * as admin from './admin.ts';
import type { PageEvent } from './page.ts';
import { pages, type PageName } from './routes.ts';
import { notFoundPage } from './not-found.ts';
import '../step-functions.ts';

type PageHandler = (event: PageEvent, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

const handlers: Record<PageName, PageHandler> = {
  home: everyone.home,
  notices: everyone.notices,
  signOut: everyone.signOut,
  signedOut: everyone.signedOut,
  cognitoSignIn: signIn.signIn,
  cognitoCallback: signIn.callback,
  council: finance.council,
  receipts: finance.receipts,
  spend: finance.spend,
  grant: finance.grant,
  decisions: board.decisions,
  decided: board.decided,
  decision: board.decision,
  dashboard: manager.dashboard,
  placements: manager.placements,
  reversal: manager.reversal,
  importPlacements: importing.importPlacements,
  indicators: manager.indicators,
  report: manager.report,
  protocol: manager.protocol,
  catalogue: manager.catalogue,
  reserve: manager.reserve,
  reports: reports.reports,
  boardPack: reports.boardPack,
  extract: reports.extract,
  agreement: admin.agreement,
};

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

export async function handler(event: PageEvent, context: Context): Promise<APIGatewayProxyStructuredResultV2> {
  const match = matchPage(event.rawPath);
  if (!match) return notFoundPage(event, context);
  return handlers[match.name]({ ...event, pathParameters: match.params }, context);
}
