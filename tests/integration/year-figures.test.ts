/**
 * The year's running figures against DynamoDB Local: the counters move in
 * the same transaction as the ledger entry that moves them, so however many
 * placements and reversals arrive at once they equal the ledger; figures as
 * at a quarter end count only what was placed by then; and a statement or a
 * quarterly report of a year of 10,000 placements is one small item that
 * names what it counted instead of copying it.
 */
import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, GetCommand } from '../../shared/store/dynamodb.ts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { memberCouncils, scbSeats } from '../../shared/domain/agreement.ts';
import { quarterContaining } from '../../shared/domain/quarter.ts';
import type { WorkflowEngine, YearBook, YearFigures } from '../../shared/ports.ts';
import { adoptionAtHeart } from '../../shared/reference/adoption-at-heart.ts';
import type { Caller } from '../../shared/schemas/identity.ts';
import { placementId, type Placement, type PlacementRequest } from '../../shared/schemas/placement.ts';
import { dynamoDbDeps } from '../../shared/store/dynamodb-deps.ts';
import { keys } from '../../shared/store/keys.ts';
import { openTable, type Table } from '../../shared/store/table.ts';
import { rebuildYearFigures } from '../../shared/store/rebuild-year-figures.ts';
import { bringProtocolIntoForce, proposeFundingProtocol } from '../../shared/use-cases/agree-protocol.ts';
import { decideApproval } from '../../shared/use-cases/decide-approval.ts';
import { figuresOf, positionOf } from '../../shared/use-cases/position.ts';
import { compileSections, enterIndicators, indicatorCatalogue, quarterOf } from '../../shared/use-cases/quarterly-report.ts';
import { computeStatement, issueStatement } from '../../shared/use-cases/reconciliation.ts';
import { recordPlacement, reversePlacement } from '../../shared/use-cases/record-placement.ts';
import { submitForecast } from '../../shared/use-cases/submit-forecast.ts';
import { agencyBudgetPosition, uncommittedBudget } from '../../shared/use-cases/spot-purchases.ts';
import { seedReferenceData } from '../../infra/local/seed.ts';
import { ensureTable } from '../../infra/local/table-setup.ts';
import { StoppedClock } from '../support/in-memory-ports.ts';
import { Client, startSystem } from '../support/local-system.ts';

const AGENCY = adoptionAtHeart.agency;
const raaManager: Caller = { sub: 'raa-manager', groups: ['raa-manager'] };
const CASE_PREFIX: Record<string, string> = { dudley: 'DUD', sandwell: 'SAN', walsall: 'WAL', wolverhampton: 'WOL' };

let table: Table;
let deps: ReturnType<typeof dynamoDbDeps>;
const started: string[] = [];
/** A start that fails once, as a Step Functions call may after the write it follows. */
let failNextStart = false;
const workflows: WorkflowEngine = {
  start: async (_workflow, name) => {
    if (failNextStart) {
      failNextStart = false;
      throw new Error('StartExecution failed: the connection was reset');
    }
    started.push(name);
    return { name, status: 'started' };
  },
  sendTaskSuccess: async () => false,
  sendTaskFailure: async () => false,
};

beforeAll(async () => {
  table = openTable({ tableName: `raa-figures-${randomUUID()}`, endpoint: inject('dynamoDbEndpoint') });
  await ensureTable(table);
  // The last week of 2020-21: any day of the year may be placed on.
  deps = dynamoDbDeps(table, new StoppedClock(new Date('2021-03-25T09:00:00Z')), workflows);
  await seedReferenceData(deps);
});

afterAll(() => table?.doc.destroy());

