import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from './dynamodb.ts';
import { formatPounds } from '../domain/money.ts';
import { requireReserveFor, reserveAfter, reserveAvailable } from '../domain/reserve.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { ReserveDrawdown, ReserveMovement, type Reserve } from '../schemas/reserve.ts';
import { LEDGER_PAGE_LIMIT, type ApprovalFailure, type DrawdownOutcome, type LedgerPageRequest, type MultiYearReserve, type NewApproval, type NewReserveMovement, type ReserveState } from '../ports.ts';
import { approvalFailEntry, approvalOpenEntry } from './approval-entries.ts';
import { auditEntry } from './audit-log.ts';
import { asOfOneMoment } from './as-of-one-moment.ts';
import { keys, withoutKeys } from './keys.ts';
import { pageLimit, pageOf, pageQueryLimit, pairCursor, pairOf } from './page-cursor.ts';
import { readKnownItems, writeTogether, type Table } from './table.ts';

/** Writers of the one balance item take turns by its version; a loser reads again and retries. */
const MAX_RACES = 25;

/**
 * The balance item as the store keeps it: with the reinvestments awaiting the
 * SCB (oldest first), the ones `pendingPence` sets money aside for, so a read
 * finds them by key. An item written before that list existed has none
 * (undefined) until rebuildReserveListing builds it; writes carry its absence.
 */
interface BalanceItem extends ReserveState {
  pendingDrawdownIds: string[] | undefined;
}

/**
 * The agency's multi-year reserve (§7.5): a balance item and append-only
 * movements, each written in one transaction with the balance it moves and
 * its audit event. Every write names the balance version it read, so the
 * balance it computed is the balance it replaces: the reserve never goes
 * below zero, and each movement records the balance after it, in the order
 * applied. Reinvestments proposed to the SCB set money aside (`pendingPence`)
 * in the same way, so two proposals cannot both count on the same pound.
 *
 * A movement is written under its id (`MOVEMENT#<id>`: what applies it once)
 * and, the same record, under its sequence (`APPLIED#<sequence>`), so a read
 * takes the newest by key; reinvestments proposed are keyed by the day they
 * were proposed. A read is a fixed number of requests whatever the reserve holds.
 */
export class ReserveLedger implements MultiYearReserve {
  constructor(private readonly table: Table) {}

  /** What the reserve holds now. */
  async balance(agency: string): Promise<number> {
    return (await this.state(agency)).balancePence;
  }

  async state(agency: string): Promise<ReserveState> {
    const { balancePence, pendingPence, version } = await this.balanceItem(agency);
    return { balancePence, pendingPence, version };
  }

