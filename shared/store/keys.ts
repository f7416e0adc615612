/** Every key the single table uses, in one place, so each read is on a known key. */
export const keys = {
  agency: (agency: string) => ({ pk: `AGENCY#${agency}`, sk: 'PROFILE' }),
  agencyIndex: 'AGENCIES',
  protocol: (agency: string, year: string) => ({ pk: `AGENCY#${agency}#YEAR#${year}`, sk: 'PROTOCOL' }),
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
  noticeOnce: (id: string) => ({ pk: `NOTICE-ONCE#${id}`, sk: 'ONCE' }),
  idempotency: (scope: string, key: string) => ({ pk: `IDEMPOTENCY#${scope}`, sk: key }),
  placement: (agency: string, year: string, council: string, id: string) => ({ pk: `AGENCY#${agency}#YEAR#${year}`, sk: `PLACEMENT#${council}#${id}` }),
  placementPrefix: 'PLACEMENT#',
  reversal: (agency: string, year: string, id: string) => ({ pk: `AGENCY#${agency}#YEAR#${year}`, sk: `REVERSAL#${id}` }),
  reversalPrefix: 'REVERSAL#',
  spotPurchase: (agency: string, year: string, id: string) => ({ pk: `AGENCY#${agency}#YEAR#${year}`, sk: `SPOT-PURCHASE#${id}` }),
  spotPurchasePrefix: 'SPOT-PURCHASE#',
  charge: (agency: string, year: string, council: string, id: string) => ({ pk: `AGENCY#${agency}#YEAR#${year}`, sk: `CHARGE#${council}#${id}` }),
  chargePrefix: 'CHARGE#',
  toleranceStatus: (agency: string, year: string, council: string) => ({ pk: `AGENCY#${agency}#YEAR#${year}`, sk: `TOLERANCE-STATUS#${council}` }),
  toleranceStatusPrefix: 'TOLERANCE-STATUS#',
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
  reserveBroughtForward: (agency: string, year: string) => ({ pk: `AGENCY#${agency}#YEAR#${year}`, sk: 'RESERVE-BROUGHT-FORWARD' }),
  indicatorCatalogue: (agency: string, year: string) => ({ pk: `AGENCY#${agency}#YEAR#${year}`, sk: 'INDICATOR-CATALOGUE' }),
} as const;

/** Strips the table's own attributes before a record leaves the store. */
export function withoutKeys<T extends Record<string, unknown>>(item: T): Omit<T, 'pk' | 'sk' | 'gsi1pk' | 'gsi1sk' | 'itemType'> {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, itemType: _e, ...rest } = item;
  return rest;
}