/** The year opened as its people open it: the protocol agreed by every seat, each council's forecast in. */
async function openYear(year: string, forecasts: Record<string, number>): Promise<void> {
  const proposal = await proposeFundingProtocol(deps, raaManager, {
    agency: AGENCY,
    year,
    input: { unitRatePence: 2_802_500, tolerance: { placements: 2 }, spotPurchaseRatePence: 2_802_500, interAgencyFeePence: 2_700_000, interAgencyBudgetPence: 50_000_000, approvalRule: 'majority', reconciliationDueDays: 30, reportDueDays: 30 },
    ifMatch: undefined,
  });
  for (const seat of scbSeats(adoptionAtHeart)) {
    await decideApproval(deps, { sub: `scb-${seat}`, groups: ['scb-member'], council: seat }, { agency: AGENCY, approvalId: proposal.approvalId!, request: { decision: 'approve' } });
  }
  await bringProtocolIntoForce(deps, { agency: AGENCY, year, version: proposal.version, approvalId: proposal.approvalId! });
  for (const [council, placements] of Object.entries(forecasts)) {
    await submitForecast(deps, { sub: `${council}-finance`, groups: ['finance-officer'], council }, { agency: AGENCY, year, council, input: { placements }, ifMatch: undefined });
  }
}

let serial = 0;
function caseRef(council: string): string {
  serial += 1;
  return `${CASE_PREFIX[council]}/2020/${String(100_000 + serial)}`;
}

function place(year: string, council: string, placedOn: string, kind: Placement['kind'] = 'in-house') {
  return recordPlacement(deps, raaManager, {
    agency: AGENCY,
    idempotencyKey: randomUUID(),
    request: { council, year, kind, caseRef: caseRef(council), placedOn, ...(kind === 'in-house' ? {} : { counterparty: adoptionAtHeart.counterparties?.[0]?.counterparty ?? 'barnardos' }) },
  });
}

/** What the ledger says, counted afresh from every entry (the workflow's read): each quarter's counters and each council's count. */
function countedFromLedger(book: YearBook) {
  const quarter = (p: Placement) => Number(quarterContaining(p.placedOn).slice(-1));
  const live = book.placements.filter((p) => !p.reversal);
  return [1, 2, 3, 4].map((q) => ({
    quarter: q,
    councils: Object.fromEntries(
      memberCouncils(adoptionAtHeart).map((c) => [c.council, { inHouse: live.filter((p) => quarter(p) === q && p.council === c.council && p.kind === 'in-house').length, purchased: live.filter((p) => quarter(p) === q && p.council === c.council && p.kind === 'inter-agency-purchase').length }]),
    ),
    sold: live.filter((p) => quarter(p) === q && p.kind === 'inter-agency-sale').length,
    spendPence: live.filter((p) => quarter(p) === q && p.kind === 'inter-agency-purchase').reduce((n, p) => n + p.feePence, 0),
    incomePence: live.filter((p) => quarter(p) === q && p.kind === 'inter-agency-sale').reduce((n, p) => n + p.feePence, 0),
    recorded: book.placements.filter((p) => quarter(p) === q).length,
    reversed: book.placements.filter((p) => quarter(p) === q && p.reversal).length,
  }));
}

function councilCounts(figures: YearFigures) {
  return Object.fromEntries(memberCouncils(adoptionAtHeart).map((c) => [c.council, figures.quarters.reduce((n, q) => n + q.councils[c.council]!.inHouse + q.councils[c.council]!.purchased, 0)]));
}

