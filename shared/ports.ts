/**
 * What the domain's use cases need from the outside world, as interfaces.
 * DynamoDB implements the stores (shared/store, assembled in
 * shared/store/dynamodb-deps.ts); tests may hand a use case in-memory fakes
 * of just the ports it takes. Nothing here knows of DynamoDB.
 */
import type { ApprovalOutcome, Decision } from './domain/approval-rule.ts';
import type { ReserveMovementKind } from './domain/reserve.ts';
import type { GrantBalance } from './domain/set-up-grant.ts';
import type { ToleranceStatus } from './domain/tolerance.ts';
import type { Agency } from './schemas/agency.ts';
import type { Apportionment, ApportionmentStatus } from './schemas/apportionment.ts';
import type { Approval, WorkflowFailure } from './schemas/approval.ts';
import type { ContributionReceipt } from './schemas/contributions.ts';
import type { PlacementForecast, PlacementForecastInput } from './schemas/forecast.ts';
import type { QuarterIndicators, QuarterIndicatorsInput } from './schemas/indicators.ts';
import type { CatalogueVersion, IndicatorCatalogue } from './schemas/indicator-catalogue.ts';
import type { Notice, Audience } from './schemas/notice.ts';
import type { Placement } from './schemas/placement.ts';
import type { FundingProtocol, ProtocolVersion } from './schemas/protocol.ts';
import type { ReconciliationStatement } from './schemas/reconciliation.ts';
import type { ManagementBoardReview, QuarterlyReport, ReportSections } from './schemas/report.ts';
import type { Reserve, ReserveDrawdown } from './schemas/reserve.ts';
import type { GrantEntry, SetUpGrant } from './schemas/set-up-grant.ts';
import type { QuarterSpend, QuarterSpendInput } from './schemas/spend.ts';
import type { SpotPurchase } from './schemas/spot-purchase.ts';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export const WORKFLOWS = ['annual-apportionment', 'spot-purchase', 'quarterly-performance', 'reconciliation', 'agreement-variation', 'reserve-drawdown'] as const;
export type WorkflowName = (typeof WORKFLOWS)[number];

/** What became of a start: a new run, or the run of that name already going or finished. */
export interface StartedExecution {
  name: string;
  status: 'started' | 'running' | 'succeeded';
}

/** Step Functions in AWS; the local runner on one machine. */
export interface WorkflowEngine {
  /**
   * Starts the run named by what it is about, or finds it: the same run going
   * or finished is that run; after a failed run a new one starts (a new name
   * suffix); the name with other input is a 409 (EXECUTION_ALREADY_EXISTS).
   */
  start(workflow: WorkflowName, executionName: string, input: Record<string, unknown>): Promise<StartedExecution>;
  /** Resumes a workflow waiting on this token. Returns false if the token is no longer waited on (timed out, already used). */
  sendTaskSuccess(taskToken: string, output: Record<string, unknown>): Promise<boolean>;
  sendTaskFailure(taskToken: string, error: string, cause: string): Promise<boolean>;
}

/** Everything a use case may touch; assembled once per process by a composition root (a Lambda container, the local runtime, a test). */
export interface Deps {
  clock: Clock;
  workflows: WorkflowEngine;
  agencies: Agencies;
  protocols: Protocols;
  forecasts: Forecasts;
  approvals: Approvals;
  apportionments: Apportionments;
  notices: Notices;
  audit: AuditTrail;
  placements: Placements;
  spotPurchases: SpotPurchases;
  quarters: Quarters;
  spend: Spend;
  catalogues: IndicatorCatalogues;
  statements: Statements;
  /** Contributions received from each council (the host's finance officer records them). */
  contributions: Contributions;
  /** The DfE set-up grant's ledger (§7.1). */
  setUpGrant: GrantLedger;
  /** The agency's multi-year reserve (§7.5). */
  reserve: MultiYearReserve;
  /**
   * Everything recorded for an agency-year, read page by page: for workflow
   * tasks and tests only, never a request path (it grows with the ledger).
   */
  yearBook(agency: string, year: string): Promise<YearBook>;
  /** The year's running figures (protocol, forecasts, counters, tolerance statuses): one read of known items, whatever the ledger holds. */
  yearFigures(agency: string, year: string, councils: readonly string[]): Promise<YearFigures>;
  /** The figures a position shows: the year's figures without the recorded tolerance statuses, which only a write that moves a count needs. */
  positionFigures(agency: string, year: string, councils: readonly string[]): Promise<PositionFigures>;
  /** The agreement and what a request reads of the year (`read`) for the councils named, in the same one read. */
  agencyYear(agency: string, year: string, councils: readonly string[], read: YearFiguresRead): Promise<AgencyYear>;
  /** The first reply of each idempotent create, for its replays. */
  replies: IdempotentReplies;
}

