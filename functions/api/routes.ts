/**
 * The HTTP contract (../shared/API.md) as data: each route's schemas, its
 * handler and who may call it. The OpenAPI document, the CDK HTTP API and the
 * local server are all built from this table.
 *
 * Each handler file's routes are listed in a file of their own under
 * routes/, which the handler imports instead of this table: a function's
 * bundle then carries its own routes' schemas, not every route's. The order
 * here is the order of the document and of the local server's matching.
 */
import { ErrorBody } from '#shared/schemas/common';
import type { RouteSpec } from './routes/spec.ts';
import { metaRoutes } from './routes/meta.ts';
import { agencyRoutes } from './routes/agencies.ts';
import { protocolRoutes } from './routes/protocol.ts';
import { forecastRoutes } from './routes/forecasts.ts';
import { apportionmentRoutes } from './routes/apportionment.ts';
import { approvalRoutes } from './routes/approvals.ts';
import { placementRoutes } from './routes/placements.ts';
import { positionRoutes } from './routes/position.ts';
import { spotPurchaseRoutes } from './routes/spot-purchases.ts';
import { indicatorRoutes } from './routes/indicators.ts';
import { reportRoutes } from './routes/reports.ts';
import { spendRoutes } from './routes/spend.ts';
import { reconciliationRoutes } from './routes/reconciliation.ts';
import { contributionRoutes } from './routes/contributions.ts';
import { grantRoutes } from './routes/grant.ts';
import { reserveRoutes } from './routes/reserve.ts';
import { notificationRoutes } from './routes/notifications.ts';

export type { RouteSpec };

export const routes = {
  ...metaRoutes,
  ...agencyRoutes,
  ...protocolRoutes,
  ...forecastRoutes,
  ...apportionmentRoutes,
  ...approvalRoutes,
  ...placementRoutes,
  ...positionRoutes,
  ...spotPurchaseRoutes,
  ...indicatorRoutes,
  ...reportRoutes,
  ...spendRoutes,
  ...reconciliationRoutes,
  ...contributionRoutes,
  ...grantRoutes,
  ...reserveRoutes,
  ...notificationRoutes,
} satisfies Record<string, RouteSpec>;

export type RouteName = keyof typeof routes;
export const allRoutes: RouteSpec[] = Object.values(routes);
export { ErrorBody };
