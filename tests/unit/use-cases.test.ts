/**
 * The use cases on in-memory fakes of their ports (tests/support/in-memory-ports.ts):
 * who may submit a forecast, what the apportionment needs before it is
 * computed, and what each person sees of the position. No engine runs; the
 * stores themselves are tested on DynamoDB Local (tests/integration).
 */
import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError, PreconditionRequiredError, RuleViolation } from '../../shared/errors.ts';
import { adoptionAtHeart, referenceFigures } from '../../shared/reference/adoption-at-heart.ts';
import type { Caller } from '../../shared/schemas/identity.ts';
import { placementId, type Placement } from '../../shared/schemas/placement.ts';
import type { FundingProtocolInput } from '../../shared/schemas/protocol.ts';
import { bringProtocolIntoForce, proposeFundingProtocol } from '../../shared/use-cases/agree-protocol.ts';
import { decideApproval } from '../../shared/use-cases/decide-approval.ts';
import { readPosition } from '../../shared/use-cases/position.ts';
import { requestApportionment } from '../../shared/use-cases/request-apportionment.ts';
import { listForecasts, submitForecast } from '../../shared/use-cases/submit-forecast.ts';
import { inMemoryPorts, type InMemoryPorts } from '../support/in-memory-ports.ts';

const AGENCY = adoptionAtHeart.agency;
const YEAR = '2020-21';
const FORECASTS = referenceFigures.forecasts;

const raaManager: Caller = { sub: 'raa-manager', groups: ['raa-manager'] };
const financeOfficer = (council: string): Caller => ({ sub: `${council}-finance`, groups: ['finance-officer'], council });
const scbMember = (seat: string): Caller => ({ sub: `scb-${seat}`, groups: ['scb-member'], council: seat });
const trustFinance = financeOfficer('sandwell-childrens-trust');

/** Year 2 of Adoption@Heart: GBP 28,025 a placement, 146 placements. */
const YEAR_2_PROTOCOL: FundingProtocolInput = {
  unitRatePence: referenceFigures.unitRatePence,
  budgetPence: 146 * referenceFigures.unitRatePence,
  tolerance: { placements: 2, percent: 5 },
  spotPurchaseRatePence: referenceFigures.unitRatePence,
  interAgencyFeePence: 2_700_000,
  interAgencyBudgetPence: 50_000_000,
  approvalRule: 'unanimous',
  reconciliationDueDays: 30,
  reportDueDays: 30,
};

function adoptionAtHeartPorts(): Promise<InMemoryPorts> {
  return inMemoryPorts({ now: new Date('2021-01-15T09:00:00Z'), agencies: [adoptionAtHeart] });
}

/** The RAA manager proposes the year's protocol and every SCB seat agrees it; then it is in force. */
async function agreeProtocol(ports: InMemoryPorts, input: FundingProtocolInput = YEAR_2_PROTOCOL): Promise<void> {
  const proposal = await proposeFundingProtocol(ports, raaManager, { agency: AGENCY, year: YEAR, input, ifMatch: undefined });
  for (const seat of adoptionAtHeart.seats) {
    await decideApproval(ports, scbMember(seat.seat), { agency: AGENCY, approvalId: proposal.approvalId!, request: { decision: 'approve' } });
  }
  await bringProtocolIntoForce(ports, { agency: AGENCY, year: YEAR, version: proposal.version, approvalId: proposal.approvalId! });
}

async function forecast(ports: InMemoryPorts, council: keyof typeof FORECASTS, by: Caller = financeOfficer(council)): Promise<void> {
  await submitForecast(ports, by, { agency: AGENCY, year: YEAR, council, input: { placements: FORECASTS[council] }, ifMatch: undefined });
}

async function everyForecast(ports: InMemoryPorts): Promise<void> {
  for (const council of Object.keys(FORECASTS) as (keyof typeof FORECASTS)[]) await forecast(ports, council);
}