/** Who did what, when, with the record before and after (contract governance needs the trail). */
export interface AuditEvent {
  agency: string;
  actor: string;
  action: string;
  entity: { type: string; id: string };
  before?: unknown;
  after?: unknown;
  at: string;
}

/**
 * A create a client may retry (`Idempotency-Key`, as in the IETF draft): the
 * same key and body give back what the first request created, once; the same
 * key with another body is refused (422); while the first is in flight, 409.
 */
export interface Idempotency {
  /** The caller and route the key belongs to (a key is scoped to the signed-in user and the route). */
  scope: string;
  key: string;
  /** What was asked for: `requestFingerprint` of the request body. */
  fingerprint: string;
  /** The reply to the first request, where it is known before the write: kept with the key in the same transaction. */
  firstReply?: FirstReply;
}

/** What a create answered the first time: a replay under the same Idempotency-Key answers the same. */
export interface FirstReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * The first reply of each idempotent create, kept with its key (IETF
 * Idempotency-Key draft: a retry gets the original response, not the state
 * of things now).
 */
export interface IdempotentReplies {
  /** Keeps `reply` for the key unless one is kept already, and returns the one kept. */
  keep(key: Pick<Idempotency, 'scope' | 'key'>, reply: FirstReply): Promise<FirstReply>;
}

/** The workflow behind an approval failed: the approval fails with its record, in one write. */
export interface ApprovalFailure extends WorkflowFailure {
  approvalId: string;
}

/** An SCB approval as it is opened, together with the record it decides on. */
export type NewApproval = Omit<Approval, 'decisions' | 'awaiting' | 'status' | 'remindersSent' | 'version'>;

/** A charge to a council beyond its contribution: an approved spot purchase at the spot rate. */
export interface Charge {
  chargeId: string;
  council: string;
  kind: 'spot-purchase';
  amountPence: number;
  source: string;
  at: string;
}

/** A council's recorded tolerance status, moved only from the version read. */
export interface RecordedToleranceStatus {
  status: ToleranceStatus;
  version: number;
}

/** Everything recorded for one agency-year, read at once. */
export interface YearBook {
  protocol: FundingProtocol | undefined;
  forecasts: PlacementForecast[];
  /** Every placement ever recorded, with its reversal if it was reversed. */
  placements: Placement[];
  spotPurchases: SpotPurchase[];
  charges: Charge[];
  /** The host's operating spend, per quarter entered. */
  spend: QuarterSpend[];
  toleranceStatuses: Record<string, RecordedToleranceStatus>;
  /** Reconciliation statements issued, by period. */
  statements: ReconciliationStatement[];
  confirmations: { period: string; council: string; confirmedBy: string; confirmedAt: string }[];
}

/** A council's placements in one quarter (by `placedOn`) that count: recorded and not reversed. */
export interface CouncilTally {
  inHouse: number;
  /** Inter-agency purchases: the council's placements, their fees on the inter-agency line. */
  purchased: number;
}

/**
 * The placement ledger's running counts for one quarter of the year, by the
 * quarter each placement was made in. Moved in the same transaction as each
 * entry (a placement adds, its reversal takes away), so they always equal
 * the ledger; figures "as at" a quarter end are the sum of at most four.
 */
