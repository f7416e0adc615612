import { QueryCommand } from './dynamodb.ts';
import type { ToleranceStatus } from '../domain/tolerance.ts';
import { PlacementForecast } from '../schemas/forecast.ts';
import { Placement } from '../schemas/placement.ts';
import { FundingProtocol } from '../schemas/protocol.ts';
import { SpotPurchase } from '../schemas/spot-purchase.ts';
import { QuarterSpend } from '../schemas/spend.ts';
import { ReconciliationStatement } from '../schemas/reconciliation.ts';
import type { Charge, YearBook } from '../ports.ts';
import { keys, withoutKeys } from './keys.ts';
import type { Table } from './table.ts';

/** Everything recorded for one agency-year (`YearBook`), read in one Query of its partition. */
export async function readYearBook(table: Table, agency: string, year: string): Promise<YearBook> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new QueryCommand({
        TableName: table.name,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.yearPartition(agency, year) },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...((page.Items ?? []) as Record<string, unknown>[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);

  const bySk = (prefix: string) => items.filter((i) => String(i.sk).startsWith(prefix));
  const reversals = new Map(bySk(keys.reversalPrefix).map((r) => [String(r.placementId), r]));
  const protocolItem = items.find((i) => i.sk === 'PROTOCOL');
  return {
    protocol: protocolItem ? FundingProtocol.parse(withoutKeys(protocolItem)) : undefined,
    forecasts: bySk(keys.forecastPrefix).map((i) => PlacementForecast.parse(withoutKeys(i))),
    placements: bySk(keys.placementPrefix).map((i) => {
      const reversal = reversals.get(String(i.placementId));
      return Placement.parse({
        ...withoutKeys(i),
        ...(reversal ? { reversal: { reason: reversal.reason, reversedBy: reversal.reversedBy, reversedAt: reversal.reversedAt } } : {}),
      });
    }),
    spotPurchases: bySk(keys.spotPurchasePrefix).map((i) => SpotPurchase.parse(withoutKeys(i))),
    charges: bySk(keys.chargePrefix).map((i) => withoutKeys(i) as unknown as Charge),
    spend: bySk(keys.spendPrefix).map((i) => QuarterSpend.parse(withoutKeys(i))),
    statements: bySk(keys.statementPrefix).map((i) => ReconciliationStatement.parse(withoutKeys(i))),
    confirmations: bySk(keys.confirmationPrefix).map((i) => ({ period: String(i.period), council: String(i.council), confirmedBy: String(i.confirmedBy), confirmedAt: String(i.confirmedAt) })),
    toleranceStatuses: Object.fromEntries(
      bySk(keys.toleranceStatusPrefix).map((i) => [String(i.council), { status: i.status as ToleranceStatus, version: Number(i.version) }]),
    ),
  };
}
