import * as z from 'zod';
import { announceStatement as announce, closeYear as close, issueStatement } from '#shared/use-cases/reconciliation';
import { count } from '#shared/telemetry';
import { workflowTask } from './task.ts';

const PeriodRef = z.object({ agency: z.string(), year: z.string(), period: z.string() });

export const produceStatement = workflowTask(PeriodRef, async (deps, input) => {
  const statement = await issueStatement(deps, input);
  count('StatementRuns');
  return statement;
});
export const closeYear = workflowTask(z.object({ agency: z.string(), year: z.string() }), close);
export const announceStatement = workflowTask(PeriodRef, async (deps, input) => {
  await announce(deps, input);
  return {};
});
