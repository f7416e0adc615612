/** The routes of functions/api/contributions.ts (the table is functions/api/routes.ts): its function's bundle carries these schemas only. */
import * as z from 'zod';
import { AgencyId, CouncilId, FinancialYear } from '#shared/schemas/common';
import { ContributionAccount, ContributionReceipt, ContributionReceiptRequest, ContributionReceiptsPageQuery } from '#shared/schemas/contributions';
import { type RouteSpec } from './spec.ts';

export const contributionRoutes = {
  recordContributionReceipt: {
    method: 'POST', path: '/agencies/{agency}/years/{year}/contributions/{council}/receipts', summary: "Records money received against a council's contribution for the year", who: 'finance-officer of the host council',
    entry: 'functions/api/contributions.ts', handler: 'recordReceipt', roles: ['finance-officer'], params: z.object({ agency: AgencyId, year: FinancialYear, council: CouncilId }), body: ContributionReceiptRequest, response: ContributionReceipt, successStatus: 201, headers: ['Idempotency-Key'],
  },
  getContribution: {
    method: 'GET', path: '/agencies/{agency}/years/{year}/contributions/{council}', summary: "A council's approved contribution in instalments: due to date, received, outstanding; its receipts a page at a time (`next`)", who: 'raa-manager, scb-member, admin; finance-officer of that council or of the host',
    entry: 'functions/api/contributions.ts', handler: 'getContribution', roles: ['raa-manager', 'scb-member', 'admin', 'finance-officer'], params: z.object({ agency: AgencyId, year: FinancialYear, council: CouncilId }), query: ContributionReceiptsPageQuery, response: ContributionAccount,
  },
} satisfies Record<string, RouteSpec>;