export interface QuarterTally {
  quarter: 1 | 2 | 3 | 4;
  councils: Record<string, CouncilTally>;
  /** Inter-agency sales: the RAA's income, no council's placement. */
  sold: number;
  spendPence: number;
  incomePence: number;
  /** Ledger entries: placements recorded and reversals entered in this quarter's placements. */
  recorded: number;
  reversed: number;
}

/** Spot purchases' running counts for a council, moved as each is created and settled. */
export interface SpotPurchaseTally {
  /** Placements of approved spot purchases (requested and retrospective): agreed rises by these. */
  spotPurchased: number;
  /** Unfunded placements the SCB declined (or never decided): the agency absorbs them. */
  absorbed: number;
  /** Retrospective spot purchases opened, and those still awaiting the SCB. */
  retrospectiveOpened: number;
  retrospectivePending: number;
}

/** A council's recorded tolerance status with the count of its placements it was set at (moved with every entry). */
export interface CountedToleranceStatus extends RecordedToleranceStatus {
  counted: number;
}

/** The year's running figures, read as a handful of known items (never the ledger). */
export interface YearFigures {
  protocol: FundingProtocol | undefined;
  /** Each council asked for: its forecast placements (0 before it forecasts). */
  forecasts: Record<string, number>;
  /** Quarters 1 to 4, in order. */
  quarters: QuarterTally[];
  spotPurchases: Record<string, SpotPurchaseTally>;
  toleranceStatuses: Record<string, CountedToleranceStatus>;
  /** With all of a year's figures (`'all'`), whichever councils were asked for; undefined where the forecasts' tally was never written. */
  agencyBudget?: AgencyBudgetFigures | undefined;
}

/**
 * What the agency's spot-purchase budget stands on, of every council
 * whichever were read: the forecasts' tally, the in-house placements in the
 * quarters' counters (each holds every council's) and the charges committed.
 * So a placement states the budget of the retrospective spot purchase it
 * opens from its one read.
 */
export interface AgencyBudgetFigures {
  forecastPlacements: number;
  inHousePlacements: number;
  spotPurchasesCommittedPence: number;
}

/** The figures a position shows: everything but the recorded tolerance statuses. */
export type PositionFigures = Omit<YearFigures, 'toleranceStatuses'>;

/**
 * What a request reads of a year with the agreement: the forecasts alone (a
 * list of them); the figures a position shows; or all the year's figures,
 * with each council's recorded tolerance status, which a write that moves a
 * count checks. Each reads only its own items.
 */
export type YearFiguresRead = 'forecasts' | 'position' | 'all';

/** The agreement (undefined if there is no such agency) and what was read of a year, together. */
export interface AgencyYear {
  agency: Agency | undefined;
  /** The councils whose figures were read. */
  councils: readonly string[];
  /** The forecasts those councils have submitted. */
  forecasts: PlacementForecast[];
  /** Unless only the forecasts were read. */
  figures?: PositionFigures;
  /** Only when all the year's figures were read. */
  toleranceStatuses?: YearFigures['toleranceStatuses'];
}

/** A council's tolerance status moving with a ledger entry, in the entry's own transaction, with the notices the move causes. */
export interface ToleranceMove {
  council: string;
  /** As read with the figures; undefined if never recorded (green, version 0). */
  from: CountedToleranceStatus | undefined;
  to: ToleranceStatus;
  /** The council's count before the entry may be anything in this range and the status stays `to` (so concurrent entries inside a band do not collide). */
  countedBefore: { min: number; max: number };
  notices: Notice[];
}

/** Which ledger entries a statement counted: their number, the latest, and a hash that names them all. */
export interface LedgerSummary {
  /** Placements counting as at the date (recorded, placed by then, not reversed). */
  count: number;
  asAt: string;
  /** The key of the latest entry written (placement or reversal) when the summary was made. */
  latestEntry?: { placementId: string; at: string };
  /** SHA-256 (hex) over the sorted identifiers of the placements counted, one per line. */
  sha256: string;
}

