/**
 * A case system's export imported against DynamoDB Local: rows that leave
 * their council's tolerance status as it is are recorded a lot at a time,
 * and the table ends exactly as if each row had been recorded alone (the
 * counters, each council's status with its version and count, the notices,
 * the retrospective spot purchases, the audit trail, the reply kept with
 * each row's key), in far fewer transactions. A lot that cannot be written
 * whole writes nothing, and its rows are recorded alone.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { scbSeats } from '../../shared/domain/agreement.ts';
import type { WorkflowEngine } from '../../shared/ports.ts';
import { adoptionAtHeart } from '../../shared/reference/adoption-at-heart.ts';
import type { Caller } from '../../shared/schemas/identity.ts';
import { AuditLog } from '../../shared/store/audit-log.ts';
import { GetCommand, PutCommand } from '../../shared/store/dynamodb.ts';
import { dynamoDbDeps } from '../../shared/store/dynamodb-deps.ts';
import { keys } from '../../shared/store/keys.ts';
import { openTable, type Table } from '../../shared/store/table.ts';
import { rebuildYearFigures } from '../../shared/store/rebuild-year-figures.ts';
import { placementId } from '../../shared/schemas/placement.ts';
import { bringProtocolIntoForce, proposeFundingProtocol } from '../../shared/use-cases/agree-protocol.ts';
import { decideApproval } from '../../shared/use-cases/decide-approval.ts';
import { idempotencyScope } from '../../shared/use-cases/idempotency.ts';
import { importPlacements, placementRowsFromCsv, previewPlacementImport, rowIdempotencyKey } from '../../shared/use-cases/import-placements.ts';
import { everyScbSeat, financeOfficersOf } from '../../shared/use-cases/notify.ts';
import { PLACEMENTS_ROUTE, recordPlacement, reversePlacement } from '../../shared/use-cases/record-placement.ts';
import { recordPlacementsTogether } from '../../shared/use-cases/record-placements-together.ts';
import { submitForecast } from '../../shared/use-cases/submit-forecast.ts';
import { seedReferenceData } from '../../infra/local/seed.ts';
import { ensureTable } from '../../infra/local/table-setup.ts';
import { StoppedClock } from '../support/in-memory-ports.ts';

const AGENCY = adoptionAtHeart.agency;
const YEAR = '2020-21';
const COUNCILS = ['dudley', 'sandwell', 'walsall', 'wolverhampton'];
const raaManager: Caller = { sub: 'raa-manager', groups: ['raa-manager'] };
const FAR = () => Date.now() + 3_600_000;

/** One table, set up as its people would: the reference agency, the year's protocol agreed by every seat, the forecasts in. */
async function yearOpened(forecasts: Record<string, number>) {
  const table = openTable({ tableName: `raa-import-${randomUUID()}`, endpoint: inject('dynamoDbEndpoint') });
  await ensureTable(table);
  const started: string[] = [];
  const workflows: WorkflowEngine = {
    start: async (workflow, name) => {
      started.push(`${workflow}`);
      return { name, status: 'started' };
    },
    sendTaskSuccess: async () => false,
    sendTaskFailure: async () => false,
  };
  const deps = dynamoDbDeps(table, new StoppedClock(new Date('2021-03-25T09:00:00Z')), workflows);
  await seedReferenceData(deps);
  const proposal = await proposeFundingProtocol(deps, raaManager, {
    agency: AGENCY,
    year: YEAR,
    input: { unitRatePence: 2_802_500, tolerance: { placements: 2 }, spotPurchaseRatePence: 2_802_500, interAgencyFeePence: 2_700_000, interAgencyBudgetPence: 50_000_000, approvalRule: 'majority', reconciliationDueDays: 30, reportDueDays: 30 },
    ifMatch: undefined,
  });
  for (const seat of scbSeats(adoptionAtHeart)) {
    await decideApproval(deps, { sub: `scb-${seat}`, groups: ['scb-member'], council: seat }, { agency: AGENCY, approvalId: proposal.approvalId!, request: { decision: 'approve' } });
  }
  await bringProtocolIntoForce(deps, { agency: AGENCY, year: YEAR, version: proposal.version, approvalId: proposal.approvalId! });
  for (const [council, placements] of Object.entries(forecasts)) {
    await submitForecast(deps, { sub: `${council}-finance`, groups: ['finance-officer'], council }, { agency: AGENCY, year: YEAR, council, input: { placements }, ifMatch: undefined });
  }
  return { table, deps, started };
}
type Opened = Awaited<ReturnType<typeof yearOpened>>;