describe("the year's counters", () => {
  const YEAR = '2020-21';
  beforeAll(async () => {
    await openYear(YEAR, { dudley: 20, sandwell: 30, walsall: 30, wolverhampton: 30 });
  });

  it('equal the ledger after 50 placements and reversals arrive at once, and each council is recorded at the status its count gives', async () => {
    // Prepare: Dudley goes past agreed plus its band (20 + 2) on the way, Walsall buys some placements from other agencies, Wolverhampton's agency sells some.
    const entriesBefore = (await deps.yearBook(AGENCY, YEAR)).placements.length;
    const days = ['2020-05-10', '2020-08-10', '2020-11-10', '2021-02-10'];
    const first = await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        const day = days[i % 4]!;
        if (i < 25) return place(YEAR, 'dudley', day);
        if (i < 35) return place(YEAR, 'walsall', day);
        if (i < 40) return place(YEAR, 'walsall', day, 'inter-agency-purchase');
        if (i < 45) return place(YEAR, 'wolverhampton', day, 'inter-agency-sale');
        return place(YEAR, 'sandwell', day);
      }),
    );

    // Act: 25 reversals and 25 more placements, all at once.
    await Promise.all([
      ...first.filter((_, i) => i % 2 === 0).map((p) => reversePlacement(deps, raaManager, { agency: AGENCY, placementId: p.placementId, reason: 'recorded twice by mistake' })),
      ...Array.from({ length: 25 }, (_, i) => place(YEAR, i % 2 === 0 ? 'dudley' : 'sandwell', days[i % 4]!)),
    ]);

    // Assess: the counters are what the ledger, counted afresh, says.
    const figures = await figuresOf(deps, adoptionAtHeart, YEAR);
    const book = await deps.yearBook(AGENCY, YEAR);
    expect(figures.quarters).toEqual(countedFromLedger(book));
    expect(book.placements).toHaveLength(entriesBefore + 75);
    // Each council's status item carries its count and the status that count gives.
    const counts = councilCounts(figures);
    const { councils } = positionOf(figures, adoptionAtHeart);
    for (const council of ['dudley', 'walsall', 'sandwell']) {
      expect(figures.toleranceStatuses[council]).toMatchObject({ counted: counts[council], status: councils.find((c) => c.council === council)!.status });
    }
  });

  it("open one retrospective spot purchase, with its workflow, for each of the unfunded placements that arrive at once, stating the agency's budget from one council's read", async () => {
    // Prepare: enough Dudley placements at once to take it 5 past agreed plus its band, whatever it had.
    const start = await figuresOf(deps, adoptionAtHeart, YEAR);
    const before = positionOf(start, adoptionAtHeart).councils.find((c) => c.council === 'dudley')!;
    const pendingAtStart = start.spotPurchases.dudley!.retrospectivePending;
    const n = Math.max(0, before.agreed + before.toleranceBand - before.actual) + 5;
    const placed = await Promise.all(Array.from({ length: n }, () => place(YEAR, 'dudley', '2020-07-20')));

    // Assess: every unfunded placement is covered by one retrospective spot purchase awaiting the SCB, numbered without a gap.
    const figures = await figuresOf(deps, adoptionAtHeart, YEAR);
    const dudley = positionOf(figures, adoptionAtHeart).councils.find((c) => c.council === 'dudley')!;
    const retrospective = (await deps.spotPurchases.list(AGENCY, YEAR)).filter((s) => s.kind === 'retrospective' && s.council === 'dudley');
    expect(retrospective).toHaveLength(figures.spotPurchases.dudley!.retrospectiveOpened);
    // One opens while its council's unfunded placements outnumber those awaiting the SCB (a reversed one's stays awaiting).
    expect(figures.spotPurchases.dudley!.retrospectivePending).toBe(Math.max(pendingAtStart, dudley.unfunded));
    expect(retrospective.map((s) => s.spotPurchaseId).sort()).toEqual(Array.from({ length: retrospective.length }, (_, i) => `${YEAR}-dudley-retrospective-${i + 1}`).sort());
    expect(new Set(retrospective.map((s) => s.placementId)).size).toBe(retrospective.length);
    // Each reply names the one its placement opened, and its workflow was started.
    const named = placed.flatMap((p) => (p.retrospectiveSpotPurchaseId ? [p.retrospectiveSpotPurchaseId] : []));
    expect(named.length).toBeGreaterThan(0);
    expect(named).toHaveLength(figures.spotPurchases.dudley!.retrospectivePending - pendingAtStart);
    for (const id of named) expect(started).toContain(`${AGENCY}.${id}`);

    // The budget a placement states from its one council's read is what every council's figures give.
    const one = await deps.yearFigures(AGENCY, YEAR, ['walsall']);
    const every = uncommittedBudget(figures, await deps.spotPurchases.committedPence(AGENCY, YEAR));
    expect(every.committedPence).toBeGreaterThan(0);
    expect(agencyBudgetPosition(one, one.agencyBudget!)).toEqual(every);
  });

  it("start a retrospective spot purchase's workflow when its placement is replayed, if the first request failed to start it", async () => {
    // Prepare: Dudley's placements until one opens a retrospective spot purchase, whose workflow start fails after the write.
    let failed: { key: string; request: PlacementRequest } | undefined;
    for (let i = 0; i < 60 && !failed; i++) {
      const attempt = { key: randomUUID(), request: { council: 'dudley', year: YEAR, kind: 'in-house' as const, caseRef: caseRef('dudley'), placedOn: '2020-08-20' } };
      failNextStart = true;
      const outcome = await recordPlacement(deps, raaManager, { agency: AGENCY, idempotencyKey: attempt.key, request: attempt.request }).then(
        () => undefined,
        (error: unknown) => error,
      );
      if (outcome) {
        expect(String(outcome)).toContain('StartExecution failed');
        failed = attempt;
      }
    }
    failNextStart = false;
    expect(failed).toBeDefined();

    // Act: the client sends the request again, with its key.
    const replay = await recordPlacement(deps, raaManager, { agency: AGENCY, idempotencyKey: failed!.key, request: failed!.request });

    // Assess: it answers as a replay, and the workflow of the one retrospective spot purchase its placement opened is started.
    expect(replay.replayed).toBe(true);
    const opened = (await deps.spotPurchases.list(AGENCY, YEAR)).filter((s) => s.placementId === replay.placementId);
    expect(opened).toHaveLength(1);
    expect(opened[0]!.status).toBe('awaiting-scb');
    expect(started).toContain(`${AGENCY}.${opened[0]!.spotPurchaseId}`);
  });

  it('move back when a placement is reversed', async () => {
    // Prepare: Walsall has a placement of its own already, so its status is recorded before and after.
    await place(YEAR, 'walsall', '2020-09-01');
    const before = await figuresOf(deps, adoptionAtHeart, YEAR);
    const placed = await place(YEAR, 'walsall', '2020-09-01', 'inter-agency-purchase');
    const during = await figuresOf(deps, adoptionAtHeart, YEAR);
    expect(during.quarters[1]).toMatchObject({ councils: { walsall: { purchased: before.quarters[1]!.councils.walsall!.purchased + 1 } }, spendPence: before.quarters[1]!.spendPence + placed.feePence });

    await reversePlacement(deps, raaManager, { agency: AGENCY, placementId: placed.placementId, reason: 'recorded against the wrong council' });

    const after = await figuresOf(deps, adoptionAtHeart, YEAR);
    expect(after.quarters.map(({ recorded: _r, reversed: _v, ...q }) => q)).toEqual(before.quarters.map(({ recorded: _r, reversed: _v, ...q }) => q));
    expect(after.toleranceStatuses.walsall).toEqual(before.toleranceStatuses.walsall);
  });

  it('give figures as at a quarter end that leave out placements dated after it', async () => {
    // Prepare: Dudley places in the first quarter and again after it.
    await place(YEAR, 'dudley', '2020-06-10');
    await place(YEAR, 'dudley', '2020-10-10');
    const book = await deps.yearBook(AGENCY, YEAR);
    const q1 = await computeStatement(deps, adoptionAtHeart, YEAR, `${YEAR}-Q1`);
    const placedBy = (council: string, day: string) => book.placements.filter((p) => !p.reversal && p.council === council && p.kind !== 'inter-agency-sale' && p.placedOn <= day).length;
    for (const line of q1.councils) expect(line.actualPlacements).toBe(placedBy(line.council, '2020-06-30'));
    expect(q1.counted.placements.count).toBe(book.placements.filter((p) => !p.reversal && p.placedOn <= '2020-06-30').length);
    const yearEnd = await computeStatement(deps, adoptionAtHeart, YEAR, 'year-end');
    expect(yearEnd.councils.find((c) => c.council === 'dudley')!.actualPlacements).toBeGreaterThan(q1.councils.find((c) => c.council === 'dudley')!.actualPlacements);
  });

  it('can be built again from the ledger for a data folder written before them, changing nothing when they are right', async () => {
    const before = await figuresOf(deps, adoptionAtHeart, YEAR);
    await rebuildYearFigures(table, AGENCY, YEAR);
    await rebuildYearFigures(table, AGENCY, YEAR);
    expect(await figuresOf(deps, adoptionAtHeart, YEAR)).toEqual(before);
  });
});