/** Placements answer in pages of at most this many. */
export const PLACEMENT_PAGE_LIMIT = 100;

/** A ledger entry's tolerance move found the status moved (or the count out of its band) since the read: read the figures again. */
export const TOLERANCE_MOVED = 'TOLERANCE_MOVED';

/** A page of the placement ledger, and where the next one starts. */
export interface PlacementPage {
  placements: Placement[];
  next?: string;
}

/** The agreement of each agency on this deployment (councils, seats, chair, go-live). */
export interface Agencies {
  find(agency: string): Promise<Agency | undefined>;
  /** 404 when there is no such agency. */
  get(agency: string): Promise<Agency>;
  /** Every agency on this deployment (the scheduled jobs walk them). */
  list(): Promise<string[]>;
  /** Creates the agreement (`before` absent, no If-Match) or changes the version the caller read (428 without If-Match, 409 when stale). */
  save(args: { before: Agency | undefined; after: Agency; ifMatch: number | undefined }): Promise<Agency>;
  /** Seeding: creates the agency as `save` would; false when it already exists. */
  createIfAbsent(agency: Agency): Promise<boolean>;
}

/** A year's funding protocol as agreed: the version in force, the proposal awaiting the SCB, and every version ever proposed. */
export interface ProtocolRecords {
  inForce: FundingProtocol | undefined;
  proposed: ProtocolVersion | undefined;
  versions: ProtocolVersion[];
}

/** The funding protocol of each year, an agreement every SCB seat must approve. */
export interface Protocols {
  /** The protocol in force, if the SCB has agreed one. */
  find(agency: string, year: string): Promise<FundingProtocol | undefined>;
  /** 404 when none is in force. */
  get(agency: string, year: string): Promise<FundingProtocol>;
  records(agency: string, year: string): Promise<ProtocolRecords>;
  /** Stores the proposal and opens its SCB approval together; 409 PROPOSAL_PENDING beside another, VERSION_CONFLICT if the version in force moved. */
  propose(proposal: ProtocolVersion, approval: NewApproval): Promise<void>;
  /** The SCB agreed: the proposal comes into force, the version it replaces kept as history. Undefined if it already was. */
  bringIntoForce(args: { agency: string; year: string; version: number; decisionComments: ProtocolVersion['decisionComments']; actor: string; at: string }): Promise<FundingProtocol | undefined>;
  /** Rejected or lapsed: the version in force stays. False if it was already closed so. */
  close(args: { agency: string; year: string; version: number; to: Extract<ProtocolVersion['status'], 'rejected' | 'expired' | 'failed'>; decisionComments?: ProtocolVersion['decisionComments']; failure?: ApprovalFailure; actor: string; at: string }): Promise<boolean>;
}

/** Each council's placement forecast for a year. */
export interface Forecasts {
  find(agency: string, year: string, council: string): Promise<PlacementForecast | undefined>;
  list(agency: string, year: string): Promise<PlacementForecast[]>;
  /** Created once; changed only with If-Match at the version stored (428 without, 409 when stale). */
  save(args: { agency: string; year: string; council: string; input: PlacementForecastInput; ifMatch: number | undefined; actor: string; at: string }): Promise<PlacementForecast>;
}

/** SCB approvals: one decision per seat, settled under the rule, the workflow's callback token kept with them. */
export interface Approvals {
  /** 404 when there is no such approval. */
  get(agency: string, approvalId: string): Promise<Approval>;
  /** The callback token of the workflow waiting on this approval, if it has reached the wait. */
  taskToken(agency: string, approvalId: string): Promise<string | undefined>;
  listByStatus(agency: string, status: Approval['status']): Promise<Approval[]>;
  /** One decision per seat (409 ALREADY_DECIDED; 409 APPROVAL_CLOSED once settled); concurrent decisions are all counted. */
  recordDecision(args: { agency: string; approvalId: string; seat: string; decision: Decision; comment?: string | undefined; actor: string; at: string }): Promise<{ approval: Approval; outcome: ApprovalOutcome }>;
  /** Keeps the workflow's current callback token, unless the SCB has already decided (then its status). */
  attachTaskToken(agency: string, approvalId: string, taskToken: string): Promise<'attached' | Approval['status']>;
  /** Counts a reminder; the approval after it, or undefined if it was decided meanwhile. */
  countReminder(agency: string, approvalId: string): Promise<Approval | undefined>;
  /** The SCB never decided: the approval lapses. False if it was no longer pending. */
  expire(agency: string, approvalId: string, at: string): Promise<boolean>;
}