/** Dudley (6 agreed, a band of 2) goes green, amber, red and past its band; Walsall stays green over two lots; Sandwell sells; every quarter has some. */
const FORECASTS = { dudley: 6, sandwell: 4, walsall: 40, wolverhampton: 3 };
function exportFile(): string {
  const day = (i: number) => `${1 + (i % 27)}/${[5, 8, 11, 2][i % 4]}/${[5, 8, 11, 2][i % 4] === 2 ? 2021 : 2020}`;
  const rows = [
    ...Array.from({ length: 12 }, (_, i) => `DUD/2020/${String(1001 + i)},dudley,in-house,${day(i)},`),
    `DUD/2020/2001,dudley,inter-agency sale,${day(3)},"27,000.00",Barnardos`,
    ...Array.from({ length: 30 }, (_, i) => `WAL/2020/${String(3001 + i)},walsall,${i % 5 === 0 ? 'inter-agency purchase' : 'in-house'},${day(i)},${i % 5 === 0 ? '"27,000.00"' : ''},${i % 5 === 0 ? 'Coventry' : ''}`),
    `SAN/2020/4001,sandwell,inter-agency sale,${day(1)},"27,000.00",Adoption Focus`,
    `SAN/2020/4002,sandwell,in-house,${day(2)},`,
  ];
  return ['case reference,council,kind,date,fee,other agency', ...rows].join('\n');
}

/** Everything a row's recording leaves, in a form that two tables can be compared by (identifiers are random; the clock is stopped). */
async function whatTheTableHolds({ table, deps, started }: Opened, requests: { key: string }[]) {
  const { protocol: _sameInBoth, ...figures } = await deps.yearFigures(AGENCY, YEAR, COUNCILS);
  const audit = await new AuditLog(table).list(AGENCY, 5_000);
  const actions: Record<string, number> = {};
  for (const event of audit) actions[event.action] = (actions[event.action] ?? 0) + 1;
  const audiences = [...COUNCILS.flatMap((c) => financeOfficersOf(adoptionAtHeart, c)), ...everyScbSeat(adoptionAtHeart)].map((a) => ({ ...a, agency: AGENCY }));
  const notices = (await deps.notices.listFor(audiences, 1_000)).map((n) => `${n.noticeId} ${n.subject}`).sort();
  const replies = await Promise.all(
    requests.map(async ({ key }) => {
      const item = (await table.doc.send(new GetCommand({ TableName: table.name, Key: keys.idempotency(idempotencyScope(raaManager, PLACEMENTS_ROUTE), key), ConsistentRead: true }))).Item;
      const reply = typeof item?.firstReply === 'string' ? JSON.parse(item.firstReply) : undefined;
      return reply && { ...reply, body: { ...reply.body, placementId: 'any' } };
    }),
  );
  return { figures, actions, notices, replies, started: [...started].sort() };
}

