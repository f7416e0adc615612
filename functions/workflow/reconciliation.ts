import { agencies, apportionments, contributions, notices, placements, protocols, reserve, setUpGrant, spend, spotPurchases, statements, yearFigures } from '#shared/store/adapters';
import * as z from 'zod';
import { announceStatement as announce, closeYear as close, issueStatement } from '#shared/use-cases/reconciliation';
import { count } from '#shared/telemetry';
import { workflowTask } from './task.ts';

const PeriodRef = z.object({ agency: z.string(), year: z.string(), period: z.string() });

export const produceStatement = workflowTask(PeriodRef, { agencies, apportionments, contributions, placements, protocols, reserve, setUpGrant, spend, spotPurchases, statements, yearFigures }, async (deps, input) => {
  const statement = await issueStatement(deps, input);
  count('StatementRuns');
  return statement;
});
export const closeYear = workflowTask(z.object({ agency: z.string(), year: z.string() }), { reserve, setUpGrant, statements }, close);
export const announceStatement = workflowTask(PeriodRef, { agencies, notices, statements }, async (deps, input) => {
  await announce(deps, input);
  return {};
});