/** The year's apportionment of contributions, stored once with its inputs; only its status moves. */
export interface Apportionments {
  findCurrent(agency: string, year: string): Promise<Apportionment | undefined>;
  get(agency: string, year: string, apportionmentId: string): Promise<Apportionment>;
  /** Stores it, makes it the year's current one and opens its SCB approval, all at once; 409 APPORTIONMENT_EXISTS unless the previous one was rejected or lapsed. */
  create(args: { apportionment: Apportionment; approval: NewApproval; previous: Apportionment | undefined; actor: string }): Promise<void>;
  /** Moves one awaiting the SCB to its outcome; false if it was already there. `failed` fails its approval with it, and changes nothing once it has an outcome. */
  settle(args: { agency: string; year: string; apportionmentId: string; to: Extract<ApportionmentStatus, 'approved' | 'rejected' | 'expired' | 'failed'>; at: string; decisionComments?: Apportionment['decisionComments']; failure?: ApprovalFailure; actor: string }): Promise<boolean>;
}

/** The outbox: reminders and notices for the people they are for, each sent once by its id. */
export interface Notices {
  /** False when this notice was already sent. */
  send(notice: Notice): Promise<boolean>;
  /** Several, in one write where none was sent before; each as `send` does otherwise. Whether each was sent now. */
  sendAll(notices: readonly Notice[]): Promise<boolean[]>;
  /** Newest first. */
  listFor(audiences: readonly Audience[], limit?: number): Promise<Notice[]>;
}

export interface AuditTrail {
  /** Newest first. */
  list(agency: string, limit?: number): Promise<AuditEvent[]>;
}

/**
 * The placement ledger: entries are only ever added; a reversal is another
 * entry. A placement belongs to a quarter (`quarterOf`); once that quarter's
 * report is approved the ledger refuses the entry (409 QUARTER_FROZEN) in the
 * same write.
 */
/** What makes two placements the same case: the council, the kind, the day placed and the case reference (in any case). */
export type PlacementCase = Pick<Placement, 'council' | 'kind' | 'placedOn' | 'caseRef'>;

/** An unfunded placement's retrospective spot purchase, its SCB approval and the notices it causes: written with the placement. */
export interface RetrospectiveOpening {
  spotPurchase: SpotPurchase;
  approval: NewApproval;
  notices: readonly Notice[];
}