describe('placements imported a lot at a time', () => {
  let together: Opened;
  let alone: Opened;
  const rows = placementRowsFromCsv(exportFile()).rows;
  const sent: string[] = [];
  const sentAlone: string[] = [];

  beforeAll(async () => {
    [together, alone] = await Promise.all([yearOpened(FORECASTS), yearOpened(FORECASTS)]);
    // The transactions that record placements, each once however often it was sent (one that met another in flight is sent again as it was).
    const recordingPlacements = (into: string[]) => (operation: string, input: unknown) => {
      const text = JSON.stringify(input);
      if (operation === 'TransactWriteItems' && text.includes('"itemType":"Placement"') && !into.includes(text)) into.push(text);
    };
    together.table.doc.onSend(recordingPlacements(sent));
    alone.table.doc.onSend(recordingPlacements(sentAlone));
  }, 300_000);

  afterAll(() => {
    together?.table.doc.destroy();
    alone?.table.doc.destroy();
  });

  it('leave the table as recording each row alone does, in far fewer transactions', async () => {
    const judged = await previewPlacementImport(together.deps, { agency: AGENCY, year: YEAR, rows });
    expect(judged.map((o) => o.status)).toEqual(rows.map(() => 'new'));
    const requests = judged.map((o) => ({ request: o.request!, key: rowIdempotencyKey(AGENCY, o.request!) }));

    const from = sent.length;
    const fromAlone = sentAlone.length;
    const imported = await importPlacements(together.deps, raaManager, { agency: AGENCY, year: YEAR, rows, from: 0, deadline: FAR() });
    expect(imported.next).toBeUndefined();
    expect(imported.outcomes.map((o) => o.status)).toEqual(rows.map(() => 'recorded'));
    for (const { request, key } of requests) await recordPlacement(alone.deps, raaManager, { agency: AGENCY, request, idempotencyKey: key });

    const held = await whatTheTableHolds(together, requests);
    expect(held).toEqual(await whatTheTableHolds(alone, requests));
    // The import did what it is for: Dudley went amber and red, each announced once; its four rows past the band each went to the SCB.
    expect(held.figures.toleranceStatuses.dudley).toMatchObject({ status: 'red', version: 2, counted: 12 });
    expect(held.figures.toleranceStatuses.walsall).toMatchObject({ status: 'green', counted: 30 });
    expect(held.notices.filter((n) => n.includes('dudley is amber'))).toHaveLength(financeOfficersOf(adoptionAtHeart, 'dudley').length + scbSeats(adoptionAtHeart).length);
    expect(held.notices.filter((n) => n.includes('dudley is red'))).toHaveLength(financeOfficersOf(adoptionAtHeart, 'dudley').length + scbSeats(adoptionAtHeart).length);
    expect(held.figures.spotPurchases.dudley).toMatchObject({ retrospectiveOpened: 4, retrospectivePending: 4 });
    expect(held.actions['placement.recorded']).toBe(rows.length);
    // 45 rows, 38 of them in four lots (Dudley's first six, Walsall's 30 as 22 and 8, Sandwell's two); the seven that moved a status or were past the band alone, as before.
    expect(sentAlone.length - fromAlone).toBe(45);
    expect(sent.length - from).toBe(4 + 7);
  });
});

