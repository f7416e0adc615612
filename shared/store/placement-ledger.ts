import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { Idempotency, Placements } from '../ports.ts';
import { writeIdempotently } from './idempotency.ts';
import type { ToleranceStatus } from '../domain/tolerance.ts';
import { Placement, parsePlacementId } from '../schemas/placement.ts';
import { auditEntry } from './audit-log.ts';
import { keys, withoutKeys } from './keys.ts';
import type { QuarterStore } from './quarter-store.ts';
import { writeTogether, type Table } from './table.ts';

/** Extra conditions a write must meet (the quarter not frozen), and the error if one fails. */
interface Guard {
  items: NonNullable<Parameters<typeof writeTogether>[1]>;
  error: () => Error;
}

/**
 * The placement ledger: entries are only ever added. A placement and its
 * idempotency key are written in one transaction, so the ledger itself refuses
 * a second entry for one key, for good. A reversal is another entry. Each
 * entry carries its quarter's "not frozen" check, so neither lands once that
 * quarter's report is approved.
 */
export class PlacementLedger implements Placements {
  constructor(
    private readonly table: Table,
    private readonly quarters: QuarterStore,
  ) {}

  /** Records the placement, or returns the one already recorded under this key. */
  async record(placement: Placement, idempotency: Idempotency, quarterOf: (placement: Placement) => string): Promise<{ placement: Placement; replayed: boolean }> {
    const guard = this.quarterOpen(placement, quarterOf);
    const written = await writeIdempotently(this.table, {
      idempotency,
      resource: { kind: 'placement', placementId: placement.placementId },
      at: placement.recordedAt,
      items: [
        {
          Put: {
            TableName: this.table.name,
            Item: { ...keys.placement(placement.agency, placement.year, placement.council, placement.placementId), itemType: 'Placement', ...placement },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        auditEntry(this.table, { agency: placement.agency, actor: placement.recordedBy, action: 'placement.recorded', entity: { type: 'Placement', id: placement.placementId }, after: placement, at: placement.recordedAt }),
        ...guard.items,
      ],
      onConflict: (failed) => (failed.some((i) => i >= 2) ? guard.error() : new ConflictError('This placement was already recorded', 'DUPLICATE')),
    });
    return written.replayed ? { placement: await this.get(placement.agency, written.resource.placementId), replayed: true } : { placement, replayed: false };
  }

  async get(agency: string, placementId: string): Promise<Placement> {
    const { year, council } = parsePlacementId(placementId);
    const [entry, reversal] = await Promise.all([
      this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: keys.placement(agency, year, council, placementId), ConsistentRead: true })),
      this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: keys.reversal(agency, year, placementId), ConsistentRead: true })),
    ]);
    if (!entry.Item) throw new NotFoundError(`No placement "${placementId}"`);
    const r = reversal.Item;
    return Placement.parse({ ...withoutKeys(entry.Item), ...(r ? { reversal: { reason: r.reason, reversedBy: r.reversedBy, reversedAt: r.reversedAt } } : {}) });
  }

  async reverse(args: { agency: string; placementId: string; reason: string; actor: string; at: string }, quarterOf: (placement: Placement) => string): Promise<Placement> {
    const placement = await this.get(args.agency, args.placementId);
    const guard = this.quarterOpen(placement, quarterOf);
    if (placement.reversal) throw new ConflictError(`Placement ${args.placementId} is already reversed`, 'ALREADY_REVERSED');
    const reversal = { reason: args.reason, reversedBy: args.actor, reversedAt: args.at };
    await writeTogether(
      this.table,
      [
        {
          Put: {
            TableName: this.table.name,
            Item: { ...keys.reversal(args.agency, placement.year, args.placementId), itemType: 'PlacementReversal', placementId: args.placementId, council: placement.council, ...reversal },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        auditEntry(this.table, {
          agency: args.agency,
          actor: args.actor,
          action: 'placement.reversed',
          entity: { type: 'Placement', id: args.placementId },
          before: placement,
          after: { ...placement, reversal },
          at: args.at,
        }),
        ...guard.items,
      ],
      (failed) => (failed.some((i) => i >= 2) ? guard.error() : new ConflictError(`Placement ${args.placementId} is already reversed`, 'ALREADY_REVERSED')),
    );
    return { ...placement, reversal };
  }

  private quarterOpen(placement: Placement, quarterOf: (placement: Placement) => string): Guard {
    const quarter = quarterOf(placement);
    return { items: [this.quarters.notFrozen(placement.agency, quarter)], error: () => this.quarters.frozenError(quarter) };
  }

  /**
   * Moves a council's recorded tolerance status from what the caller last read
   * to what it now is. Only one of several concurrent writers wins a change,
   * so each change of status is announced once. Returns the new version, or
   * undefined if someone else changed it first (read again and retry).
   */
  async moveToleranceStatus(args: { agency: string; year: string; council: string; from: { status: ToleranceStatus; version: number } | undefined; to: ToleranceStatus; at: string; actor: string }): Promise<number | undefined> {
    const version = (args.from?.version ?? 0) + 1;
    try {
      await writeTogether(this.table, [
        {
          Put: {
            TableName: this.table.name,
            Item: { ...keys.toleranceStatus(args.agency, args.year, args.council), itemType: 'ToleranceStatus', council: args.council, status: args.to, version, changedAt: args.at },
            ...(args.from
              ? { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': args.from.version } }
              : { ConditionExpression: 'attribute_not_exists(pk)' }),
          },
        },
        auditEntry(this.table, {
          agency: args.agency,
          actor: args.actor,
          action: 'tolerance-status.changed',
          entity: { type: 'ToleranceStatus', id: `${args.year}/${args.council}` },
          before: { status: args.from?.status ?? 'green' },
          after: { status: args.to },
          at: args.at,
        }),
      ]);
      return version;
    } catch (error) {
      if (error instanceof ConflictError) return undefined;
      throw error;
    }
  }
}
