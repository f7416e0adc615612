import { apportionments, contributions, reserve, setUpGrant, spend, spotPurchases, statements, yearFigures } from '#shared/store/adapters';
import { confirmStatement, readStatement } from '#shared/use-cases/reconciliation';
import { httpRoute, ok } from '../middleware.ts';
import { reconciliationRoutes } from './routes/reconciliation.ts';

export const getReconciliation = httpRoute(reconciliationRoutes.getReconciliation, { apportionments, contributions, reserve, setUpGrant, spend, spotPurchases, statements, yearFigures }, async ({ deps, caller, params, query }) => ok(await readStatement(deps, caller, { ...params, period: query.period })));

export const confirmReconciliation = httpRoute(reconciliationRoutes.confirmReconciliation, { apportionments, contributions, reserve, setUpGrant, spend, spotPurchases, statements, yearFigures }, async ({ deps, caller, params, query }) => ok(await confirmStatement(deps, caller, { ...params, period: query.period })));