describe('the rows already recorded', () => {
  let opened: Opened;
  const sent: string[] = [];
  const file = (...lines: string[]) => placementRowsFromCsv(['case reference,council,kind,date,fee', ...lines].join('\n')).rows;

  beforeAll(async () => {
    opened = await yearOpened({ dudley: 400 });
    opened.table.doc.onSend((operation) => sent.push(operation));
  }, 300_000);

  afterAll(() => opened?.table.doc.destroy());

  it('are found by their case, whatever key recorded them, and a reversed one is new again', async () => {
    const typedIn = await recordPlacement(opened.deps, raaManager, { agency: AGENCY, request: { council: 'dudley', year: YEAR, kind: 'in-house', caseRef: 'DUD/2020/7001', placedOn: '2020-06-15' }, idempotencyKey: randomUUID() });
    await recordPlacement(opened.deps, raaManager, { agency: AGENCY, request: { council: 'dudley', year: YEAR, kind: 'in-house', caseRef: 'DUD/2020/7002', placedOn: '2020-06-15' }, idempotencyKey: randomUUID() });
    const rows = file('DUD/2020/7001,dudley,in-house,15/06/2020,', 'DUD/2020/7002,Dudley,in-house,2020-06-15,', 'DUD/2020/7002,dudley,in-house,16/06/2020,');
    expect((await previewPlacementImport(opened.deps, { agency: AGENCY, year: YEAR, rows })).map((o) => o.status)).toEqual(['already-recorded', 'already-recorded', 'new']);

    await reversePlacement(opened.deps, raaManager, { agency: AGENCY, placementId: typedIn.placementId, reason: 'Recorded against the wrong child' });
    expect((await previewPlacementImport(opened.deps, { agency: AGENCY, year: YEAR, rows })).map((o) => o.status)).toEqual(['new', 'already-recorded', 'new']);
  });

  it('are not recorded again when the same file is imported again', async () => {
    const rows = file(...Array.from({ length: 30 }, (_, i) => `DUD/2020/${String(6000 + i)},dudley,in-house,${1 + (i % 28)}/8/2020,`));
    expect((await importPlacements(opened.deps, raaManager, { agency: AGENCY, year: YEAR, rows, from: 0, deadline: FAR() })).outcomes.map((o) => o.status)).toEqual(rows.map(() => 'recorded'));
    const before = await opened.deps.yearFigures(AGENCY, YEAR, ['dudley']);
    const again = await importPlacements(opened.deps, raaManager, { agency: AGENCY, year: YEAR, rows, from: 0, deadline: FAR() });
    expect(again.outcomes.map((o) => o.status)).toEqual(rows.map(() => 'already-recorded'));
    expect(await opened.deps.yearFigures(AGENCY, YEAR, ['dudley'])).toEqual(before);
  });

  it('are read by key: a preview reads no page of the ledger, however long it is', async () => {
    const rows = file(...Array.from({ length: 150 }, (_, i) => `DUD/2020/${8000 + i},dudley,in-house,${1 + (i % 28)}/7/2020,`));
    await importPlacements(opened.deps, raaManager, { agency: AGENCY, year: YEAR, rows, from: 0, deadline: FAR() });
    const from = sent.length;
    const judged = await previewPlacementImport(opened.deps, { agency: AGENCY, year: YEAR, rows });
    expect(judged.map((o) => o.status)).toEqual(rows.map(() => 'already-recorded'));
    // The agreement and the protocol, then the file's 150 cases in two batches of known keys.
    expect(sent.slice(from).filter((op) => op === 'Query')).toEqual([]);
    expect(sent.slice(from).filter((op) => op === 'BatchGetItem')).toHaveLength(2);
  });

  it('are found in a data folder written before the cases were counted, once its year is rebuilt', async () => {
    // A placement as a ledger of before wrote it: the entry alone, no count of its case.
    const entry = { placementId: placementId(YEAR, 'dudley', 'b4c0ffee00000001'), agency: AGENCY, council: 'dudley', year: YEAR, kind: 'in-house' as const, caseRef: 'DUD/2020/9001', placedOn: '2020-05-05', feePence: 0, recordedBy: 'raa-manager', recordedAt: '2020-05-06T09:00:00.000Z' };
    await opened.table.doc.send(new PutCommand({ TableName: opened.table.name, Item: { ...keys.placement(AGENCY, YEAR, 'dudley', entry.placementId), itemType: 'Placement', ...entry } }));
    const rows = file('DUD/2020/9001,dudley,in-house,05/05/2020,');
    expect((await previewPlacementImport(opened.deps, { agency: AGENCY, year: YEAR, rows }))[0]!.status).toBe('new');
    await rebuildYearFigures(opened.table, AGENCY, YEAR);
    expect((await previewPlacementImport(opened.deps, { agency: AGENCY, year: YEAR, rows }))[0]!.status).toBe('already-recorded');
    // The cases the ledger counted keep their counts: one recorded, one recorded and reversed.
    const kept = await recordPlacement(opened.deps, raaManager, { agency: AGENCY, request: { council: 'dudley', year: YEAR, kind: 'in-house', caseRef: 'DUD/2020/9002', placedOn: '2020-05-05' }, idempotencyKey: randomUUID() });
    const reversed = await recordPlacement(opened.deps, raaManager, { agency: AGENCY, request: { council: 'dudley', year: YEAR, kind: 'in-house', caseRef: 'DUD/2020/9003', placedOn: '2020-05-05' }, idempotencyKey: randomUUID() });
    await reversePlacement(opened.deps, raaManager, { agency: AGENCY, placementId: reversed.placementId, reason: 'Recorded twice' });
    await rebuildYearFigures(opened.table, AGENCY, YEAR);
    const both = file(`${kept.caseRef},dudley,in-house,05/05/2020,`, `${reversed.caseRef},dudley,in-house,05/05/2020,`);
    expect((await previewPlacementImport(opened.deps, { agency: AGENCY, year: YEAR, rows: both })).map((o) => o.status)).toEqual(['already-recorded', 'new']);
  });
});