export interface Placements {
  /** Records the placement, or returns the one already recorded under this key. */
  /** With `opening`, an unfunded placement's retrospective spot purchase is opened in the same write (a ConflictError TOLERANCE_MOVED if another writer opened that one first). */
  record(placement: Placement, idempotency: Idempotency, quarterOf: (placement: Placement) => string, tolerance?: ToleranceMove, opening?: RetrospectiveOpening): Promise<{ placement: Placement; replayed: boolean; firstReply?: FirstReply }>;
  /** Whether each case has a placement recorded and not reversed (an import's rows already recorded): read by key, never the ledger. */
  recordedCases(agency: string, year: string, cases: readonly PlacementCase[]): Promise<boolean[]>;
  /** Placements of one council and year that do not move its tolerance status, in one write: all or none (a ConflictError means none; record each alone). */
  recordTogether(entries: readonly { placement: Placement; idempotency: Idempotency }[], quarterOf: (placement: Placement) => string, tolerance?: ToleranceMove): Promise<void>;
  get(agency: string, placementId: string): Promise<Placement>;
  /** 404 for an unknown placement; 409 ALREADY_REVERSED; a stale `tolerance` is 409 TOLERANCE_MOVED (read the figures again). */
  reverse(args: { agency: string; placementId: string; reason: string; actor: string; at: string }, quarterOf: (placement: Placement) => string, tolerance?: ToleranceMove): Promise<Placement>;
  /** One page of the year's ledger (a council's only, if named), each with its reversal. */
  page(agency: string, year: string, options: { council?: string | undefined; placedOnOrBefore?: string | undefined; limit: number; cursor?: string | undefined }): Promise<PlacementPage>;
  /** Workflow tasks only (it reads the whole year's ledger, page by page): what counts as at a day, named by number and hash. */
  summarize(agency: string, year: string, asAt: string): Promise<LedgerSummary>;
  /** Moves a council's recorded tolerance status from what the caller read; the new version, or undefined if someone else moved it first. */
  moveToleranceStatus(args: { agency: string; year: string; council: string; from: RecordedToleranceStatus | undefined; to: ToleranceStatus; at: string; actor: string; notices?: readonly Notice[] }): Promise<number | undefined>;
}

/** Spot purchases (§7.2): requested, or retrospective for an unfunded placement. */
export interface SpotPurchases {
  get(agency: string, year: string, spotPurchaseId: string): Promise<SpotPurchase>;
  /** The year's spot purchases (a few a year, read by their own sort-key prefix). */
  list(agency: string, year: string): Promise<SpotPurchase[]>;
  /** The charges entered for approved spot purchases (one per approval). */
  charges(agency: string, year: string): Promise<Charge[]>;
  /** The charges of spot purchases approved or awaiting the SCB, as committed against the year's budget. */
  committedPence(agency: string, year: string): Promise<number>;
  /**
   * Stores the request, commits its charge and opens its SCB approval at
   * once; a requested one only if what is committed is at most `ceilingPence`
   * (else `onBudgetUnavailable()`), a retrospective one always.
   */
  create(spotPurchase: SpotPurchase, approval: NewApproval, budget: { ceilingPence: number } | 'retrospective', onBudgetUnavailable: () => Error): Promise<void>;
  /** Approved: the charge is entered with it; otherwise the commitment is released. False if already settled so. `failed` fails its approval with it, and changes nothing once it has an outcome. */
  settle(args: { agency: string; year: string; spotPurchaseId: string; to: Extract<SpotPurchase['status'], 'approved' | 'rejected' | 'expired' | 'failed'>; at: string; actor: string; failure?: ApprovalFailure }): Promise<boolean>;
}

/** Where a quarter's report stands; an approved report freezes the quarter's figures. */
export interface QuarterState {
  latestVersion: number;
  frozen: boolean;
  approvedVersion?: number;
}

/** A quarter's performance data and its report versions (contract Schedule 7). */
export interface Quarters {
  state(agency: string, quarter: string): Promise<QuarterState>;
  indicators(agency: string, quarter: string): Promise<QuarterIndicators | undefined>;
  saveIndicators(args: { agency: string; quarter: string; input: QuarterIndicatorsInput; ifMatch: number | undefined; actor: string; at: string }): Promise<QuarterIndicators>;
  report(agency: string, quarter: string, version: number): Promise<QuarterlyReport>;
  /** A new version to compile; 409 unless the last one was rejected, sent back or lapsed, and the quarter is not frozen. */
  openVersion(report: QuarterlyReport, previous: QuarterlyReport | undefined): Promise<void>;
  /** The compiled sections, with the first review they go to (the Management Board's where the agreement has one, else the SCB's) opened together. */
  compiled(args: { agency: string; quarter: string; version: number; sections: ReportSections; to: 'awaiting-scb' | 'awaiting-management-board'; approval: NewApproval; at: string; actor: string }): Promise<void>;
  /** Moves a version from one status to the next (false if already there); `opens` opens the next review in the same write; `freeze` freezes the quarter. */
  settle(args: { agency: string; quarter: string; version: number; from: QuarterlyReport['status']; to: QuarterlyReport['status']; at: string; actor: string; decisions?: QuarterlyReport['decisions']; managementBoard?: ManagementBoardReview; opens?: NewApproval; freeze?: boolean }): Promise<boolean>;
  /** The workflow failed before the version had an outcome: it fails with the reviews opened for it, in one write. False if it already had an outcome. */
  fail(args: { agency: string; quarter: string; version: number; failure: WorkflowFailure; at: string; actor: string }): Promise<boolean>;
  archive(args: { agency: string; quarter: string; version: number; at: string; actor: string }): Promise<string>;
}