describe("the forecasts' tally", () => {
  const YEAR = '2022-23';
  const tallyKey = keys.forecastTally(AGENCY, YEAR);
  /** As a data folder written before the tally: the forecasts, but no tally. */
  const withoutTally = () => table.doc.send(new BatchWriteCommand({ RequestItems: { [table.name]: [{ DeleteRequest: { Key: tallyKey } }] } }));
  const forecasts = async () => Object.fromEntries((await deps.forecasts.list(AGENCY, YEAR)).map((f) => [f.council, f.placements]));
  const total = async () => Object.values(await forecasts()).reduce((n, f) => n + f, 0);
  const revise = async (council: string, by: number) => {
    const current = (await deps.forecasts.find(AGENCY, YEAR, council))!;
    return submitForecast(deps, { sub: `${council}-finance`, groups: ['finance-officer'], council }, { agency: AGENCY, year: YEAR, council, input: { placements: current.placements + by }, ifMatch: current.version });
  };
  beforeAll(async () => {
    await openYear(YEAR, { dudley: 12, sandwell: 15, walsall: 9, wolverhampton: 14 });
  });

  it("holds every council's forecast, and a year without one gets it whole at its next forecast", async () => {
    expect((await deps.yearFigures(AGENCY, YEAR, ['dudley'])).agencyBudget?.forecastPlacements).toBe(await total());
    await withoutTally();
    expect((await deps.yearFigures(AGENCY, YEAR, ['dudley'])).agencyBudget).toBeUndefined();
    await revise('walsall', 1);
    expect((await deps.yearFigures(AGENCY, YEAR, ['dudley'])).agencyBudget?.forecastPlacements).toBe(await total());
  });

  it('is made once when two councils forecast at once in a year without one, and each forecast is in it', async () => {
    await withoutTally();
    await Promise.all([revise('dudley', 2), revise('sandwell', 3)]);
    const tally = (await table.doc.send(new GetCommand({ TableName: table.name, Key: tallyKey, ConsistentRead: true }))).Item;
    expect(tally).toMatchObject(Object.fromEntries(Object.entries(await forecasts()).map(([council, n]) => [`placements@${council}`, n])));
  });

  it('is written whole again by rebuildYearFigures', async () => {
    await withoutTally();
    await rebuildYearFigures(table, AGENCY, YEAR);
    expect((await deps.yearFigures(AGENCY, YEAR, ['walsall'])).agencyBudget?.forecastPlacements).toBe(await total());
  });
});

