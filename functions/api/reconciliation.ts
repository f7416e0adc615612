import { NotFoundError } from '#shared/errors';
import { confirmStatement, periodOf, readStatement } from '#shared/use-cases/reconciliation';
import { reconciliationExecutionName } from '#shared/use-cases/start-reconciliations';
import { httpRoute, ok } from '../middleware.ts';
import { reconciliationRoutes } from './routes/reconciliation.ts';
import '../step-functions.ts';

export const getReconciliation = httpRoute(reconciliationRoutes.getReconciliation, async ({ deps, caller, params, query }) => ok(await readStatement(deps, caller, { ...params, period: query.period })));

export const confirmReconciliation = httpRoute(reconciliationRoutes.confirmReconciliation, async ({ deps, caller, params, query }) => ok(await confirmStatement(deps, caller, { ...params, period: query.period })));

export const runReconciliation = httpRoute(reconciliationRoutes.runReconciliation, async ({ deps, params, body }) => {
  await deps.agencies.get(params.agency);
  periodOf(params.year, body.period);
  if (!(await deps.protocols.find(params.agency, params.year))) throw new NotFoundError(`No funding protocol is set for ${params.year}`);
  const run = await deps.workflows.start('reconciliation', reconciliationExecutionName(params.agency, params.year, body.period), { agency: params.agency, year: params.year, period: body.period });
  return { status: 202, body: { agency: params.agency, year: params.year, period: body.period, execution: run.name, run: run.status } };
});