describe('a lot that cannot be written whole', () => {
  let opened: Opened;
  const request = (n: number, placedOn: string) => ({ council: 'walsall', year: YEAR, kind: 'in-house' as const, caseRef: `WAL/2020/${String(5000 + n)}`, placedOn });
  const keyOf = (n: number) => `lot-${n}`;

  beforeAll(async () => {
    opened = await yearOpened({ walsall: 40, wolverhampton: 3 });
  }, 300_000);

  afterAll(() => opened?.table.doc.destroy());

  it('writes nothing when one of its rows was recorded under its key already, and each row alone then records once', async () => {
    const lot = [1, 2, 3, 4].map((n) => ({ request: request(n, '2020-06-10'), idempotencyKey: keyOf(n) }));
    await recordPlacement(opened.deps, raaManager, { agency: AGENCY, request: lot[2]!.request, idempotencyKey: lot[2]!.idempotencyKey });
    const before = await opened.deps.yearFigures(AGENCY, YEAR, ['walsall']);

    expect(await recordPlacementsTogether(opened.deps, raaManager, { agency: AGENCY, rows: lot })).toEqual({ recorded: 0, recordEachAlone: 4 });
    expect(await opened.deps.yearFigures(AGENCY, YEAR, ['walsall'])).toEqual(before);

    const replayed = [];
    for (const row of lot) replayed.push((await recordPlacement(opened.deps, raaManager, { agency: AGENCY, ...row })).replayed);
    expect(replayed).toEqual([false, false, true, false]);
    expect((await opened.deps.yearFigures(AGENCY, YEAR, ['walsall'])).toleranceStatuses.walsall).toMatchObject({ status: 'green', counted: before.toleranceStatuses.walsall!.counted + 3 });
  });

  it('writes nothing when one of its rows falls in a quarter whose report is approved', async () => {
    // The quarter's state as an approved report leaves it (tests/api/quarterly-report.test.ts approves one through the API).
    // Q3 is this test's alone: the other tests of this table place in Q1 and Q2.
    await opened.table.doc.send(new PutCommand({ TableName: opened.table.name, Item: { ...keys.quarterState(AGENCY, `${YEAR}-Q3`), frozen: true } }));
    const lot = [11, 12, 13].map((n, i) => ({ request: request(n, i === 1 ? '2020-11-01' : '2020-08-01'), idempotencyKey: keyOf(n) }));
    const before = await opened.deps.yearFigures(AGENCY, YEAR, ['walsall']);
    expect(await recordPlacementsTogether(opened.deps, raaManager, { agency: AGENCY, rows: lot })).toEqual({ recorded: 0, recordEachAlone: 3 });
    expect(await opened.deps.yearFigures(AGENCY, YEAR, ['walsall'])).toEqual(before);
  });

  it('writes nothing when a placement recorded since its read would take its last row past the status it read', async () => {
    const row = (n: number) => ({ request: { council: 'wolverhampton', year: YEAR, kind: 'in-house' as const, caseRef: `WOL/2020/${String(6000 + n)}`, placedOn: '2020-07-01' }, idempotencyKey: keyOf(100 + n) });
    await recordPlacement(opened.deps, raaManager, { agency: AGENCY, ...row(1) });
    // Read with one placement of the three agreed: two more stay green.
    const read = await opened.deps.yearFigures(AGENCY, YEAR, ['wolverhampton']);
    await recordPlacement(opened.deps, raaManager, { agency: AGENCY, ...row(2) });
    // The lot is written with what it read (the interleaving of two writers, made to happen): its second row would now be the fourth, amber.
    const asRead = { ...opened.deps, yearFigures: async () => read };
    expect(await recordPlacementsTogether(asRead, raaManager, { agency: AGENCY, rows: [row(3), row(4)] })).toEqual({ recorded: 0, recordEachAlone: 2 });
    expect((await opened.deps.yearFigures(AGENCY, YEAR, ['wolverhampton'])).toleranceStatuses.wolverhampton).toMatchObject({ status: 'green', counted: 2 });

    for (const n of [3, 4]) await recordPlacement(opened.deps, raaManager, { agency: AGENCY, ...row(n) });
    expect((await opened.deps.yearFigures(AGENCY, YEAR, ['wolverhampton'])).toleranceStatuses.wolverhampton).toMatchObject({ status: 'amber', version: 1, counted: 4 });
  });

  it('records each row alone when the count moved under it, and no more than once', async () => {
    // Two lots of the same council at once: the second's count is no longer the one it read, so one of them is recorded alone.
    const first = [21, 22, 23].map((n) => ({ request: request(n, '2020-09-01'), idempotencyKey: keyOf(n) }));
    const second = [24, 25, 26].map((n) => ({ request: request(n, '2020-09-02'), idempotencyKey: keyOf(n) }));
    const before = (await opened.deps.yearFigures(AGENCY, YEAR, ['walsall'])).toleranceStatuses.walsall?.counted ?? 0;
    const results = await Promise.all([first, second].map((rows) => recordPlacementsTogether(opened.deps, raaManager, { agency: AGENCY, rows })));
    for (const [i, result] of results.entries()) {
      if (result.recorded === 0) for (const row of [first, second][i]!) await recordPlacement(opened.deps, raaManager, { agency: AGENCY, ...row });
    }
    expect((await opened.deps.yearFigures(AGENCY, YEAR, ['walsall'])).toleranceStatuses.walsall!.counted).toBe(before + 6);
    for (const row of [...first, ...second]) expect((await recordPlacement(opened.deps, raaManager, { agency: AGENCY, ...row })).replayed).toBe(true);
    expect((await opened.deps.yearFigures(AGENCY, YEAR, ['walsall'])).toleranceStatuses.walsall!.counted).toBe(before + 6);
  });
});
