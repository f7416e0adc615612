/**
 * The pages as data, beside the API's routes (functions/api/routes.ts): each
 * page's address, who may open it and its parameters. One Lambda function
 * serves them all (functions/pages/router.ts); locally the same router runs
 * behind infra/local/pages.ts. Addresses are built by `to` in shared/views/chrome.ts.
 */
import * as z from 'zod';
import { AgencyId, CouncilId, FinancialYear, QuarterId } from '#shared/schemas/common';
import type { PageSpec } from './page.ts';

const Agency = z.object({ agency: AgencyId });
const Year = z.object({ agency: AgencyId, year: FinancialYear });
const Quarter = z.object({ agency: AgencyId, quarter: QuarterId });

export const pages = {
  home: { path: '/' },
  notices: { path: '/notices' },
  signOut: { path: '/sign-out' },
  signedOut: { path: '/signed-out', public: true },
  cognitoSignIn: { path: '/sign-in', public: true },
  cognitoCallback: { path: '/auth/callback', public: true },
  council: {
    path: '/{agency}/years/{year}/councils/{council}', roles: ['finance-officer'], params: z.object({ agency: AgencyId, year: FinancialYear, council: CouncilId }),
    forms: { forecast: { main: 'placements' }, 'spot-purchase': { main: 'placements', prefixed: true }, confirm: { main: 'confirm' } },
  },
  receipts: { path: '/{agency}/years/{year}/receipts', roles: ['finance-officer'], params: Year, forms: { receipt: { main: 'amountPence' } } },
  spend: { path: '/{agency}/quarters/{quarter}/spend', roles: ['finance-officer'], params: Quarter, forms: { lines: { main: 'lines' }, upload: { main: 'file' }, preview: { main: 'file' } } },
  grant: { path: '/{agency}/grant', roles: ['finance-officer'], params: Agency, forms: { entry: { main: 'amountPence' } } },
  decisions: { path: '/{agency}/decisions', roles: ['scb-member'], params: Agency },
  decided: { path: '/{agency}/decisions/decided', roles: ['scb-member'], params: Agency },
  decision: { path: '/{agency}/decisions/{approvalId}', roles: ['scb-member'], params: z.object({ agency: AgencyId, approvalId: z.string().regex(/^[a-z0-9-]{3,80}$/) }), forms: { decide: { main: 'decision' } } },
  dashboard: { path: '/{agency}/years/{year}/dashboard', roles: ['raa-manager'], params: Year },
  placements: { path: '/{agency}/years/{year}/placements', roles: ['raa-manager'], params: Year, forms: { placement: { main: 'caseRef' } } },
  reversal: { path: '/{agency}/placements/{placementId}/reversal', roles: ['raa-manager'], params: z.object({ agency: AgencyId, placementId: z.string().regex(/^\d{4}-\d{2}\.[a-z0-9-]+\.[a-z0-9]+$/) }), forms: { reversal: { main: 'reason' } } },
  importPlacements: { path: '/{agency}/years/{year}/placements/import', roles: ['raa-manager'], params: Year, forms: { upload: { main: 'file' }, import: { main: 'file' } } },
  indicators: { path: '/{agency}/quarters/{quarter}/indicators', roles: ['raa-manager'], params: Quarter, forms: { indicators: { main: 'summary' } } },
  report: { path: '/{agency}/quarters/{quarter}/report', roles: ['raa-manager'], params: Quarter, forms: { start: { main: 'start' } } },
  protocol: { path: '/{agency}/years/{year}/protocol', roles: ['raa-manager'], params: Year, forms: { protocol: { main: 'unitRatePence' } } },
  catalogue: { path: '/{agency}/years/{year}/indicator-catalogue', roles: ['raa-manager'], params: Year, forms: { catalogue: { main: 'indicators' } } },
  reserve: { path: '/{agency}/reserve', roles: ['raa-manager'], params: Agency, forms: { drawdown: { main: 'amountPence' } } },
  reports: { path: '/{agency}/reports', roles: ['lead-member'], params: Agency },
  boardPack: { path: '/{agency}/reports/{quarter}', roles: ['lead-member', 'scb-member', 'raa-manager'], params: Quarter },
  extract: { path: '/{agency}/reports/{quarter}/councils/{extract}', roles: ['lead-member', 'finance-officer', 'scb-member'], params: z.object({ agency: AgencyId, quarter: QuarterId, extract: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*\.(html|csv)$/) }) },
  agreement: { path: '/{agency}/agreement', roles: ['admin'], params: Agency, administersAgencies: true, forms: { agreement: { main: 'name' } } },
} satisfies Record<string, PageSpec>;

export type PageName = keyof typeof pages;
