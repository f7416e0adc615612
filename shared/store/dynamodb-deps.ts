/**
 * The adapters' assembly: every port of shared/ports.ts over one DynamoDB
 * table. The composition roots (functions/deps.ts in Lambda,
 * infra/local/runtime.ts on one machine) call it with their clock and
 * workflow engine; the stores' own tests call it for the concrete stores.
 */
import type { Clock, Deps, WorkflowEngine, YearFiguresRead } from '../ports.ts';
import { AgencyStore } from './agency-store.ts';
import { ApportionmentStore } from './apportionment-store.ts';
import { ApprovalStore } from './approval-store.ts';
import { AuditLog } from './audit-log.ts';
import { CatalogueStore } from './catalogue-store.ts';
import { ContributionReceipts } from './contribution-receipts.ts';
import { ForecastStore } from './forecast-store.ts';
import { IdempotentReplyStore } from './idempotency.ts';
import { NoticeStore } from './notice-store.ts';
import { PlacementLedger } from './placement-ledger.ts';
import { ProtocolStore } from './protocol-store.ts';
import { QuarterStore } from './quarter-store.ts';
import { ReserveLedger } from './reserve-ledger.ts';
import { SetUpGrantLedger } from './set-up-grant-ledger.ts';
import { SpendStore } from './spend-store.ts';
import { SpotPurchaseStore } from './spot-purchase-store.ts';
import { StatementStore } from './statement-store.ts';
import type { Table } from './table.ts';
import { readYearBook } from './year-book.ts';
import { readAgencyYear, readPositionFigures, readYearFigures } from './year-figures.ts';

export function dynamoDbDeps(table: Table, clock: Clock, workflows: WorkflowEngine) {
  const approvals = new ApprovalStore(table);
  const quarters = new QuarterStore(table, approvals);
  return {
    clock,
    workflows,
    agencies: new AgencyStore(table),
    protocols: new ProtocolStore(table, approvals),
    forecasts: new ForecastStore(table),
    approvals,
    apportionments: new ApportionmentStore(table, approvals),
    notices: new NoticeStore(table),
    audit: new AuditLog(table),
    placements: new PlacementLedger(table, quarters),
    spotPurchases: new SpotPurchaseStore(table, approvals),
    quarters,
    spend: new SpendStore(table, quarters),
    catalogues: new CatalogueStore(table, approvals),
    statements: new StatementStore(table),
    contributions: new ContributionReceipts(table),
    setUpGrant: new SetUpGrantLedger(table),
    reserve: new ReserveLedger(table, approvals),
    yearBook: (agency: string, year: string) => readYearBook(table, agency, year),
    yearFigures: (agency: string, year: string, councils: readonly string[]) => readYearFigures(table, agency, year, councils),
    positionFigures: (agency: string, year: string, councils: readonly string[]) => readPositionFigures(table, agency, year, councils),
    agencyYear: (agency: string, year: string, councils: readonly string[], read: YearFiguresRead) => readAgencyYear(table, agency, year, councils, read),
    replies: new IdempotentReplyStore(table),
  } satisfies Deps;
}
