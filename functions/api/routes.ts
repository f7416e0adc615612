/**
 * The HTTP contract (../shared/API.md) as data: each route's schemas, its
 * handler and who may call it. The OpenAPI document, the CDK HTTP API and the
 * local server are all built from this table.
 */
import * as z from 'zod';
import type { ZodType } from 'zod';
import type { Role } from '#shared/schemas/identity';
import type { WorkflowName } from '#shared/ports';
import { AgencyId, CouncilId, ErrorBody, FinancialYear } from '#shared/schemas/common';
import { Agency, AgreementInput } from '#shared/schemas/agency';
import { FundingProtocolInput, ProtocolAgreement, ProtocolVersion } from '#shared/schemas/protocol';
import { ForecastList, PlacementForecast, PlacementForecastInput } from '#shared/schemas/forecast';
import { Apportionment, ApportionmentRequest } from '#shared/schemas/apportionment';
import { Approval, ApprovalList, DecisionRequest } from '#shared/schemas/approval';
import { NoticeList } from '#shared/schemas/notice';
import { Placement, PlacementList, PlacementListQuery, PlacementRequest, ReversalRequest } from '#shared/schemas/placement';
import { Position } from '#shared/schemas/position';
import { SpotPurchase, SpotPurchaseRequest } from '#shared/schemas/spot-purchase';
import { IndicatorCatalogueInput, QuarterId, QuarterIndicators, QuarterIndicatorsInput } from '#shared/schemas/indicators';
import { CatalogueAgreement, CatalogueVersion } from '#shared/schemas/indicator-catalogue';
import { ManagementBoardDecisionRequest, QuarterlyReport } from '#shared/schemas/report';
import { QuarterSpend, QuarterSpendInput } from '#shared/schemas/spend';
import { spendFromCsv } from '#shared/schemas/spend-csv';
import { PeriodParam, ReconciliationStatement } from '#shared/schemas/reconciliation';
import { ContributionAccount, ContributionReceipt, ContributionReceiptRequest } from '#shared/schemas/contributions';
import { GrantEntry, GrantEntryRequest, SetUpGrant } from '#shared/schemas/set-up-grant';
import { Reserve, ReserveDrawdown, ReserveDrawdownRequest } from '#shared/schemas/reserve';

export interface RouteSpec {
  method: 'GET' | 'PUT' | 'POST';
  path: string;
  summary: string;
  who: string;
  /** Handler file, relative to the project root, and its export. */
  entry: string;
  handler: string;
  public?: boolean;
  /** Checked before anything else is read; council-level checks follow in the use case. */
  roles?: Role[];
  /** The system administrator (`admin`) may call it for any agency, even one not set up yet: it sets up agreements. Everyone else, and every other route naming an agency, is for that agency's members only. */
  administersAgencies?: boolean;
  params?: ZodType;
  query?: ZodType;
  body?: ZodType;
  response?: ZodType;
  successStatus?: number;
  /** Converts a `text/csv` body to what `body` validates, where the route also takes CSV. */
  csv?: (text: string) => unknown;
  /** Not JSON: the media type the route answers with. */
  produces?: string;
  headers?: ('If-Match' | 'Idempotency-Key')[];
  /** The workflows this route starts: its function may start exactly these (CDK grants states:StartExecution on them). */
  starts?: WorkflowName[];
  /** A decision that settles an approval resumes the waiting workflow with its task token (CDK grants states:SendTaskSuccess/Failure). */
  redeemsTaskTokens?: boolean;
  /**
   * The route reads a year's figures (shared/store/year-figures.ts): the
   * agency's agreement, which every route naming an agency reads to check
   * membership, is read in the same BatchGetItem as those figures. The year is
   * in the path (`params`) or the body (`body`).
   */
  readsYearFigures?: 'params' | 'body';
}

