/** The RAA manager runs a reconciliation by hand: apart from reading and confirming statements, so only this function may start the workflow. */
import { protocols } from '#shared/store/adapters';
import { NotFoundError } from '#shared/errors';
import { periodOf } from '#shared/use-cases/reconciliation';
import { reconciliationExecutionName } from '#shared/use-cases/start-reconciliations';
import { httpRoute } from '../middleware.ts';
import { reconciliationRoutes } from './routes/reconciliation.ts';
import '../step-functions.ts';

export const runReconciliation = httpRoute(reconciliationRoutes.runReconciliation, { protocols }, async ({ deps, params, body }) => {
  await deps.agencies.get(params.agency);
  periodOf(params.year, body.period);
  if (!(await deps.protocols.find(params.agency, params.year))) throw new NotFoundError(`No funding protocol is set for ${params.year}`);
  const run = await deps.workflows.start('reconciliation', reconciliationExecutionName(params.agency, params.year, body.period), { agency: params.agency, year: params.year, period: body.period });
  return { status: 202, body: { agency: params.agency, year: params.year, period: body.period, execution: run.name, run: run.status } };
});