let placed = 0;
async function place(ports: InMemoryPorts, council: string, kind: Placement['kind'], placedOn = '2020-06-15'): Promise<void> {
  placed += 1;
  const placement: Placement = {
    placementId: placementId(YEAR, council, `p${placed}`),
    agency: AGENCY,
    council,
    year: YEAR,
    kind,
    caseRef: `REF-${placed}`,
    placedOn,
    feePence: kind === 'in-house' ? 0 : YEAR_2_PROTOCOL.interAgencyFeePence,
    ...(kind === 'in-house' ? {} : { counterparty: 'barnardos' }),
    recordedBy: raaManager.sub,
    recordedAt: '2021-01-15T09:00:00.000Z',
  };
  await ports.placements.record(placement, { scope: 'test', key: `key-${placed}`, fingerprint: `body-${placed}` }, () => `${YEAR}-Q1`);
}

describe('submitting a placement forecast', () => {
  it("a finance officer submits their own council's forecast, and it is version 1", async () => {
    const ports = await adoptionAtHeartPorts();

    const submitted = await submitForecast(ports, financeOfficer('dudley'), { agency: AGENCY, year: YEAR, council: 'dudley', input: { placements: 40 }, ifMatch: undefined });

    expect(submitted).toMatchObject({ council: 'dudley', placements: 40, version: 1, submittedBy: 'dudley-finance', submittedAt: '2021-01-15T09:00:00.000Z' });
    expect(await ports.forecasts.find(AGENCY, YEAR, 'dudley')).toEqual(submitted);
  });

  it("a finance officer of another council is refused (403), and nothing is written", async () => {
    const ports = await adoptionAtHeartPorts();

    const refused = submitForecast(ports, financeOfficer('walsall'), { agency: AGENCY, year: YEAR, council: 'dudley', input: { placements: 41 }, ifMatch: undefined });

    await expect(refused).rejects.toBeInstanceOf(ForbiddenError);
    expect(await ports.forecasts.find(AGENCY, YEAR, 'dudley')).toBeUndefined();
    expect(await ports.audit.list(AGENCY)).not.toContainEqual(expect.objectContaining({ action: 'forecast.submitted' }));
  });

  it("a council's SCB member is not its finance officer: refused (403)", async () => {
    const ports = await adoptionAtHeartPorts();

    const refused = submitForecast(ports, scbMember('dudley'), { agency: AGENCY, year: YEAR, council: 'dudley', input: { placements: 40 }, ifMatch: undefined });

    await expect(refused).rejects.toBeInstanceOf(ForbiddenError);
    expect(await ports.forecasts.find(AGENCY, YEAR, 'dudley')).toBeUndefined();
  });

  it("Sandwell Children's Trust submits Sandwell's forecast, acting for Sandwell", async () => {
    const ports = await adoptionAtHeartPorts();

    const submitted = await submitForecast(ports, trustFinance, { agency: AGENCY, year: YEAR, council: 'sandwell', input: { placements: 31, note: 'Trust acts for Sandwell' }, ifMatch: undefined });

    expect(submitted).toMatchObject({ council: 'sandwell', placements: 31, submittedBy: 'sandwell-childrens-trust-finance', version: 1 });
  });

  it("the Trust acts for Sandwell only: Walsall's forecast is refused (403)", async () => {
    const ports = await adoptionAtHeartPorts();

    const refused = submitForecast(ports, trustFinance, { agency: AGENCY, year: YEAR, council: 'walsall', input: { placements: 35 }, ifMatch: undefined });

    await expect(refused).rejects.toBeInstanceOf(ForbiddenError);
    expect(await ports.forecasts.find(AGENCY, YEAR, 'walsall')).toBeUndefined();
  });

  it('a forecast for a council outside the agreement is 404', async () => {
    const ports = await adoptionAtHeartPorts();

    const refused = submitForecast(ports, financeOfficer('coventry'), { agency: AGENCY, year: YEAR, council: 'coventry', input: { placements: 10 }, ifMatch: undefined });

    await expect(refused).rejects.toBeInstanceOf(NotFoundError);
  });

  it('a change names the version it changes: 428 without it, 409 when stale, and then it is version 2', async () => {
    const ports = await adoptionAtHeartPorts();
    await forecast(ports, 'walsall');
    const change = (ifMatch: number | undefined) => submitForecast(ports, financeOfficer('walsall'), { agency: AGENCY, year: YEAR, council: 'walsall', input: { placements: 37 }, ifMatch });

    await expect(change(undefined)).rejects.toBeInstanceOf(PreconditionRequiredError);
    await expect(change(7)).rejects.toMatchObject({ status: 409, code: 'VERSION_CONFLICT' });
    expect(await ports.forecasts.find(AGENCY, YEAR, 'walsall')).toMatchObject({ placements: 35, version: 1 });

    expect(await change(1)).toMatchObject({ placements: 37, version: 2 });
  });

  it('two officers changing the same version: the second is refused (409) and the first stands', async () => {
    const ports = await adoptionAtHeartPorts();
    await forecast(ports, 'walsall');
    const change = (placements: number) => submitForecast(ports, financeOfficer('walsall'), { agency: AGENCY, year: YEAR, council: 'walsall', input: { placements }, ifMatch: 1 });

    await change(36);
    await expect(change(38)).rejects.toBeInstanceOf(ConflictError);

    expect(await ports.forecasts.find(AGENCY, YEAR, 'walsall')).toMatchObject({ placements: 36, version: 2 });
  });
});