const AgencyParams = z.object({ agency: AgencyId });
const YearParams = z.object({ agency: AgencyId, year: FinancialYear });
const ForecastParams = z.object({ agency: AgencyId, year: FinancialYear, council: CouncilId });
const PlacementParams = z.object({ agency: AgencyId, placementId: z.string().regex(/^\d{4}-\d{2}\.[a-z0-9-]+\.[a-z0-9]+$/, 'is not a placement identifier') });
const PlacementWithPosition = Placement.extend({
  status: z.enum(['green', 'amber', 'red']).meta({ description: "The council's tolerance status after this" }),
  unfunded: z.boolean().optional().meta({ description: 'The council is past agreed plus its band with no approved spot purchase: put to the SCB as a retrospective spot purchase' }),
  retrospectiveSpotPurchaseId: z.string().optional(),
});
const QuarterParams = z.object({ agency: AgencyId, quarter: QuarterId });
const VersionQuery = z.object({ version: z.coerce.number().int().min(1).optional() });
const ApprovalParams = z.object({ agency: AgencyId, approvalId: z.string().regex(/^[a-z0-9-]{3,80}$/, 'is not an approval identifier') });

export const routes = {
  health: {
    method: 'GET', path: '/health', summary: 'Readiness: 200 once the engines are up, the workflows left running resumed and the schedules armed; 503 until then', who: 'anyone', public: true,
    entry: 'functions/api/meta.ts', handler: 'health',
    response: z.object({ status: z.enum(['ok', 'unavailable']), engines: z.record(z.string(), z.string()), checks: z.record(z.string(), z.string()) }),
  },
  openapi: {
    method: 'GET', path: '/openapi.json', summary: 'This contract as OpenAPI 3.1', who: 'anyone', public: true,
    entry: 'functions/api/meta.ts', handler: 'openapi',
  },
  getAgency: {
    method: 'GET', path: '/agencies/{agency}', summary: 'The agency, its host and member councils, and the SCB seats', who: 'any signed-in',
    entry: 'functions/api/agencies.ts', handler: 'getAgency', administersAgencies: true, params: AgencyParams, response: Agency,
  },
  putAgency: {
    method: 'PUT', path: '/agencies/{agency}', summary: "Sets up an agency's agreement (201), or varies it with If-Match (200): councils, acting bodies, seats, chair, go-live", who: 'admin',
    entry: 'functions/api/agencies.ts', handler: 'putAgency', roles: ['admin'], administersAgencies: true, params: AgencyParams, body: AgreementInput, response: Agency, headers: ['If-Match'],
  },
  putProtocol: {
    method: 'PUT', path: '/agencies/{agency}/years/{year}/protocol', summary: "Proposes the year's funding protocol, or a variation of the one in force (If-Match: its version), for every SCB seat to agree", who: 'raa-manager',
    entry: 'functions/api/protocol.ts', handler: 'putProtocol', roles: ['raa-manager'], params: YearParams, body: FundingProtocolInput, response: ProtocolVersion, successStatus: 201, headers: ['If-Match'], starts: ['agreement-variation'],
  },
  getProtocol: {
    method: 'GET', path: '/agencies/{agency}/years/{year}/protocol', summary: 'The funding protocol in force (also at the top level, with its version) and any proposal awaiting the SCB, with the history of versions', who: 'any signed-in',
    entry: 'functions/api/protocol.ts', handler: 'getProtocol', params: YearParams, response: ProtocolAgreement,
  },
  putForecast: {
    method: 'PUT', path: '/agencies/{agency}/years/{year}/forecasts/{council}', summary: "Submits or revises a council's placement forecast", who: 'finance-officer of that council',
    entry: 'functions/api/forecasts.ts', handler: 'putForecast', roles: ['finance-officer'], params: ForecastParams, body: PlacementForecastInput, response: PlacementForecast, headers: ['If-Match'],
  },
  listForecasts: {
    method: 'GET', path: '/agencies/{agency}/years/{year}/forecasts', summary: "Every council's forecast, who submitted it and when", who: 'any signed-in',
    entry: 'functions/api/forecasts.ts', handler: 'listForecasts', params: YearParams, readsYearFigures: 'params', response: ForecastList,
  },
  requestApportionment: {
    method: 'POST', path: '/agencies/{agency}/years/{year}/apportionment', summary: 'Computes contributions from the forecasts and opens an SCB approval', who: 'raa-manager',
    entry: 'functions/api/apportionment.ts', handler: 'requestApportionment', roles: ['raa-manager'], params: YearParams, body: ApportionmentRequest, response: Apportionment, successStatus: 201, starts: ['annual-apportionment'],
  },
  getApportionment: {
    method: 'GET', path: '/agencies/{agency}/years/{year}/apportionment', summary: "The year's current apportionment and its status", who: 'any signed-in',
    entry: 'functions/api/apportionment.ts', handler: 'getApportionment', params: YearParams, response: Apportionment,
  },
  listApprovals: {
    method: 'GET', path: '/agencies/{agency}/approvals', summary: 'What waits for my decision (SCB); all approvals of a status (RAA manager)', who: 'scb-member, raa-manager',
    entry: 'functions/api/approvals.ts', handler: 'listApprovals', roles: ['scb-member', 'raa-manager', 'admin'], params: AgencyParams,
    query: z.object({ status: z.enum(['pending', 'approved', 'rejected', 'expired', 'failed']).default('pending') }), response: ApprovalList,
  },
  decide: {
    method: 'POST', path: '/agencies/{agency}/approvals/{approvalId}/decisions', summary: "Records this SCB seat's decision", who: 'scb-member',
    entry: 'functions/api/approvals.ts', handler: 'decide', roles: ['scb-member'], params: ApprovalParams, body: DecisionRequest, response: Approval, successStatus: 201, redeemsTaskTokens: true,
  },
  recordPlacement: {
    method: 'POST', path: '/agencies/{agency}/placements', summary: 'Records a placement (in-house, inter-agency purchase or sale) against a council', who: 'raa-manager',
    entry: 'functions/api/placements.ts', handler: 'recordPlacement', roles: ['raa-manager'], params: AgencyParams, readsYearFigures: 'body', body: PlacementRequest, response: PlacementWithPosition, successStatus: 201, headers: ['Idempotency-Key'], starts: ['spot-purchase'],
  },
  reversePlacement: {
    method: 'POST', path: '/agencies/{agency}/placements/{placementId}/reversal', summary: 'Reverses a placement recorded in error, by a reversal entry', who: 'raa-manager',
    entry: 'functions/api/placements.ts', handler: 'reversePlacement', roles: ['raa-manager'], params: PlacementParams, body: ReversalRequest, response: PlacementWithPosition, successStatus: 201,
  },
  listPlacements: {
    method: 'GET', path: '/agencies/{agency}/years/{year}/placements', summary: "The year's placements, with any reversal, a page at a time (`next`); `placedOnOrBefore` lists what a statement as at that day counted", who: "raa-manager, scb-member; finance-officer: own council's only",
    entry: 'functions/api/placements.ts', handler: 'listPlacements', roles: ['raa-manager', 'scb-member', 'finance-officer', 'admin'], params: YearParams, query: PlacementListQuery,
    response: PlacementList,
  },
  getPosition: {
    method: 'GET', path: '/agencies/{agency}/years/{year}/position', summary: 'Each council against its agreed placements and tolerance band; the inter-agency line', who: "any signed-in (finance officers: own council's only)",
    entry: 'functions/api/position.ts', handler: 'getPosition', params: YearParams, readsYearFigures: 'params', response: Position,
  },
  requestSpotPurchase: {
    method: 'POST', path: '/agencies/{agency}/spot-purchases', summary: 'Checks the uncommitted budget and opens an SCB approval for placements beyond the plan', who: 'raa-manager, finance-officer of that council',
    entry: 'functions/api/spot-purchases.ts', handler: 'requestSpotPurchase', roles: ['raa-manager', 'finance-officer'], params: AgencyParams, body: SpotPurchaseRequest, response: SpotPurchase, successStatus: 201, starts: ['spot-purchase'],
  },
  listSpotPurchases: {
    method: 'GET', path: '/agencies/{agency}/years/{year}/spot-purchases', summary: "The year's spot purchases, requested and retrospective (for unfunded placements), with their status", who: "raa-manager, scb-member, admin; finance-officer: own council's only",
    entry: 'functions/api/spot-purchases.ts', handler: 'listSpotPurchases', roles: ['raa-manager', 'scb-member', 'finance-officer', 'admin'], params: YearParams,
    response: z.object({ agency: z.string(), year: z.string(), spotPurchases: z.array(SpotPurchase) }),
  },
  getCatalogue: {
    method: 'GET', path: '/agencies/{agency}/years/{year}/indicator-catalogue', summary: "The performance framework in force for the year (source: agreed, or the shipped default until one is agreed), any proposal awaiting the SCB, and the history", who: 'any signed-in',
    entry: 'functions/api/indicators.ts', handler: 'getCatalogue', params: YearParams, response: CatalogueAgreement,
  },
  putCatalogue: {
    method: 'PUT', path: '/agencies/{agency}/years/{year}/indicator-catalogue', summary: "Proposes the year's indicator catalogue, or a change to the one in force (If-Match: its version), for every SCB seat to agree", who: 'raa-manager',
    entry: 'functions/api/indicators.ts', handler: 'putCatalogue', roles: ['raa-manager'], params: YearParams,
    body: IndicatorCatalogueInput, response: CatalogueVersion, successStatus: 201, headers: ['If-Match'], starts: ['agreement-variation'],
  },
  putIndicators: {
    method: 'PUT', path: '/agencies/{agency}/quarters/{quarter}/indicators', summary: "Enters the quarter's indicator actuals and commentary, summary, performance failures and plans", who: 'raa-manager',
    entry: 'functions/api/indicators.ts', handler: 'putIndicators', roles: ['raa-manager'], params: QuarterParams, body: QuarterIndicatorsInput, response: QuarterIndicators, headers: ['If-Match'],
  },
  getIndicators: {
    method: 'GET', path: '/agencies/{agency}/quarters/{quarter}/indicators', summary: "The quarter's performance data as entered", who: 'raa-manager, scb-member, admin',
    entry: 'functions/api/indicators.ts', handler: 'getIndicators', roles: ['raa-manager', 'scb-member', 'admin'], params: QuarterParams, response: QuarterIndicators,
  },
  startReport: {
    method: 'POST', path: '/agencies/{agency}/quarters/{quarter}/report', summary: 'Starts the quarterly workflow for a new version: compile, SCB review, publish', who: 'raa-manager',
    entry: 'functions/api/reports.ts', handler: 'startReport', roles: ['raa-manager'], params: QuarterParams, response: QuarterlyReport, successStatus: 202, starts: ['quarterly-performance'],
  },
  getReport: {
    method: 'GET', path: '/agencies/{agency}/quarters/{quarter}/report', summary: 'The report: status, version, sections, decisions', who: 'scb-member, raa-manager; lead-member (approved versions); finance-officer (once published)',
    entry: 'functions/api/reports.ts', handler: 'getReport', params: QuarterParams, query: VersionQuery, response: QuarterlyReport,
  },
  decideAsManagementBoard: {
    method: 'POST', path: '/agencies/{agency}/quarters/{quarter}/report/management-board', summary: "A responsible officer's decision on the version awaiting the RAA Management Board: note it (every officer's note sends it on to the SCB), or send it back with comments", who: 'responsible-officer of the agency',
    entry: 'functions/api/reports.ts', handler: 'decideAsManagementBoard', roles: ['responsible-officer'], params: QuarterParams, body: ManagementBoardDecisionRequest, response: QuarterlyReport, successStatus: 201, redeemsTaskTokens: true,
  },
  getReportHtml: {
    method: 'GET', path: '/agencies/{agency}/quarters/{quarter}/report.html', summary: 'The board pack: a printable page with charts', who: 'as the report',
    entry: 'functions/api/reports.ts', handler: 'getReportHtml', params: QuarterParams, query: VersionQuery, produces: 'text/html',
  },
  getReportCsv: {
    method: 'GET', path: '/agencies/{agency}/quarters/{quarter}/report.csv', summary: 'The indicator table as CSV', who: 'as the report',
    entry: 'functions/api/reports.ts', handler: 'getReportCsv', params: QuarterParams, query: VersionQuery, produces: 'text/csv',
  },
  getCouncilExtract: {
    method: 'GET', path: '/agencies/{agency}/quarters/{quarter}/report/councils/{extract}', summary: "A council's extract of the published report ({council}.html to print, {council}.csv): its rows beside the agency's", who: 'lead-member and finance-officer of that council (or a body acting for it), scb-member',
    entry: 'functions/api/reports.ts', handler: 'getCouncilExtract', params: z.object({ agency: AgencyId, quarter: QuarterId, extract: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*\.(html|csv)$/, 'must be a council and a format, e.g. "dudley.html" or "dudley.csv"') }), produces: 'text/html',
  },
  putSpend: {
    method: 'PUT', path: '/agencies/{agency}/quarters/{quarter}/spend', summary: "The agency's operating spend for the quarter by cost line (JSON, or text/csv with a header line,amountPence)", who: 'finance-officer of the host council',
    entry: 'functions/api/spend.ts', handler: 'putSpend', roles: ['finance-officer'], params: QuarterParams, body: QuarterSpendInput, csv: spendFromCsv, response: QuarterSpend, headers: ['If-Match'],
  },
  getSpend: {
    method: 'GET', path: '/agencies/{agency}/quarters/{quarter}/spend', summary: "The agency's operating spend for the quarter", who: 'raa-manager, scb-member, admin, finance-officer of the host council',
    entry: 'functions/api/spend.ts', handler: 'getSpend', params: QuarterParams, response: QuarterSpend,
  },
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
    entry: 'functions/api/reconciliation.ts', handler: 'runReconciliation', roles: ['raa-manager'], params: YearParams, body: z.object({ period: PeriodParam }).strict(), successStatus: 202, starts: ['reconciliation'],
  },
  recordContributionReceipt: {
    method: 'POST', path: '/agencies/{agency}/years/{year}/contributions/{council}/receipts', summary: "Records money received against a council's contribution for the year", who: 'finance-officer of the host council',
    entry: 'functions/api/contributions.ts', handler: 'recordReceipt', roles: ['finance-officer'], params: z.object({ agency: AgencyId, year: FinancialYear, council: CouncilId }), body: ContributionReceiptRequest, response: ContributionReceipt, successStatus: 201, headers: ['Idempotency-Key'],
  },
  getContribution: {
    method: 'GET', path: '/agencies/{agency}/years/{year}/contributions/{council}', summary: "A council's approved contribution in instalments: due to date, received, outstanding", who: 'raa-manager, scb-member, admin; finance-officer of that council or of the host',
    entry: 'functions/api/contributions.ts', handler: 'getContribution', roles: ['raa-manager', 'scb-member', 'admin', 'finance-officer'], params: z.object({ agency: AgencyId, year: FinancialYear, council: CouncilId }), response: ContributionAccount,
  },
  recordGrantEntry: {
    method: 'POST', path: '/agencies/{agency}/grant/entries', summary: 'Records a receipt of the DfE set-up grant or a spend from it; a spend beyond the balance is refused', who: 'finance-officer of the host council',
    entry: 'functions/api/grant.ts', handler: 'recordEntry', roles: ['finance-officer'], params: AgencyParams, body: GrantEntryRequest, response: GrantEntry, successStatus: 201, headers: ['Idempotency-Key'],
  },
  getGrant: {
    method: 'GET', path: '/agencies/{agency}/grant', summary: "The set-up grant: balance, received, spent and every entry", who: 'any signed-in',
    entry: 'functions/api/grant.ts', handler: 'getGrant', params: AgencyParams, response: SetUpGrant,
  },
  getReserve: {
    method: 'GET', path: '/agencies/{agency}/reserve', summary: 'The reserve: balance, movements with the balance after each, reinvestments awaiting the SCB', who: 'any signed-in',
    entry: 'functions/api/reserve.ts', handler: 'getReserve', params: AgencyParams, response: Reserve,
  },
  proposeReserveDrawdown: {
    method: 'POST', path: '/agencies/{agency}/reserve/drawdowns', summary: 'Proposes a reinvestment from the reserve and opens an SCB approval', who: 'raa-manager',
    entry: 'functions/api/reserve.ts', handler: 'proposeDrawdown', roles: ['raa-manager'], params: AgencyParams, body: ReserveDrawdownRequest, response: ReserveDrawdown, successStatus: 201, starts: ['reserve-drawdown'],
  },
  notifications: {
    method: 'GET', path: '/notifications', summary: 'My reminders and notices, newest first', who: 'any signed-in',
    entry: 'functions/api/notifications.ts', handler: 'listNotifications', response: NoticeList,
  },
} satisfies Record<string, RouteSpec>;

export type RouteName = keyof typeof routes;
export const allRoutes: RouteSpec[] = Object.values(routes);
export { ErrorBody };
