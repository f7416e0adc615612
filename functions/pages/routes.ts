/**
 * The pages as data, beside the API's routes (functions/api/routes.ts): each
 * page's address, the file of its audience's function (serve-pages.ts), who
 * may open it and its parameters; locally infra/local/pages.ts routes each
 * address to the same function. Addresses are built by `to` in shared/views/chrome.ts.
 */
import * as z from 'zod';
import { AgencyId, CouncilId, FinancialYear, QuarterId } from '#shared/schemas/common';
import type { PageSpec } from './page.ts';

const Agency = z.object({ agency: AgencyId });
const Year = z.object({ agency: AgencyId, year: FinancialYear });
const Quarter = z.object({ agency: AgencyId, quarter: QuarterId });

export const pages = {
  home: { path: '/', entry: 'functions/pages/home.ts' },
  notices: { path: '/notices', entry: 'functions/pages/home.ts' },
  signOut: { path: '/sign-out', entry: 'functions/pages/home.ts' },
  signedOut: { path: '/signed-out', entry: 'functions/pages/home.ts', public: true },
  cognitoSignIn: { path: '/sign-in', entry: 'functions/pages/sign-in.ts', public: true },
  cognitoCallback: { path: '/auth/callback', entry: 'functions/pages/sign-in.ts', public: true },
  council: {
    path: '/{agency}/years/{year}/councils/{council}', entry: 'functions/pages/finance.ts', roles: ['finance-officer'], params: z.object({ agency: AgencyId, year: FinancialYear, council: CouncilId }),
    forms: { forecast: { main: 'placements' }, 'spot-purchase': { main: 'placements', prefixed: true } },
  },
  statements: {
    path: '/{agency}/years/{year}/councils/{council}/statements', entry: 'functions/pages/finance-statements.ts', roles: ['finance-officer'], params: z.object({ agency: AgencyId, year: FinancialYear, council: CouncilId }),
    forms: { confirm: { main: 'confirm' } },
  },
  receipts: { path: '/{agency}/years/{year}/receipts', entry: 'functions/pages/finance-host.ts', roles: ['finance-officer'], params: Year, forms: { receipt: { main: 'amountPence' } } },
  spend: { path: '/{agency}/quarters/{quarter}/spend', entry: 'functions/pages/finance-host.ts', roles: ['finance-officer'], params: Quarter, forms: { lines: { main: 'lines' }, upload: { main: 'file' }, preview: { main: 'file' } } },
  grant: { path: '/{agency}/grant', entry: 'functions/pages/finance-host.ts', roles: ['finance-officer'], params: Agency, forms: { entry: { main: 'amountPence' } } },
  decisions: { path: '/{agency}/decisions', entry: 'functions/pages/board.ts', roles: ['scb-member'], params: Agency },
  decided: { path: '/{agency}/decisions/decided', entry: 'functions/pages/board.ts', roles: ['scb-member'], params: Agency },
  decision: { path: '/{agency}/decisions/{approvalId}', entry: 'functions/pages/board.ts', roles: ['scb-member'], params: z.object({ agency: AgencyId, approvalId: z.string().regex(/^[a-z0-9-]{3,80}$/) }), forms: { decide: { main: 'decision' } } },
  dashboard: { path: '/{agency}/years/{year}/dashboard', entry: 'functions/pages/manager.ts', roles: ['raa-manager'], params: Year },
  placements: { path: '/{agency}/years/{year}/placements', entry: 'functions/pages/manager.ts', roles: ['raa-manager'], params: Year, forms: { placement: { main: 'caseRef' } } },
  reversal: { path: '/{agency}/placements/{placementId}/reversal', entry: 'functions/pages/manager.ts', roles: ['raa-manager'], params: z.object({ agency: AgencyId, placementId: z.string().regex(/^\d{4}-\d{2}\.[a-z0-9-]+\.[a-z0-9]+$/) }), forms: { reversal: { main: 'reason' } } },
  importPlacements: { path: '/{agency}/years/{year}/placements/import', entry: 'functions/pages/import-placements.ts', roles: ['raa-manager'], params: Year, forms: { upload: { main: 'file' }, import: { main: 'file' } } },
  indicators: { path: '/{agency}/quarters/{quarter}/indicators', entry: 'functions/pages/manager-quarters.ts', roles: ['raa-manager'], params: Quarter, forms: { indicators: { main: 'summary' } } },
  report: { path: '/{agency}/quarters/{quarter}/report', entry: 'functions/pages/manager-quarters.ts', roles: ['raa-manager'], params: Quarter, forms: { start: { main: 'start' } } },
  protocol: { path: '/{agency}/years/{year}/protocol', entry: 'functions/pages/manager-agreements.ts', roles: ['raa-manager'], params: Year, forms: { protocol: { main: 'unitRatePence' } } },
  catalogue: { path: '/{agency}/years/{year}/indicator-catalogue', entry: 'functions/pages/manager-agreements.ts', roles: ['raa-manager'], params: Year, forms: { catalogue: { main: 'indicators' } } },
  reserve: { path: '/{agency}/reserve', entry: 'functions/pages/manager-agreements.ts', roles: ['raa-manager'], params: Agency, forms: { drawdown: { main: 'amountPence' } } },
  reports: { path: '/{agency}/reports', entry: 'functions/pages/reports.ts', roles: ['lead-member'], params: Agency },
  boardPack: { path: '/{agency}/reports/{quarter}', entry: 'functions/pages/reports.ts', roles: ['lead-member', 'scb-member', 'raa-manager'], params: Quarter },
  extract: { path: '/{agency}/reports/{quarter}/councils/{extract}', entry: 'functions/pages/reports.ts', roles: ['lead-member', 'finance-officer', 'scb-member'], params: z.object({ agency: AgencyId, quarter: QuarterId, extract: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*\.(html|csv)$/) }) },
  agreement: { path: '/{agency}/agreement', entry: 'functions/pages/admin.ts', roles: ['admin'], params: Agency, administersAgencies: true, forms: { agreement: { main: 'name' } } },
} satisfies Record<string, PageSpec & { entry: string }>;

export type PageName = keyof typeof pages;

/** The function that answers an address that is no page (API Gateway's `/{proxy+}`): everyone's pages, whose handler serves the 404 page. */
export const FALLBACK_PAGES_ENTRY = pages.home.entry;

/** Every audience's function file, each once. */
export const pageFunctionFiles = (): string[] => [...new Set(Object.values(pages).map((page) => page.entry))].sort();

/** The audiences whose pages start or resume workflows: their files import functions/step-functions.ts, and CDK grants them the state machines (tests/cdk/bundles.test.ts checks that the two agree). */
export const PAGE_FUNCTIONS_WITH_WORKFLOWS: readonly string[] = ['functions/pages/board.ts', 'functions/pages/finance.ts', 'functions/pages/import-placements.ts', 'functions/pages/manager.ts', 'functions/pages/manager-agreements.ts', 'functions/pages/manager-quarters.ts'];
