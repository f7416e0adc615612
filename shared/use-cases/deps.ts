import type { Clock, WorkflowEngine } from '../ports.ts';
import { AgencyStore } from '../store/agency-store.ts';
import { ApportionmentStore } from '../store/apportionment-store.ts';
import { ApprovalStore } from '../store/approval-store.ts';
import { AuditLog } from '../store/audit-log.ts';
import { ForecastStore } from '../store/forecast-store.ts';
import { NoticeStore } from '../store/notice-store.ts';
import { ProtocolStore } from '../store/protocol-store.ts';
import { PlacementLedger } from '../store/placement-ledger.ts';
import { SpotPurchaseStore } from '../store/spot-purchase-store.ts';
import { readYearBook, type YearBook } from '../store/year-book.ts';
import { QuarterStore } from '../store/quarter-store.ts';
import { SpendStore } from '../store/spend-store.ts';
import { CatalogueStore } from '../store/catalogue-store.ts';
import { StatementStore } from '../store/statement-store.ts';
import type { Table } from '../store/table.ts';
import { ContributionReceipts } from '../store/contribution-receipts.ts';
import { SetUpGrantLedger } from '../store/set-up-grant-ledger.ts';
import { ReserveLedger } from '../store/reserve-ledger.ts';

/** Everything a use case may touch; built once per process (a Lambda container, or the local runtime). */
export interface Deps {
  table: Table;
  clock: Clock;
  workflows: WorkflowEngine;
  agencies: AgencyStore;
  protocols: ProtocolStore;
  forecasts: ForecastStore;
  approvals: ApprovalStore;
  apportionments: ApportionmentStore;
  notices: NoticeStore;
  audit: AuditLog;
  placements: PlacementLedger;
  spotPurchases: SpotPurchaseStore;
  quarters: QuarterStore;
  spend: SpendStore;
  catalogues: CatalogueStore;
  statements: StatementStore;
  /** Contributions received from each council (the host's finance officer records them). */
  contributions: ContributionReceipts;
  /** The DfE set-up grant's ledger (§7.1). */
  setUpGrant: SetUpGrantLedger;
  /** The agency's multi-year reserve (§7.5). */
  reserve: ReserveLedger;
  /** Everything recorded for an agency-year, in one Query. */
  yearBook(agency: string, year: string): Promise<YearBook>;
}

export function buildDeps(table: Table, clock: Clock, workflows: WorkflowEngine): Deps {
  const approvals = new ApprovalStore(table);
  const quarters = new QuarterStore(table, approvals);
  return {
    table,
    clock,
    workflows,
    agencies: new AgencyStore(table),
    protocols: new ProtocolStore(table, approvals),
    forecasts: new ForecastStore(table),
    approvals,
    apportionments: new ApportionmentStore(table, approvals),
    notices: new NoticeStore(table),
    audit: new AuditLog(table),
    placements: new PlacementLedger(table),
    spotPurchases: new SpotPurchaseStore(table, approvals),
    quarters,
    spend: new SpendStore(table, quarters),
    catalogues: new CatalogueStore(table, approvals),
    statements: new StatementStore(table),
    contributions: new ContributionReceipts(table),
    setUpGrant: new SetUpGrantLedger(table),
    reserve: new ReserveLedger(table, approvals),
    yearBook: (agency, year) => readYearBook(table, agency, year),
  };
}

export function nowIso(deps: Pick<Deps, 'clock'>): string {
  return deps.clock.now().toISOString();
}

/** Today's date (YYYY-MM-DD) by the clock, for due dates. */
export function todayIso(deps: Pick<Deps, 'clock'>): string {
  return nowIso(deps).slice(0, 10);
}