/** The host's spend by cost line and category, one record per quarter. */
export interface Spend {
  find(agency: string, year: string, quarter: string): Promise<QuarterSpend | undefined>;
  save(args: { agency: string; year: string; quarter: string; input: QuarterSpendInput; ifMatch: number | undefined; actor: string; at: string }): Promise<QuarterSpend>;
}

/** The year's indicator catalogue (the performance framework). */
export interface IndicatorCatalogues {
  /** The catalogue the SCB agreed for the year, if any (else the shipped default is in force). */
  find(agency: string, year: string): Promise<IndicatorCatalogue | undefined>;
  records(agency: string, year: string): Promise<{ inForce: IndicatorCatalogue | undefined; proposed: CatalogueVersion | undefined; versions: CatalogueVersion[] }>;
  /** Stores the proposal and opens its SCB approval together; 409 PROPOSAL_PENDING beside another, VERSION_CONFLICT if the version in force moved. */
  propose(proposal: CatalogueVersion, approval: NewApproval): Promise<void>;
  bringIntoForce(args: { agency: string; year: string; version: number; decisionComments: CatalogueVersion['decisionComments']; actor: string; at: string }): Promise<IndicatorCatalogue | undefined>;
  close(args: { agency: string; year: string; version: number; to: 'rejected' | 'expired' | 'failed'; decisionComments?: CatalogueVersion['decisionComments']; failure?: ApprovalFailure; actor: string; at: string }): Promise<boolean>;
}

/** Reconciliation statements: issued once per period, confirmed once per council. */
export interface Statements {
  /** False if the period's statement was already issued. */
  issue(statement: ReconciliationStatement, actor: string): Promise<boolean>;
  find(agency: string, year: string, period: string): Promise<ReconciliationStatement | undefined>;
  /** The year's issued statements (at most five: four quarters and the year end). */
  list(agency: string, year: string): Promise<ReconciliationStatement[]>;
  /** The councils that confirmed the period's statement. */
  confirmations(agency: string, year: string, period: string): Promise<{ period: string; council: string; confirmedBy: string; confirmedAt: string }[]>;
  /** False if this council had already confirmed. */
  confirm(args: { agency: string; year: string; period: string; council: string; actor: string; at: string }): Promise<boolean>;
}

/** A council's receipts for a year, with what it has paid in total. */
export interface CouncilReceipts {
  council: string;
  receivedPence: number;
  receipts: ContributionReceipt[];
}

/** The ledgers beside the contributions (receipts, the set-up grant, the reserve) answer a request in pages of at most this many. */
export const LEDGER_PAGE_LIMIT = 100;

/** A page of a ledger: at most `limit` entries (LEDGER_PAGE_LIMIT if not given), from where `cursor`, the `next` of the page before, left off. */
export interface LedgerPageRequest {
  limit?: number | undefined;
  cursor?: string | undefined;
}

/** A council's newest receipts for a year, what it has paid in all (a counter, exact whatever the page holds), and where the next page starts. */
export interface CouncilReceiptsPage extends CouncilReceipts {
  next?: string;
}