  private async balanceItem(agency: string): Promise<BalanceItem> {
    const item = (await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: keys.reserveBalance(agency), ConsistentRead: true }))).Item;
    return item
      ? { balancePence: Number(item.balancePence), pendingPence: Number(item.pendingPence), version: Number(item.version), pendingDrawdownIds: item.pendingDrawdownIds as string[] | undefined }
      : { balancePence: 0, pendingPence: 0, version: 0, pendingDrawdownIds: [] };
  }

  /**
   * Applies a movement once: returns false if this movementId was already
   * applied. Throws RuleViolation RESERVE_INSUFFICIENT if it would take the
   * reserve below zero (so the year-end close draws at most `balance(agency)`).
   */
  async apply(movement: NewReserveMovement): Promise<boolean> {
    return this.turn(movement.agency, async (state) => {
      if (await this.movement(movement.agency, movement.movementId)) return { done: false };
      const balancePence = reserveAfter(state.balancePence, movement);
      const stored = this.movementRecord(movement, balancePence, state.version + 1);
      return {
        done: true,
        items: [
          ...this.movementPuts(movement.agency, stored),
          this.balancePut(movement.agency, state, { ...state, balancePence }),
          auditEntry(this.table, {
            agency: movement.agency,
            actor: stored.recordedBy,
            action: `reserve.${movement.kind}`,
            entity: { type: 'ReserveMovement', id: movement.movementId },
            before: { balancePence: state.balancePence },
            after: stored,
            at: movement.at,
          }),
        ],
        // The movement landed first (a retry of the same close): it was applied once, by someone else.
        onMovementExists: false,
      };
    });
  }

  /**
   * The reserve's figures (its balance item), the reinvestments awaiting the
   * SCB (by the ids that item keeps), and a page of movements and of
   * reinvestments proposed, the newest first: a GetItem and two Queries, then
   * one BatchGetItem for what is pending, whatever the reserve holds. The
   * cursor moves both lists on together; one that has ended comes back empty.
   */
  async read(agency: string, page: LedgerPageRequest = {}): Promise<Reserve> {
    const limit = pageLimit(page.limit);
    const [movementsFrom, drawdownsFrom] = page.cursor
      ? pairOf(page.cursor, [(sk) => sk.startsWith(keys.reserveMovementInOrderPrefix), (sk) => sk.startsWith(keys.reserveDrawdownPrefix)])
      : [undefined, undefined];
    const {
      figure: balance,
      page: [movements, drawdowns],
    } = await asOfOneMoment(
      () => this.balanceItem(agency),
      () =>
        Promise.all([
          movementsFrom === null ? undefined : this.newest(agency, keys.reserveMovementInOrderPrefix, limit, movementsFrom),
          drawdownsFrom === null ? undefined : this.newest(agency, keys.reserveDrawdownPrefix, limit, drawdownsFrom),
        ]),
    );
    if (!balance.pendingDrawdownIds) throw new Error(`The reserve of ${agency} predates its listing by key: build it once (rebuildReserveListing in shared/store/reserve-ledger.ts) or reset the data folder`);
    const pendingDrawdowns = (await this.drawdownsById(agency, balance.pendingDrawdownIds.slice(-LEDGER_PAGE_LIMIT))).sort(newestFirst);
    const state = { balancePence: balance.balancePence, pendingPence: balance.pendingPence };
    const next = pairCursor(movements?.last ?? null, drawdowns?.last ?? null);
    return {
      agency,
      ...state,
      availablePence: reserveAvailable(state),
      movements: (movements?.items ?? []).map((i) => ReserveMovement.parse(withoutKeys(i))).sort((a, b) => a.sequence - b.sequence),
      pendingDrawdowns,
      drawdowns: (drawdowns?.items ?? []).map((i) => ReserveDrawdown.parse(withoutKeys(i))).sort(newestFirst),
      ...(next ? { next } : {}),
    };
  }

  /** Up to `limit` items under `prefix`, the newest key first, from where `from` left off, and the last one's key if more follow. */
  private async newest(agency: string, prefix: string, limit: number, from: string | undefined): Promise<{ items: Record<string, unknown>[]; last: string | null }> {
    const reply = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.name,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.reservePartition(agency), ':prefix': prefix },
        ScanIndexForward: false,
        Limit: pageQueryLimit(limit),
        ConsistentRead: true,
        ...(from ? { ExclusiveStartKey: { pk: keys.reservePartition(agency), sk: from } } : {}),
      }),
    );
    const { items, last } = pageOf(reply, limit);
    return { items, last: last ?? null };
  }

  /** At most 100 keys: one BatchGetItem, read again only for what DynamoDB left unprocessed. */
  private async drawdownsById(agency: string, drawdownIds: string[]): Promise<ReserveDrawdown[]> {
    const wanted = drawdownIds.map((id) => keys.reserveDrawdown(agency, id));
    const at = await readKnownItems(this.table, wanted, 'reinvestments');
    return wanted.flatMap((key) => {
      const item = at(key);
      return item ? [ReserveDrawdown.parse(withoutKeys(item))] : [];
    });
  }

  async drawdown(agency: string, drawdownId: string): Promise<ReserveDrawdown> {
    const item = (await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: keys.reserveDrawdown(agency, drawdownId), ConsistentRead: true }))).Item;
    if (!item) throw new NotFoundError(`No reinvestment "${drawdownId}" from the reserve`);
    return ReserveDrawdown.parse(withoutKeys(item));
  }

  /**
   * Stores a proposed reinvestment, sets its amount aside and opens its SCB
   * approval, together; refused with RESERVE_INSUFFICIENT if the reserve less
   * what is already set aside cannot cover it. `build` makes the record from
   * the reserve as read (the figures the SCB is shown).
   */
  async propose(agency: string, build: (state: ReserveState) => { drawdown: ReserveDrawdown; approval: NewApproval }): Promise<ReserveDrawdown> {
    let proposed: ReserveDrawdown | undefined;
    await this.turn(agency, async (state) => {
      const { drawdown, approval } = build({ balancePence: state.balancePence, pendingPence: state.pendingPence, version: state.version });
      requireReserveFor(drawdown.amountPence, state);
      proposed = drawdown;
      return {
        done: true,
        items: [
          { Put: { TableName: this.table.name, Item: { ...keys.reserveDrawdown(agency, drawdown.drawdownId), itemType: 'ReserveDrawdown', ...drawdown }, ConditionExpression: 'attribute_not_exists(pk)' } },
          this.balancePut(agency, state, { ...state, pendingPence: state.pendingPence + drawdown.amountPence, pendingDrawdownIds: state.pendingDrawdownIds && [...state.pendingDrawdownIds, drawdown.drawdownId] }),
          approvalOpenEntry(this.table, approval),
          auditEntry(this.table, { agency, actor: drawdown.requestedBy, action: 'reserve.reinvestment-proposed', entity: { type: 'ReserveDrawdown', id: drawdown.drawdownId }, before: { pendingPence: state.pendingPence }, after: drawdown, at: drawdown.requestedAt }),
        ],
      };
    });
    return proposed!;
  }

  /**
   * Settles a proposed reinvestment and releases what it set aside.
   * Approved: the reinvestment movement is applied, unless by now the reserve
   * cannot cover it (an overspend drew on it meanwhile): then it is `refused`
   * and nothing goes below zero. Idempotent: a step that runs twice gets the
   * settled record back.
   */
  async settleDrawdown(args: { agency: string; drawdownId: string; to: DrawdownOutcome; at: string; actor: string; reason?: string; failure?: ApprovalFailure }): Promise<ReserveDrawdown> {
    let settled: ReserveDrawdown | undefined;
    await this.turn(args.agency, async (state) => {
      const before = await this.drawdown(args.agency, args.drawdownId);
      if (before.status !== 'awaiting-scb') {
        // A workflow that failed after the outcome was recorded leaves the outcome as it is.
        const repeat = before.status === args.to || args.to === 'failed' || (args.to === 'approved' && before.status === 'refused');
        if (!repeat) throw new ConflictError(`The reinvestment ${args.drawdownId} is already ${before.status}`, 'DRAWDOWN_SETTLED');
        settled = before;
        return { done: false };
      }
      const pendingPence = Math.max(0, state.pendingPence - before.amountPence);
      const covered = args.to === 'approved' && before.amountPence <= state.balancePence;
      const status: ReserveDrawdown['status'] = args.to === 'approved' && !covered ? 'refused' : args.to;
      const movementId = `reinvestment-${before.drawdownId}`;
      const after: ReserveDrawdown = {
        ...before,
        status,
        decidedAt: args.at,
        ...(status === 'refused'
          ? { outcomeReason: `Approved by the SCB, but the reserve now holds ${formatPounds(state.balancePence)}, less than the ${formatPounds(before.amountPence)} to reinvest` }
          : args.reason
            ? { outcomeReason: args.reason }
            : {}),
        ...(covered ? { movementId } : {}),
      };
      const balancePence = covered ? state.balancePence - before.amountPence : state.balancePence;
      settled = after;
      return {
        done: true,
        items: [
          {
            Put: {
              TableName: this.table.name,
              Item: { ...keys.reserveDrawdown(args.agency, args.drawdownId), itemType: 'ReserveDrawdown', ...after },
              ConditionExpression: '#status = :awaiting',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':awaiting': 'awaiting-scb' },
            },
          },
          this.balancePut(args.agency, state, { ...state, balancePence, pendingPence, pendingDrawdownIds: state.pendingDrawdownIds?.filter((id) => id !== args.drawdownId) }),
          ...(args.to === 'failed' && args.failure ? [approvalFailEntry(this.table, args.agency, args.failure.approvalId, args.failure)] : []),
          ...(covered
            ? this.movementPuts(
                args.agency,
                this.movementRecord(
                  { agency: args.agency, movementId, kind: 'reinvestment', year: before.year, amountPence: -before.amountPence, reason: before.purpose, at: args.at, approvalId: before.approvalId, actor: args.actor },
                  balancePence,
                  state.version + 1,
                ),
              )
            : []),
          auditEntry(this.table, {
            agency: args.agency,
            actor: args.actor,
            action: `reserve.reinvestment-${status}`,
            entity: { type: 'ReserveDrawdown', id: args.drawdownId },
            before: { status: before.status, balancePence: state.balancePence, pendingPence: state.pendingPence },
            after: { status, balancePence, pendingPence, outcomeReason: after.outcomeReason, ...(args.failure ? { failure: args.failure } : {}) },
            at: args.at,
          }),
        ],
      };
    });
    return settled!;
  }

  /**
   * One turn at the balance item: `step` reads the state it was handed and
   * returns the items to write with it (or that there is nothing to do). A
   * write that finds the balance moved since it read goes round again.
   */
  private async turn(agency: string, step: (state: BalanceItem) => Promise<{ done: boolean; items?: Parameters<typeof writeTogether>[1]; onMovementExists?: false }>): Promise<boolean> {
    for (let attempt = 0; attempt < MAX_RACES; attempt++) {
      const state = await this.balanceItem(agency);
      const next = await step(state);
      if (!next.done || !next.items) return false;
      try {
        await writeTogether(this.table, next.items, (failed) => (failed.includes(0) && next.onMovementExists === false ? new MovementAlreadyApplied() : new RaceLost()));
        return true;
      } catch (error) {
        if (error instanceof MovementAlreadyApplied) return false;
        if (error instanceof RaceLost || (error instanceof ConflictError && error.code === 'BUSY')) {
          await new Promise((r) => setTimeout(r, Math.random() * 10 * Math.min(attempt + 1, 8)));
          continue;
        }
        throw error;
      }
    }
    throw new ConflictError('Too many changes to the reserve at once; try again', 'BUSY');
  }

  private async movement(agency: string, movementId: string): Promise<boolean> {
    const item = (await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: keys.reserveMovement(agency, movementId), ConsistentRead: true, ProjectionExpression: 'pk' }))).Item;
    return item !== undefined;
  }

  private movementRecord(movement: NewReserveMovement, balanceAfterPence: number, sequence: number): ReserveMovement {
    return {
      movementId: movement.movementId,
      kind: movement.kind,
      year: movement.year,
      amountPence: movement.amountPence,
      reason: movement.reason,
      at: movement.at,
      ...(movement.approvalId ? { approvalId: movement.approvalId } : {}),
      balanceAfterPence,
      sequence,
      recordedBy: movement.actor ?? 'system:year-end',
    };
  }

  /** The movement under its id (first: its condition is what applies it once) and under its sequence, for reading the newest first. */
  private movementPuts(agency: string, movement: ReserveMovement) {
    return [
      { Put: { TableName: this.table.name, Item: { ...keys.reserveMovement(agency, movement.movementId), itemType: 'ReserveMovement', ...movement }, ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName: this.table.name, Item: { ...keys.reserveMovementInOrder(agency, movement.sequence), itemType: 'ReserveMovementInOrder', ...movement }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ];
  }

  /** The balance item replaced only at the version read. */
  private balancePut(agency: string, read: ReserveState, next: Omit<BalanceItem, 'version'>) {
    return {
      Put: {
        TableName: this.table.name,
        // pendingDrawdownIds undefined (an item from before the list) stays absent: the marshaller drops it.
        Item: { ...keys.reserveBalance(agency), itemType: 'ReserveBalance', balancePence: next.balancePence, pendingPence: next.pendingPence, pendingDrawdownIds: next.pendingDrawdownIds, version: read.version + 1 },
        ...(read.version === 0 ? { ConditionExpression: 'attribute_not_exists(pk)' } : { ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': read.version } }),
      },
    };
  }
}

class RaceLost extends Error {}
class MovementAlreadyApplied extends Error {}

function newestFirst(a: ReserveDrawdown, b: ReserveDrawdown): number {
  return b.requestedAt.localeCompare(a.requestedAt);
}

/**
 * One-off, for a data folder written before the reserve was listed by key:
 * writes each movement again under its sequence, and the reinvestments
 * awaiting the SCB into the balance item. Reads the whole partition, so it
 * is never a request; idempotent; run it while nothing else writes the reserve
 * (the balance is replaced only at the version it read).
 */
export async function rebuildReserveListing(table: Table, agency: string): Promise<void> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new QueryCommand({ TableName: table.name, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.reservePartition(agency) }, ConsistentRead: true, ExclusiveStartKey: startKey }),
    );
    items.push(...((page.Items ?? []) as Record<string, unknown>[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  for (const item of items.filter((i) => String(i.sk).startsWith(keys.reserveMovementPrefix))) {
    const movement = ReserveMovement.parse(withoutKeys(item));
    await table.doc.send(new PutCommand({ TableName: table.name, Item: { ...keys.reserveMovementInOrder(agency, movement.sequence), itemType: 'ReserveMovementInOrder', ...movement } }));
  }
  const balance = items.find((i) => i.sk === keys.reserveBalance(agency).sk);
  if (!balance) return;
  const pending = items
    .filter((i) => String(i.sk).startsWith(keys.reserveDrawdownPrefix))
    .map((i) => ReserveDrawdown.parse(withoutKeys(i)))
    .filter((d) => d.status === 'awaiting-scb')
    .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
  await table.doc.send(
    new UpdateCommand({
      TableName: table.name,
      Key: keys.reserveBalance(agency),
      UpdateExpression: 'SET pendingDrawdownIds = :ids',
      ConditionExpression: 'version = :read',
      ExpressionAttributeValues: { ':ids': pending.map((d) => d.drawdownId), ':read': balance.version },
    }),
  );
}