describe('a year of 10,000 placements', () => {
  const YEAR = '2019-20';
  const SIZE = 10_000;
  /** Recorded over HTTP by the RAA manager, as every placement is, once the ledger already holds the rest. */
  const OVER_HTTP = 40;
  beforeAll(async () => {
    await openYear(YEAR, { dudley: 3000, sandwell: 3000, walsall: 3000, wolverhampton: 3000 });
    // Prepare: the ledger as a data folder from before the counters would hold it, written in batches of 25
    // (each entry as the ledger writes it), and the counters built from it by the one-off job for such a folder.
    const councils = memberCouncils(adoptionAtHeart).map((c) => c.council);
    const days = ['2019-05-15', '2019-08-15', '2019-11-15', '2020-02-15'];
    // The i-th placement of the year: the four councils in turn, a quarter each in turn, so each has 625 a quarter.
    const bodyOf = (i: number) => {
      const council = councils[i % 4]!;
      return { council, year: YEAR, kind: 'in-house' as const, caseRef: `${CASE_PREFIX[council]}/2019/${String(100_000 + i)}`, placedOn: days[Math.floor(i / 4) % 4]! };
    };
    const entries = Array.from({ length: SIZE - OVER_HTTP }, (_, i): Placement => {
      const body = bodyOf(i);
      return { placementId: placementId(YEAR, body.council, randomUUID().replaceAll('-', '').slice(0, 16)), agency: AGENCY, ...body, feePence: 0, recordedBy: 'seed', recordedAt: new Date().toISOString() };
    });
    const batches = Array.from({ length: Math.ceil(entries.length / 25) }, (_, b) => entries.slice(b * 25, b * 25 + 25));
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < batches.length) {
          let pending = batches[next++]!.map((p) => ({ PutRequest: { Item: { ...keys.placement(AGENCY, YEAR, p.council, p.placementId), itemType: 'Placement', ...p } } }));
          while (pending.length > 0) {
            const reply = await table.doc.send(new BatchWriteCommand({ RequestItems: { [table.name]: pending } }));
            pending = (reply.UnprocessedItems?.[table.name] ?? []) as typeof pending;
          }
        }
      }),
    );
    await rebuildYearFigures(table, AGENCY, YEAR);

    // Act: the last placements of the year through the API, each read and written as at any size.
    const system = await startSystem({ tableName: table.name, clockStart: new Date('2020-03-25T09:00:00Z') });
    try {
      const api = new Client(system.url);
      const replies = await Promise.all(
        Array.from({ length: OVER_HTTP }, (_, i) => api.as('raa-manager', 'POST', `/agencies/${AGENCY}/placements`, { body: bodyOf(SIZE - OVER_HTTP + i), headers: { 'idempotency-key': randomUUID() } })),
      );
      expect(replies.map((r) => r.status)).toEqual(Array(OVER_HTTP).fill(201));
      expect(new Set(replies.map((r) => r.body.status))).toEqual(new Set(['green']));
    } finally {
      await system.stop();
    }
  });

  it('gets a year-end reconciliation statement issued that names what it counted and stays one small item', async () => {
    const result = await issueStatement(deps, { agency: AGENCY, year: YEAR, period: 'year-end' });

    expect(result.issued).toBe(true);
    const statement = (await deps.statements.find(AGENCY, YEAR, 'year-end'))!;
    expect(statement.counted.placements).toMatchObject({ count: SIZE, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), latestEntry: { placementId: expect.any(String) } });
    expect(statement.councils.map((c) => c.actualPlacements)).toEqual([2500, 2500, 2500, 2500]);
    // Counted by the one-off rebuild, then moved by every placement recorded over HTTP.
    expect(Object.values((await figuresOf(deps, adoptionAtHeart, YEAR)).toleranceStatuses).map((s) => s.counted)).toEqual([2500, 2500, 2500, 2500]);
    // DynamoDB refuses an item over 400 KB; the statement is a few kilobytes whatever the ledger holds.
    const item = (await table.doc.send(new GetCommand({ TableName: table.name, Key: keys.statement(AGENCY, YEAR, 'year-end') }))).Item!;
    expect(Buffer.byteLength(JSON.stringify(item))).toBeLessThan(20_000);
  }, 300_000);

  it('compiles a quarterly report as at the quarter end from the counters', async () => {
    const quarter = quarterOf(`${YEAR}-Q2`);
    const [definition] = await indicatorCatalogue(deps, AGENCY, YEAR);
    await enterIndicators(deps, raaManager, {
      agency: AGENCY,
      quarter: quarter.id,
      input: { indicators: [{ code: definition!.code, actual: definition!.target ?? 1, commentary: 'On track for the quarter' }], summary: 'A steady quarter of placements; actions taken as planned.', performanceFailures: [], actionPlans: [], rectificationPlans: [], inspections: [] },
      ifMatch: undefined,
    });

    const sections = await compileSections(deps, adoptionAtHeart, quarter);

    // Through Q2: the first two quarters' placements, 2,500 a quarter across the four councils.
    expect(sections.placements.map((p: { actualToDate: number }) => p.actualToDate)).toEqual([1250, 1250, 1250, 1250]);
  });
});