describe('listing the forecasts', () => {
  it('shows who forecast what, and names the member councils still to forecast', async () => {
    const ports = await adoptionAtHeartPorts();
    await forecast(ports, 'dudley');
    await forecast(ports, 'sandwell', trustFinance);

    const list = await listForecasts(ports, { agency: AGENCY, year: YEAR });

    expect(list.forecasts.map((f) => [f.council, f.placements, f.submittedBy])).toEqual([
      ['dudley', 40, 'dudley-finance'],
      ['sandwell', 31, 'sandwell-childrens-trust-finance'],
    ]);
    // The Trust acts for Sandwell: it is not a council that forecasts on its own.
    expect(list.missing).toEqual(['walsall', 'wolverhampton']);
  });
});

describe('requesting the apportionment', () => {
  it('is refused with PROTOCOL_NOT_AGREED while no protocol is in force, a proposal awaiting the SCB included', async () => {
    const ports = await adoptionAtHeartPorts();
    await everyForecast(ports);
    await proposeFundingProtocol(ports, raaManager, { agency: AGENCY, year: YEAR, input: YEAR_2_PROTOCOL, ifMatch: undefined });
    const workflowsBefore = ports.workflows.started.length;

    const refused = requestApportionment(ports, raaManager, { agency: AGENCY, year: YEAR, request: { method: 'unit-rate' } });

    await expect(refused).rejects.toMatchObject({ status: 422, code: 'PROTOCOL_NOT_AGREED' });
    expect(await ports.apportionments.findCurrent(AGENCY, YEAR)).toBeUndefined();
    expect(ports.workflows.started.length).toBe(workflowsBefore);
  });

  it('is refused with FORECASTS_MISSING naming the councils that have not forecast, and nothing is written', async () => {
    const ports = await adoptionAtHeartPorts();
    await agreeProtocol(ports);
    await forecast(ports, 'dudley');
    await forecast(ports, 'sandwell', trustFinance);
    const workflowsBefore = ports.workflows.started.length;

    const refused = requestApportionment(ports, raaManager, { agency: AGENCY, year: YEAR, request: { method: 'unit-rate' } });

    const error = await refused.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuleViolation);
    expect(error).toMatchObject({ code: 'FORECASTS_MISSING', details: [{ council: 'walsall' }, { council: 'wolverhampton' }] });
    expect((error as Error).message).toMatch(/walsall, wolverhampton/);
    expect(await ports.apportionments.findCurrent(AGENCY, YEAR)).toBeUndefined();
    expect(ports.workflows.started.length).toBe(workflowsBefore);
  });

  it('is for the RAA manager only: a finance officer is refused (403)', async () => {
    const ports = await adoptionAtHeartPorts();
    await agreeProtocol(ports);
    await everyForecast(ports);

    await expect(requestApportionment(ports, financeOfficer('wolverhampton'), { agency: AGENCY, year: YEAR, request: { method: 'unit-rate' } })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await ports.apportionments.findCurrent(AGENCY, YEAR)).toBeUndefined();
  });

  it('reproduces Year 2 of the Cabinet report to the penny: GBP 28,025 a placement, GBP 4,091,650 in all', async () => {
    const ports = await adoptionAtHeartPorts();
    await agreeProtocol(ports);
    await everyForecast(ports);

    const apportionment = await requestApportionment(ports, raaManager, { agency: AGENCY, year: YEAR, request: { method: 'unit-rate' } });

    expect(apportionment.totalPence).toBe(409_165_000);
    expect(apportionment.councils.map((c) => [c.council, c.placements, c.contributionPence, c.sharePercent])).toEqual([
      ['dudley', 40, 112_100_000, 27.4],
      ['sandwell', 31, 86_877_500, 21.23],
      ['walsall', 35, 98_087_500, 23.97],
      ['wolverhampton', 40, 112_100_000, 27.4],
    ]);
    expect(apportionment).toMatchObject({ status: 'awaiting-scb', inputs: { protocolVersion: 1, unitRatePence: 2_802_500, forecastVersions: { dudley: 1, sandwell: 1, walsall: 1, wolverhampton: 1 } } });
  });

  it('reproduces Year 1 with its transitional adjustments, and Sandwell its GBP 694,573 transferred plus GBP 181,283 added', async () => {
    const ports = await adoptionAtHeartPorts();
    await agreeProtocol(ports);
    await everyForecast(ports);

    const apportionment = await requestApportionment(ports, raaManager, {
      agency: AGENCY,
      year: YEAR,
      request: { method: 'unit-rate', adjustments: [...referenceFigures.year1Adjustments], transferredBudgets: [...referenceFigures.year1TransferredBudgets] },
    });

    expect(apportionment.totalPence).toBe(409_159_100);
    expect(apportionment.councils.map((c) => [c.council, c.contributionPence, c.sharePercent])).toEqual([
      ['dudley', 112_817_200, 27.57],
      ['sandwell', 87_585_600, 21.41],
      ['walsall', 98_461_500, 24.06],
      ['wolverhampton', 110_294_800, 26.96],
    ]);
    expect(apportionment.councils.find((c) => c.council === 'sandwell')).toMatchObject({ transferredBudgetPence: 69_457_300, additionalPence: 18_128_300 });
  });

  it('opens an SCB approval for every seat under the protocol\'s rule and starts the annual-apportionment workflow', async () => {
    const ports = await adoptionAtHeartPorts();
    await agreeProtocol(ports);
    await everyForecast(ports);

    const apportionment = await requestApportionment(ports, raaManager, { agency: AGENCY, year: YEAR, request: { method: 'unit-rate' } });

    const approval = await ports.approvals.get(AGENCY, apportionment.approvalId);
    expect(approval).toMatchObject({ status: 'pending', rule: 'unanimous', subject: { kind: 'apportionment', year: YEAR, id: apportionment.apportionmentId } });
    expect(approval.awaiting).toEqual(adoptionAtHeart.seats.map((s) => s.seat));
    expect(ports.workflows.started.at(-1)).toMatchObject({ workflow: 'annual-apportionment', executionName: apportionment.apportionmentId, input: { approvalId: apportionment.approvalId } });
  });

  it('a second request while the first awaits the SCB is refused (409) and the first stays current', async () => {
    const ports = await adoptionAtHeartPorts();
    await agreeProtocol(ports);
    await everyForecast(ports);
    const first = await requestApportionment(ports, raaManager, { agency: AGENCY, year: YEAR, request: { method: 'unit-rate' } });

    await expect(requestApportionment(ports, raaManager, { agency: AGENCY, year: YEAR, request: { method: 'budget-share' } })).rejects.toMatchObject({ status: 409, code: 'APPORTIONMENT_EXISTS' });

    expect((await ports.apportionments.findCurrent(AGENCY, YEAR))?.apportionmentId).toBe(first.apportionmentId);
  });
});

