/**
 * Each port of shared/ports.ts over the DynamoDB table, one export per port.
 * A Lambda handler names the ports its use cases take (functions/deps.ts),
 * so its bundle carries those stores and no others: esbuild drops every
 * export nobody imports. dynamodb-deps.ts assembles them all for the local
 * runtime and the stores' own tests.
 */
import type { Deps } from '../ports.ts';
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

/** The ports kept in the table; the clock and the workflow engine come from the composition root. */
export type StoredPort = Exclude<keyof Deps, 'clock' | 'workflows'>;

/** How a port is made over the table. Stores hold nothing but the table, so two made apart behave as one. */
export type Adapter<K extends StoredPort> = (table: Table) => Deps[K];

export const agencies = (table: Table) => new AgencyStore(table);
export const approvals = (table: Table) => new ApprovalStore(table);
export const protocols = (table: Table) => new ProtocolStore(table);
export const forecasts = (table: Table) => new ForecastStore(table);
export const apportionments = (table: Table) => new ApportionmentStore(table);
export const notices = (table: Table) => new NoticeStore(table);
export const audit = (table: Table) => new AuditLog(table);
export const quarters = (table: Table) => new QuarterStore(table, new ApprovalStore(table));
export const placements = (table: Table) => new PlacementLedger(table);
export const spotPurchases = (table: Table) => new SpotPurchaseStore(table);
export const spend = (table: Table) => new SpendStore(table);
export const catalogues = (table: Table) => new CatalogueStore(table);
export const statements = (table: Table) => new StatementStore(table);
export const contributions = (table: Table) => new ContributionReceipts(table);
export const setUpGrant = (table: Table) => new SetUpGrantLedger(table);
export const reserve = (table: Table) => new ReserveLedger(table);
export const replies = (table: Table) => new IdempotentReplyStore(table);
export const yearBook = (table: Table): Deps['yearBook'] => (agency, year) => readYearBook(table, agency, year);
export const yearFigures = (table: Table): Deps['yearFigures'] => (agency, year, councils) => readYearFigures(table, agency, year, councils);
export const positionFigures = (table: Table): Deps['positionFigures'] => (agency, year, councils) => readPositionFigures(table, agency, year, councils);
export const agencyYear = (table: Table): Deps['agencyYear'] => (agency, year, councils, read) => readAgencyYear(table, agency, year, councils, read);

/** Every port: for the local runtime and the functions that serve every page (a bundle that imports this carries every store). */
export const everyAdapter = {
  agencies,
  approvals,
  protocols,
  forecasts,
  apportionments,
  notices,
  audit,
  quarters,
  placements,
  spotPurchases,
  spend,
  catalogues,
  statements,
  contributions,
  setUpGrant,
  reserve,
  replies,
  yearBook,
  yearFigures,
  positionFigures,
  agencyYear,
} satisfies { [K in StoredPort]: Adapter<K> };

/** The ports named by `adapters`, made over `table`. */
export function portsOver<A extends Adapters>(table: Table, adapters: A): PortsMadeBy<A> {
  return Object.fromEntries(Object.entries(adapters).map(([port, make]) => [port, (make as (table: Table) => unknown)(table)])) as PortsMadeBy<A>;
}

/** Some of the adapters above, by the port each makes. */
export type Adapters = Partial<{ [K in StoredPort]: Adapter<K> }>;

export type PortsMadeBy<A extends Adapters> = { [K in keyof A]: A[K] extends (table: Table) => infer Port ? Port : never };
