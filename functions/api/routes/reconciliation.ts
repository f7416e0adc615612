/** The routes of functions/api/reconciliation.ts and reconciliation-runs.ts (the table is functions/api/routes.ts): its function's bundle carries these schemas only. */
import * as z from 'zod';
import { PeriodParam, ReconciliationStatement } from '#shared/schemas/reconciliation';
import { type RouteSpec, YearParams, ForecastParams } from './spec.ts';

export const reconciliationRoutes = {
  getReconciliation: {
    method: 'GET', path: '/agencies/{agency}/years/{year}/reconciliation', summary: 'The reconciliation statement for a quarter (year to date) or the year end: issued, or as the figures stand', who: "raa-manager, scb-member; finance-officer: own council's lines",
    entry: 'functions/api/reconciliation.ts', handler: 'getReconciliation', roles: ['raa-manager', 'scb-member', 'finance-officer', 'admin'], params: YearParams, query: z.object({ period: PeriodParam }), response: ReconciliationStatement,
  },
  confirmReconciliation: {
    method: 'POST', path: '/agencies/{agency}/years/{year}/reconciliation/{council}/confirm', summary: "Confirms the council's statement for the period; confirming twice changes nothing", who: 'finance-officer of that council',
    entry: 'functions/api/reconciliation.ts', handler: 'confirmReconciliation', roles: ['finance-officer'], params: ForecastParams, query: z.object({ period: PeriodParam }), response: ReconciliationStatement,
  },
  runReconciliation: {
    method: 'POST', path: '/agencies/{agency}/years/{year}/reconciliation/run', summary: 'Runs the reconciliation workflow for a period now (the schedule runs it at each quarter and year end); a re-run gives the same statement', who: 'raa-manager',
    entry: 'functions/api/reconciliation-runs.ts', handler: 'runReconciliation', roles: ['raa-manager'], params: YearParams, body: z.object({ period: PeriodParam }).strict(), successStatus: 202, starts: ['reconciliation'],
  },
} satisfies Record<string, RouteSpec>;