/** Contributions received, as the host's finance officer records them: append-only, each receipt once per key. */
export interface Contributions {
  record(receipt: ContributionReceipt, idempotency: Idempotency): Promise<{ receipt: ContributionReceipt; replayed: boolean }>;
  /** Every receipt, in the order they arrived, read page by page: for tests and the hash of an issued statement, never a request path. */
  listForCouncil(agency: string, year: string, council: string): Promise<ContributionReceipt[]>;
  /** A request's read: what the council has paid and a page of its receipts (newest first by page, in the order they arrived within one), in a fixed number of reads. */
  councilPage(agency: string, year: string, council: string, page?: LedgerPageRequest): Promise<CouncilReceiptsPage>;
  /** Every council's receipts for the year, read page by page: for tests and rebuilding the counters, never a request path. */
  listForYear(agency: string, year: string): Promise<CouncilReceipts[]>;
  /** What each council had received as at a quarter's end (received on or before it) or the year end (all), from the counters: a fixed number of reads. */
  receivedThrough(agency: string, year: string, through: ReceivedThrough): Promise<CouncilReceived[]>;
}

/** A statement's period, as far as receipts go: as at the end of quarter 1 to 4, or the year end. */
export type ReceivedThrough = 1 | 2 | 3 | 4 | 'year-end';

/** What a council had received, and in how many receipts, as at a statement's period. */
export interface CouncilReceived {
  council: string;
  receivedPence: number;
  receiptCount: number;
}

/** The DfE set-up grant (§7.1): append-only entries and a balance that never goes below zero (422 GRANT_INSUFFICIENT). */
export interface GrantLedger {
  record(entry: GrantEntry, idempotency: Idempotency): Promise<{ entry: GrantEntry; replayed: boolean }>;
  /** At year end, what the reserve and income could not meet of an overspend (§8.5); once per year. */
  drawForOverspend(args: { agency: string; year: string; amountPence: number; actor: string; at: string }): Promise<boolean>;
  balance(agency: string): Promise<GrantBalance>;
  /** The balance (its counter) and a page of entries, newest first by page, in date order within one. */
  read(agency: string, page?: LedgerPageRequest): Promise<SetUpGrant>;
}

/** A reserve movement as the year-end close (or an approved reinvestment) applies it. */
export interface NewReserveMovement {
  agency: string;
  movementId: string;
  kind: ReserveMovementKind;
  year: string;
  /** Signed: + an underspend retained, - an overspend met or a reinvestment. */
  amountPence: number;
  reason: string;
  at: string;
  approvalId?: string;
  /** Who applied it, for the audit trail; the year-end close by default. */
  actor?: string;
}

/** What the reserve holds, what reinvestments awaiting the SCB have set aside, and its version. */
export interface ReserveState {
  balancePence: number;
  pendingPence: number;
  version: number;
}

export type DrawdownOutcome = Extract<ReserveDrawdown['status'], 'approved' | 'rejected' | 'expired' | 'failed'>;

/** The agency's multi-year reserve (§7.5): it never goes below zero (422 RESERVE_INSUFFICIENT). */
export interface MultiYearReserve {
  balance(agency: string): Promise<number>;
  state(agency: string): Promise<ReserveState>;
  /** Applies a movement once: false if this movementId was already applied. */
  apply(movement: NewReserveMovement): Promise<boolean>;
  /** The balance (its counter), the reinvestments awaiting the SCB, and a page of movements and of reinvestments proposed, newest first by page. */
  read(agency: string, page?: LedgerPageRequest): Promise<Reserve>;
  /** Stores a proposed reinvestment, sets its amount aside and opens its SCB approval, together; `build` makes them from the reserve as read. */
  propose(agency: string, build: (state: ReserveState) => { drawdown: ReserveDrawdown; approval: NewApproval }): Promise<ReserveDrawdown>;
  /** Settles a proposed reinvestment and releases what it set aside; approved but no longer covered, it is `refused`. */
  settleDrawdown(args: { agency: string; drawdownId: string; to: DrawdownOutcome; at: string; actor: string; reason?: string; failure?: ApprovalFailure }): Promise<ReserveDrawdown>;
}