describe('reading the position', () => {
  async function yearWithPlacements(): Promise<InMemoryPorts> {
    const ports = await adoptionAtHeartPorts();
    await agreeProtocol(ports);
    await everyForecast(ports);
    await place(ports, 'dudley', 'in-house');
    await place(ports, 'dudley', 'inter-agency-purchase');
    await place(ports, 'dudley', 'inter-agency-sale');
    await place(ports, 'walsall', 'in-house');
    await place(ports, 'sandwell', 'in-house');
    return ports;
  }

  it("a finance officer sees only their own council's figures, and not the agency's inter-agency line", async () => {
    const ports = await yearWithPlacements();

    const position = await readPosition(ports, financeOfficer('walsall'), { agency: AGENCY, year: YEAR });

    expect(position.councils.map((c) => c.council)).toEqual(['walsall']);
    expect(position.councils[0]).toMatchObject({ forecast: 35, agreed: 35, actual: 1, status: 'green' });
    expect(position.interAgency).toBeUndefined();
  });

  it("the Trust's finance officer sees Sandwell's figures, the council it acts for", async () => {
    const ports = await yearWithPlacements();

    const position = await readPosition(ports, trustFinance, { agency: AGENCY, year: YEAR });

    expect(position.councils.map((c) => [c.council, c.actual])).toEqual([['sandwell', 1]]);
  });

  it("the host's finance officer also sees the agency's inter-agency line", async () => {
    const ports = await yearWithPlacements();

    const position = await readPosition(ports, financeOfficer('wolverhampton'), { agency: AGENCY, year: YEAR });

    expect(position.councils.map((c) => c.council)).toEqual(['wolverhampton']);
    expect(position.interAgency).toBeDefined();
  });

  it('the SCB sees every member council, under the protocol version it used', async () => {
    const ports = await yearWithPlacements();

    const position = await readPosition(ports, scbMember('walsall'), { agency: AGENCY, year: YEAR });

    expect(position.councils.map((c) => c.council)).toEqual(['dudley', 'sandwell', 'walsall', 'wolverhampton']);
    expect(position).toMatchObject({ protocolVersion: 1, asOf: '2021-01-15T09:00:00.000Z' });
  });

  it("an inter-agency sale is the RAA's income and no council's placement; a purchase is the council's, counted once", async () => {
    const ports = await yearWithPlacements();

    const position = await readPosition(ports, raaManager, { agency: AGENCY, year: YEAR });

    // Dudley: one in-house and one inter-agency purchase; the sale placed another agency's child with our adopters.
    expect(position.councils.find((c) => c.council === 'dudley')).toMatchObject({ actual: 2, agreed: 40, variance: -38 });
    expect(position.interAgency).toMatchObject({ purchased: 1, sold: 1, spendPence: 2_700_000, incomePence: 2_700_000 });
  });

  it('a reversed placement no longer counts', async () => {
    const ports = await yearWithPlacements();
    const walsall = (await ports.yearBook(AGENCY, YEAR)).placements.find((p) => p.council === 'walsall')!;
    await ports.placements.reverse({ agency: AGENCY, placementId: walsall.placementId, reason: 'recorded against the wrong council', actor: raaManager.sub, at: '2021-01-15T10:00:00.000Z' }, () => `${YEAR}-Q1`);

    const position = await readPosition(ports, raaManager, { agency: AGENCY, year: YEAR });

    expect(position.councils.find((c) => c.council === 'walsall')).toMatchObject({ actual: 0 });
  });
});

