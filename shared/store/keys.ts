/** Every key the single table uses, in one place, so each read is on a known key. */
export const keys = {
  agency: (agency: string) => ({ pk: `AGENCY#${agency}`, sk: 'PROFILE' }),
  agencyIndex: 'AGENCIES',
  protocol: (agency: string, year: string) => ({ pk: `AGENCY#${agency}#YEAR#${year}`, sk: 'PROTOCOL' }),
  protocolVersion: (agency: string, year: string, version: number) => ({ pk: `AGENCY#${agency}#YEAR#${year}`, sk: `PROTOCOL#VERSION#${String(version).padStart(4, '0')}` }),
  protocolVersionPrefix: 'PROTOCOL#VERSION#',
  protocolProposal: (agency: string, year: string) => ({ pk: `AGENCY#${agency}#YEAR#${year}`, sk: 'PROTOCOL#PROPOSED' }),
  /** The protocol in force, its proposal and every version: one Query. */
  protocolPrefix: 'PROTOCOL',
  forecast: (agency: string, year: string, council: string) => ({ pk: `AGENCY#${agency}#YEAR#${year}`, sk: `FORECAST#${council}` }),
  forecastPrefix: 'FORECAST#',
  yearPartition: (agency: string, year: string) => `AGENCY#${agency}#YEAR#${year}`,
  apportionment: (agency: string, year: string, id: string) => ({ pk: `AGENCY#${agency}#YEAR#${year}`, sk: `APPORTIONMENT#${id}` }),
  currentApportionment: (agency: string, year: string) => ({ pk: `AGENCY#${agency}#YEAR#${year}`, sk: 'APPORTIONMENT' }),
  approval: (agency: string, id: string) => ({ pk: `AGENCY#${agency}#APPROVAL#${id}`, sk: 'APPROVAL' }),
  seatDecision: (agency: string, id: string, seat: string) => ({ pk: `AGENCY#${agency}#APPROVAL#${id}`, sk: `DECISION#${seat}` }),
  approvalsByStatus: (agency: string, status: string) => `AGENCY#${agency}#APPROVALS#${status}`,
  audit: (agency: string, at: string, id: string) => ({ pk: `AGENCY#${agency}#AUDIT`, sk: `${at}#${id}` }),
  auditPartition: (agency: string) => `AGENCY#${agency}#AUDIT`,
  notice: (audience: string, at: string, id: string) => ({ pk: `NOTICE#${audience}`, sk: `${at}#${id}` }),
  noticePartition: (audience: string) => `NOTICE#${audience}`,
  /** Once per agency: ids such as a report version's or a retrospective spot purchase's do not name the agency, and two agencies may use the same one. */
  noticeOnce: (agency: string | undefined, id: string) => ({ pk: agency ? `NOTICE-ONCE#${agency}#${id}` : `NOTICE-ONCE#${id}`, sk: 'ONCE' }),
  idempotency: (scope: string, key: string) => ({ pk: `IDEMPOTENCY#${scope}`, sk: key }),
  placement: (agency: string, year: string, council: string, id: string) => ({ pk: `AGENCY#${agency}#YEAR#${year}`, sk: `PLACEMENT#${council}#${id}` }),
  placementPrefix: 'PLACEMENT#',
  /**
   * How many placements of one case (council, kind, day placed, case reference) are recorded and not reversed: a
   * count moved with each entry, so an import finds the rows already recorded by key, whatever the ledger holds.
   */
  placementCase: (agency: string, year: string, council: string, kind: string, placedOn: string, caseRef: string) => ({
    pk: `AGENCY#${agency}#YEAR#${year}`,
    sk: `CASE#${council}#${kind}#${placedOn}#${encodeURIComponent(caseRef.toLowerCase())}`,
  }),
  reversal: (agency: string, year: string, id: string) => ({ pk: `AGENCY#${agency}#YEAR#${year}`, sk: `REVERSAL#${id}` }),
  reversalPrefix: 'REVERSAL#',
  spotPurchase: (agency: string, year: string, id: string) => ({ pk: `AGENCY#${agency}#YEAR#${year}`, sk: `SPOT-PURCHASE#${id}` }),
  spotPurchasePrefix: 'SPOT-PURCHASE#',
  /** The charges of spot purchases approved or awaiting the SCB: the one figure a spot-purchase request checks and commits. */
  spotPurchaseCommitments: (agency: string, year: string) => ({ pk: `AGENCY#${agency}#YEAR#${year}`, sk: 'BUDGET-COMMITMENTS' }),
  charge: (agency: string, year: string, council: string, id: string) => ({ pk: `AGENCY#${agency}#YEAR#${year}`, sk: `CHARGE#${council}#${id}` }),
  chargePrefix: 'CHARGE#',
  toleranceStatus: (agency: string, year: string, council: string) => ({ pk: `AGENCY#${agency}#YEAR#${year}`, sk: `TOLERANCE-STATUS#${council}` }),
  toleranceStatusPrefix: 'TOLERANCE-STATUS#',
  /** The placement ledger's running counts for the quarter of `placedOn` (1 to 4), moved in the same transaction as each entry. */
  placementTally: (agency: string, year: string, quarter: number) => ({ pk: `AGENCY#${agency}#YEAR#${year}`, sk: `TALLY#PLACEMENTS#Q${quarter}` }),
  /** Every council's forecast placements as attributes of one item, set in the same transaction as each forecast. */
  forecastTally: (agency: string, year: string) => ({ pk: `AGENCY#${agency}#YEAR#${year}`, sk: 'TALLY#FORECASTS' }),
  /** Spot purchases' running counts per council (approved, absorbed, retrospective opened and pending), moved as each is created and settled. */
  spotPurchaseTally: (agency: string, year: string) => ({ pk: `AGENCY#${agency}#YEAR#${year}`, sk: 'TALLY#SPOT-PURCHASES' }),
  /** Every running count of a year: one Query, a handful of items whatever the ledger holds. */
  tallyPrefix: 'TALLY#',
  quarterIndicators: (agency: string, quarter: string) => ({ pk: `AGENCY#${agency}#QUARTER#${quarter}`, sk: 'INDICATORS' }),
  quarterState: (agency: string, quarter: string) => ({ pk: `AGENCY#${agency}#QUARTER#${quarter}`, sk: 'STATE' }),
  report: (agency: string, quarter: string, version: number) => ({ pk: `AGENCY#${agency}#QUARTER#${quarter}`, sk: `REPORT#${String(version).padStart(4, '0')}` }),
  reportArchive: (agency: string, quarter: string, version: number) => ({ pk: `AGENCY#${agency}#QUARTER#${quarter}`, sk: `ARCHIVE#${String(version).padStart(4, '0')}` }),
  spend: (agency: string, year: string, quarter: string) => ({ pk: `AGENCY#${agency}#YEAR#${year}`, sk: `SPEND#${quarter}` }),
  spendPrefix: 'SPEND#',
  statement: (agency: string, year: string, period: string) => ({ pk: `AGENCY#${agency}#YEAR#${year}`, sk: `STATEMENT#${period}` }),
  statementPrefix: 'STATEMENT#',
  confirmation: (agency: string, year: string, period: string, council: string) => ({ pk: `AGENCY#${agency}#YEAR#${year}`, sk: `CONFIRMATION#${period}#${council}` }),
  confirmationPrefix: 'CONFIRMATION#',
  indicatorCatalogue: (agency: string, year: string) => ({ pk: `AGENCY#${agency}#YEAR#${year}`, sk: 'INDICATOR-CATALOGUE' }),
  indicatorCatalogueVersion: (agency: string, year: string, version: number) => ({ pk: `AGENCY#${agency}#YEAR#${year}`, sk: `INDICATOR-CATALOGUE#VERSION#${String(version).padStart(4, '0')}` }),
  indicatorCatalogueVersionPrefix: 'INDICATOR-CATALOGUE#VERSION#',
  indicatorCatalogueProposal: (agency: string, year: string) => ({ pk: `AGENCY#${agency}#YEAR#${year}`, sk: 'INDICATOR-CATALOGUE#PROPOSED' }),
  /** The catalogue in force, its proposal and every version: one Query. */
  indicatorCataloguePrefix: 'INDICATOR-CATALOGUE',
  /** Contributions received from a council for a year: their own partition, read in one Query. */
  contributionReceipt: (agency: string, year: string, council: string, receiptId: string) => ({ pk: `AGENCY#${agency}#YEAR#${year}#CONTRIBUTIONS`, sk: `RECEIPT#${council}#${receiptId}` }),
  contributionsPartition: (agency: string, year: string) => `AGENCY#${agency}#YEAR#${year}#CONTRIBUTIONS`,
  contributionReceiptPrefix: (council?: string) => `RECEIPT#${council ? `${council}#` : ''}`,
  /** What a council has paid for the year, moved in the same transaction as each receipt. */
  contributionsReceived: (agency: string, year: string, council: string) => ({ pk: `AGENCY#${agency}#YEAR#${year}#CONTRIBUTIONS`, sk: `RECEIVED#${council}` }),
  /** The set-up grant (§7.1): its balance counter and its entries, one partition per agency. */
  grantBalance: (agency: string) => ({ pk: `AGENCY#${agency}#GRANT`, sk: 'BALANCE' }),
  grantEntry: (agency: string, entryId: string) => ({ pk: `AGENCY#${agency}#GRANT`, sk: `ENTRY#${entryId}` }),
  grantPartition: (agency: string) => `AGENCY#${agency}#GRANT`,
  grantEntryPrefix: 'ENTRY#',
  /** The entries a finance officer records: their ids begin with their date, so these keys are in date order. */
  grantDatedEntries: { from: 'ENTRY#0', to: 'ENTRY#:' },
  /** The year-end draws (`year-end-<year>`, one a year): outside the dated range, read beside it. */
  grantYearEndPrefix: 'ENTRY#year-end-',
  /** The multi-year reserve (§7.5): its balance, its movements and the reinvestments proposed from it. */
  reserveBalance: (agency: string) => ({ pk: `AGENCY#${agency}#RESERVE`, sk: 'BALANCE' }),
  reserveMovement: (agency: string, movementId: string) => ({ pk: `AGENCY#${agency}#RESERVE`, sk: `MOVEMENT#${movementId}` }),
  reserveDrawdown: (agency: string, drawdownId: string) => ({ pk: `AGENCY#${agency}#RESERVE`, sk: `DRAWDOWN#${drawdownId}` }),
  reservePartition: (agency: string) => `AGENCY#${agency}#RESERVE`,
  reserveMovementPrefix: 'MOVEMENT#',
  reserveDrawdownPrefix: 'DRAWDOWN#',
  /** A movement again, under the order it was applied in, so the newest are read first by key. */
  reserveMovementInOrder: (agency: string, sequence: number) => ({ pk: `AGENCY#${agency}#RESERVE`, sk: `APPLIED#${String(sequence).padStart(10, '0')}` }),
  reserveMovementInOrderPrefix: 'APPLIED#',
} as const;

/** Strips the table's own attributes before a record leaves the store. */
export function withoutKeys<T extends Record<string, unknown>>(item: T): Omit<T, 'pk' | 'sk' | 'gsi1pk' | 'gsi1sk' | 'itemType'> {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, itemType: _e, ...rest } = item;
  return rest;
}
