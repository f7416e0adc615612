import { GetCommand, QueryCommand } from './dynamodb.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { PLACEMENT_PAGE_LIMIT, TOLERANCE_MOVED, type FirstReply, type Idempotency, type LedgerSummary, type PlacementCase, type PlacementPage, type Placements, type RetrospectiveOpening, type ToleranceMove } from '../ports.ts';
import { idempotencyKeyEntry, writeIdempotently } from './idempotency.ts';
import { isCouncilPlacement } from '../domain/inter-agency.ts';
import type { ToleranceStatus } from '../domain/tolerance.ts';
import type { Notice } from '../schemas/notice.ts';
import { Placement, parsePlacementId } from '../schemas/placement.ts';
import { auditEntry } from './audit-log.ts';
import { keys, withoutKeys } from './keys.ts';
import { quarterFrozenError, quarterNotFrozen } from './quarter-freeze.ts';
import { noticeEntries } from './notice-store.ts';
import { spotPurchaseOpeningEntries } from './spot-purchase-opening.ts';
import { readKnownItems, writeTogether, type Table } from './table.ts';
import { placementTallyEntries, placementTallyEntry, summarizeLedger } from './year-figures.ts';
import { cursorAfter, pageOf, pageQueryLimit } from './page-cursor.ts';

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
  constructor(private readonly table: Table) {}

  /** Records the placement, or returns the one already recorded under this key. */
  async record(placement: Placement, idempotency: Idempotency, quarterOf: (placement: Placement) => string, tolerance?: ToleranceMove, opening?: RetrospectiveOpening): Promise<{ placement: Placement; replayed: boolean; firstReply?: FirstReply }> {
    const guard = this.quarterOpen(placement, quarterOf);
    const moves = tolerance ? this.toleranceEntries(placement.agency, placement.year, tolerance, 1, placement.recordedAt, placement.recordedBy) : this.councilCount(placement, 1);
    const written = await writeIdempotently(this.table, {
      idempotency,
      resource: { kind: 'placement', placementId: placement.placementId },
      at: placement.recordedAt,
      items: [
        ...this.entryOf(placement),
        ...guard.items,
        placementTallyEntry(this.table, placement, 'recorded'),
        ...moves,
        ...this.caseCounts([placement], 1),
        // Its retrospective spot purchase, if it is unfunded: opened by another writer first, the figures read have moved.
        ...(opening ? [...spotPurchaseOpeningEntries(this.table, opening.spotPurchase, opening.approval, 'retrospective'), ...opening.notices.flatMap((notice) => noticeEntries(this.table, notice))] : []),
      ],
      onConflict: (failed) => (failed.some((i) => i >= 4) ? toleranceMoved() : failed.some((i) => i >= 2) ? guard.error() : new ConflictError('This placement was already recorded', 'DUPLICATE')),
      // Entries of one quarter move its counters: under a burst they contend, and take their turn.
      attempts: 12,
    });
    return written.replayed
      ? { placement: await this.get(placement.agency, written.resource.placementId), replayed: true, ...(written.firstReply ? { firstReply: written.firstReply } : {}) }
      : { placement, replayed: false };
  }

  /**
   * Placements of one council and year, each under its own key with its own
   * audit event, in one transaction with their counters and the council's
   * count: all or none. None of them moves the council's tolerance status
   * (`tolerance.to` is the status read, `countedBefore` the counts it holds
   * through all of them). A ConflictError (a key already used, a quarter's
   * report approved, the count or status moved by another writer) means
   * nothing was written: each is then recorded alone.
   */
  async recordTogether(entries: readonly { placement: Placement; idempotency: Idempotency }[], quarterOf: (placement: Placement) => string, tolerance?: ToleranceMove): Promise<void> {
    const placements = entries.map((e) => e.placement);
    const first = placements[0];
    if (!first) return;
    if (placements.some((p) => p.agency !== first.agency || p.year !== first.year || p.council !== first.council)) throw new Error('recordTogether: placements of one council and year only');
    const counting = placements.filter(isCouncilPlacement).length;
    if (counting > 0 && !tolerance) throw new Error('recordTogether: placements that count move the council\'s tolerance count');
    const quarters = [...new Set(placements.map(quarterOf))];
    await writeTogether(
      this.table,
      [
        ...entries.flatMap(({ placement, idempotency }) => [
          idempotencyKeyEntry(this.table, idempotency, { kind: 'placement', placementId: placement.placementId }, placement.recordedAt),
          ...this.entryOf(placement),
        ]),
        ...quarters.map((quarter) => quarterNotFrozen(this.table, first.agency, quarter)),
        ...placementTallyEntries(this.table, placements, 'recorded'),
        ...(tolerance && counting > 0 ? this.toleranceEntries(first.agency, first.year, tolerance, counting, first.recordedAt, first.recordedBy) : []),
        ...this.caseCounts(placements, 1),
      ],
      () => new ConflictError('These placements cannot be recorded together; record each alone', 'RECORD_EACH_ALONE'),
      undefined,
      12,
    );
  }

  /** Whether each case has a placement recorded and not reversed: its count, read by key, 100 at a time. */
  async recordedCases(agency: string, year: string, cases: readonly PlacementCase[]): Promise<boolean[]> {
    const keyOf = (c: PlacementCase) => keys.placementCase(agency, year, c.council, c.kind, c.placedOn, c.caseRef);
    const unique = [...new Map(cases.map((c) => [keyOf(c).sk, keyOf(c)])).values()];
    const chunks = Array.from({ length: Math.ceil(unique.length / 100) }, (_, i) => unique.slice(i * 100, i * 100 + 100));
    const read = await Promise.all(chunks.map((chunk) => readKnownItems(this.table, chunk, 'the cases already recorded')));
    return cases.map((c) => read.some((at) => Number(at(keyOf(c))?.live ?? 0) > 0));
  }

  /** Each case's count of placements not reversed moves with its entries, summed by case (a transaction names an item once). */
  private caseCounts(placements: readonly Placement[], delta: 1 | -1) {
    const counts = new Map<string, { key: ReturnType<typeof keys.placementCase>; n: number }>();
    for (const p of placements) {
      const key = keys.placementCase(p.agency, p.year, p.council, p.kind, p.placedOn, p.caseRef);
      counts.set(key.sk, { key, n: (counts.get(key.sk)?.n ?? 0) + delta });
    }
    return [...counts.values()].map(({ key, n }) => ({
      Update: { TableName: this.table.name, Key: key, UpdateExpression: 'SET itemType = :type ADD live :n', ExpressionAttributeValues: { ':type': 'PlacementCase', ':n': n } },
    }));
  }

  /** The ledger entry (written once, never over another) and its audit event. */
  private entryOf(placement: Placement) {
    return [
      {
        Put: {
          TableName: this.table.name,
          Item: { ...keys.placement(placement.agency, placement.year, placement.council, placement.placementId), itemType: 'Placement', ...placement },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      auditEntry(this.table, { agency: placement.agency, actor: placement.recordedBy, action: 'placement.recorded', entity: { type: 'Placement', id: placement.placementId }, after: placement, at: placement.recordedAt }),
    ];
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

  async reverse(args: { agency: string; placementId: string; reason: string; actor: string; at: string }, quarterOf: (placement: Placement) => string, tolerance?: ToleranceMove): Promise<Placement> {
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
        placementTallyEntry(this.table, placement, 'reversed'),
        ...(tolerance ? this.toleranceEntries(args.agency, placement.year, tolerance, -1, args.at, args.actor) : this.councilCount(placement, -1)),
        ...this.caseCounts([placement], -1),
      ],
      (failed) => (failed.some((i) => i >= 4) ? toleranceMoved() : failed.some((i) => i >= 2) ? guard.error() : new ConflictError(`Placement ${args.placementId} is already reversed`, 'ALREADY_REVERSED')),
      undefined,
      12,
    );
    return { ...placement, reversal };
  }

  /** One page of the year's ledger, oldest key first, each placement with its reversal. */
  async page(agency: string, year: string, options: { council?: string | undefined; placedOnOrBefore?: string | undefined; limit: number; cursor?: string | undefined }): Promise<PlacementPage> {
    const prefix = `${keys.placementPrefix}${options.council ? `${options.council}#` : ''}`;
    const limit = Math.min(options.limit, PLACEMENT_PAGE_LIMIT);
    const page = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.name,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.yearPartition(agency, year), ':prefix': prefix, ...(options.placedOnOrBefore ? { ':asAt': options.placedOnOrBefore } : {}) },
        // The filter applies after the page's items are read: a page may hold fewer, never more work.
        ...(options.placedOnOrBefore ? { FilterExpression: 'placedOn <= :asAt' } : {}),
        ConsistentRead: true,
        Limit: pageQueryLimit(limit),
        ...(options.cursor ? { ExclusiveStartKey: { pk: keys.yearPartition(agency, year), sk: cursorSortKey(options.cursor, prefix) } } : {}),
      }),
    );
    const { items: entries, last } = pageOf(page, limit);
    const reversalOf = await readKnownItems(this.table, entries.map((e) => keys.reversal(agency, year, String(e.placementId))), 'reversals');
    const placements = entries.map((e) => {
      const r = reversalOf(keys.reversal(agency, year, String(e.placementId)));
      return Placement.parse({ ...withoutKeys(e), ...(r ? { reversal: { reason: r.reason, reversedBy: r.reversedBy, reversedAt: r.reversedAt } } : {}) });
    });
    const next = cursorAfter(last);
    return { placements, ...(next ? { next } : {}) };
  }

  async summarize(agency: string, year: string, asAt: string): Promise<LedgerSummary> {
    return summarizeLedger(this.table, agency, year, asAt);
  }

  /** Without a tolerance move (seeding, imports of history) the council's count still moves with the entry, so it never drifts from the ledger. */
  private councilCount(placement: Placement, delta: 1 | -1) {
    if (placement.kind === 'inter-agency-sale') return [];
    return [
      {
        Update: {
          TableName: this.table.name,
          Key: keys.toleranceStatus(placement.agency, placement.year, placement.council),
          UpdateExpression: 'SET itemType = :type, council = :council, #status = if_not_exists(#status, :green), version = if_not_exists(version, :zero) ADD counted :delta',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':type': 'ToleranceStatus', ':council': placement.council, ':green': 'green', ':zero': 0, ':delta': delta },
        },
      },
    ];
  }

  /**
   * The council's tolerance status moves with the entry, in its transaction:
   * its count moves by `delta`, on condition that the status is still the one
   * read and the count is still inside the range where the entry leaves it at
   * `to` (entries inside a band do not collide; one that crosses a threshold
   * wins once, and its notices go in the same write).
   */
  private toleranceEntries(agency: string, year: string, move: ToleranceMove, delta: number, at: string, actor: string) {
    const was = move.from?.status ?? 'green';
    const readVersion = move.from?.version ?? 0;
    const changes = was !== move.to;
    const version = readVersion + (changes ? 1 : 0);
    const held = '#status = :was AND version = :v AND counted BETWEEN :min AND :max';
    return [
      {
        Update: {
          TableName: this.table.name,
          Key: keys.toleranceStatus(agency, year, move.council),
          UpdateExpression: `SET itemType = :type, council = :council, #status = :to, version = :version${changes ? ', changedAt = :at' : ''} ADD counted :delta`,
          ConditionExpression: move.from ? held : `attribute_not_exists(pk) OR (${held})`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':type': 'ToleranceStatus',
            ':council': move.council,
            ':to': move.to,
            ':version': version,
            ':delta': delta,
            ':was': was,
            ':v': readVersion,
            ':min': move.countedBefore.min,
            ':max': move.countedBefore.max,
            ...(changes ? { ':at': at } : {}),
          },
        },
      },
      ...(changes
        ? [
            auditEntry(this.table, { agency, actor, action: 'tolerance-status.changed', entity: { type: 'ToleranceStatus', id: `${year}/${move.council}` }, before: { status: was }, after: { status: move.to }, at }),
          ]
        : []),
      ...move.notices.flatMap((notice) => noticeEntries(this.table, notice)),
    ];
  }

  private quarterOpen(placement: Placement, quarterOf: (placement: Placement) => string): Guard {
    const quarter = quarterOf(placement);
    return { items: [quarterNotFrozen(this.table, placement.agency, quarter)], error: () => quarterFrozenError(quarter) };
  }

  /**
   * Moves a council's recorded tolerance status from what the caller last read
   * to what it now is. Only one of several concurrent writers wins a change,
   * so each change of status is announced once. Returns the new version, or
   * undefined if someone else changed it first (read again and retry).
   */
  async moveToleranceStatus(args: { agency: string; year: string; council: string; from: { status: ToleranceStatus; version: number } | undefined; to: ToleranceStatus; at: string; actor: string; notices?: readonly Notice[] }): Promise<number | undefined> {
    const version = (args.from?.version ?? 0) + 1;
    try {
      await writeTogether(this.table, [
        {
          // An update, not a put: the item also carries the council's count, which entries move.
          Update: {
            TableName: this.table.name,
            Key: keys.toleranceStatus(args.agency, args.year, args.council),
            UpdateExpression: 'SET itemType = :type, council = :council, #status = :to, version = :version, changedAt = :at, counted = if_not_exists(counted, :zero)',
            ConditionExpression: args.from ? 'version = :v' : 'attribute_not_exists(pk)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':type': 'ToleranceStatus', ':council': args.council, ':to': args.to, ':version': version, ':at': args.at, ':zero': 0, ...(args.from ? { ':v': args.from.version } : {}) },
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
        ...(args.notices ?? []).flatMap((notice) => noticeEntries(this.table, notice)),
      ]);
      return version;
    } catch (error) {
      if (error instanceof ConflictError) return undefined;
      throw error;
    }
  }
}

function toleranceMoved(): ConflictError {
  return new ConflictError('The tolerance status moved while this was written; read the figures again', TOLERANCE_MOVED);
}

/** A page cursor is the last sort key, opaque to clients; one that does not belong to the listing asked for is refused. */
function cursorSortKey(cursor: string, prefix: string): string {
  const sk = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!sk.startsWith(prefix)) throw new ValidationError([{ path: 'cursor', message: 'is not a cursor of this listing; use the "next" of the page before' }]);
  return sk;
}