describe('deciding on an approval already settled', () => {
  it('tells the waiting workflow again before refusing, so a stop between the deciding vote and the token leaves no workflow waiting a week', async () => {
    // Arrange: every seat must agree a protocol, so one rejection settles it; the process "stops" before redeeming the token.
    const ports = await adoptionAtHeartPorts();
    const proposal = await proposeFundingProtocol(ports, raaManager, { agency: AGENCY, year: YEAR, input: YEAR_2_PROTOCOL, ifMatch: undefined });
    const approvalId = proposal.approvalId!;
    expect(await ports.approvals.attachTaskToken(AGENCY, approvalId, 'token-1')).toBe('attached');
    const [first, second] = adoptionAtHeart.seats.map((s) => scbMember(s.seat));
    ports.workflows.failNextRedemption = true;
    await expect(decideApproval(ports, first!, { agency: AGENCY, approvalId, request: { decision: 'reject', comment: 'The rate is not agreed' } })).rejects.toThrow('stopped before the token was redeemed');
    expect((await ports.approvals.get(AGENCY, approvalId)).status).toBe('rejected');
    expect(ports.workflows.redeemed).toEqual([]);

    // Act: a late vote on the settled approval.
    const late = decideApproval(ports, second!, { agency: AGENCY, approvalId, request: { decision: 'approve' } });

    // Assert: refused as before, and the workflow told of the outcome.
    await expect(late).rejects.toBeInstanceOf(ConflictError);
    expect(ports.workflows.redeemed).toEqual([{ token: 'token-1', outcome: 'failure' }]);
  });
});
