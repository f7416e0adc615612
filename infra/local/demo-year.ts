/**
 * A year of the funding protocol lived through in seconds, over HTTP, as the
 * people involved would do it: the reference year 2019-20 of Adoption@Heart.
 * `npm run demo` prints it; the test suite runs it and checks the figures.
 */
import { randomUUID } from 'node:crypto';
import { formatPounds } from '../../shared/domain/money.ts';
import { referenceFigures } from '../../shared/reference/adoption-at-heart.ts';
import type { Client, Reply } from './client.ts';

const A = '/agencies/adoption-at-heart';
const YEAR = '2019-20';
const SCB = ['scb-dudley', 'scb-sandwell', 'scb-trust', 'scb-walsall', 'scb-wolverhampton'];
const FINANCE: Record<string, string> = { dudley: 'dudley-finance', sandwell: 'trust-finance', walsall: 'walsall-finance', wolverhampton: 'wolverhampton-finance' };

/** Placements made each quarter, per council: Sandwell falls short (no credit), Walsall asks for a spot purchase, Dudley goes past its band without one. */
const PLACEMENTS: Record<string, number[]> = { dudley: [10, 10, 11, 10], sandwell: [7, 7, 6, 7], walsall: [9, 9, 10, 10], wolverhampton: [10, 10, 10, 10] };
const QUARTERS = [
  { id: `${YEAR}-Q1`, last: '2019-06-30', after: '2019-07-05' },
  { id: `${YEAR}-Q2`, last: '2019-09-30', after: '2019-10-05' },
  { id: `${YEAR}-Q3`, last: '2019-12-31', after: '2020-01-06' },
  { id: `${YEAR}-Q4`, last: '2020-03-31', after: '2020-04-06' },
];
const QUARTERLY_SPEND = [
  { line: 'Staffing', amountPence: 80_000_000 },
  { line: 'Adopter recruitment and assessment', amountPence: 7_500_000 },
  { line: 'Premises and systems', amountPence: 5_000_000 },
];

/** The local clock must start here (the system is set up before the year begins). */
export const DEMO_START = new Date('2019-02-01T09:00:00Z');

export interface DemoSummary {
  contributions: Record<string, number>;
  totalContributionsPence: number;
  placements: Record<string, number>;
  spotPurchaseChargePence: number;
  /** Dudley's unfunded placements put to the SCB: one approved, one absorbed by the agency. */
  retrospective: { approved: number; absorbed: number };
  reports: { quarter: string; version: number; status: string }[];
  yearEnd: {
    balancing: Record<string, number>;
    outstanding: Record<string, number>;
    outturnPence: number;
    fundingPence: number;
    overspendPence: number;
    reserveAddedPence: number;
    reserveCarriedForwardPence: number;
    riskShareTotalPence: number;
    protocolVersion: number;
    confirmed: string[];
  };
  grantBalancePence: number;
  reserveBalancePence: number;
  nextYearReserveBroughtForwardPence: number;
}

export async function liveThroughTheYear(api: Client, say: (line: string) => void = () => {}): Promise<DemoSummary> {
  const must = async (reply: Promise<Reply>, what: string): Promise<any> => {
    const r = await reply;
    if (r.status >= 400) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const moveTo = (now: string) => must(api.request('POST', '/local/clock', { body: { now } }), `move the clock to ${now}`);
  const until = async <T>(what: string, check: () => Promise<T | undefined>): Promise<T> => {
    for (let i = 0; i < 400; i++) {
      const value = await check();
      if (value !== undefined) return value;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`Timed out waiting for ${what}`);
  };
  const approveAll = async (approvalId: string) => {
    for (const member of SCB) await api.as(member, 'POST', `${A}/approvals/${approvalId}/decisions`, { body: { decision: 'approve' } });
  };
  // The protocol is an agreement: the RAA manager proposes it, every SCB seat approves, then it is in force.
  const agreeProtocol = async (year: string, body: Record<string, unknown>) => {
    const proposal = await must(api.as('raa-manager', 'PUT', `${A}/years/${year}/protocol`, { body }), `protocol for ${year}`);
    await approveAll(proposal.approvalId);
    return until(`the ${year} protocol in force`, async () => {
      const r = await api.as('raa-manager', 'GET', `${A}/years/${year}/protocol`);
      return r.status === 200 && r.body.version === proposal.version ? r.body : undefined;
    });
  };

  say(`== ${YEAR}: the first year of Adoption@Heart ==`);
  await agreeProtocol(YEAR, { unitRatePence: referenceFigures.unitRatePence, budgetPence: 409_159_100, tolerance: { placements: 2 }, spotPurchaseRatePence: 3_000_000, interAgencyFeePence: 2_700_000, interAgencyBudgetPence: 30_000_000, approvalRule: 'majority', reconciliationDueDays: 30, reportDueDays: 30, forecastsDueOn: '2019-03-15' });
  say('Funding protocol agreed by every SCB seat: GBP 28,025 a placement, tolerance band of 2, SCB decides by majority.');
  const forecasts: Record<string, number> = referenceFigures.forecasts;
  for (const [council, placements] of Object.entries(forecasts)) {
    await must(api.as(FINANCE[council]!, 'PUT', `${A}/years/${YEAR}/forecasts/${council}`, { body: { placements } }), `forecast ${council}`);
  }
  say(`Forecasts in: ${Object.entries(forecasts).map(([c, n]) => `${c} ${n}`).join(', ')}.`);

  const apportionment = await must(
    api.as('raa-manager', 'POST', `${A}/years/${YEAR}/apportionment`, {
      body: {
        method: 'unit-rate',
        adjustments: referenceFigures.year1Adjustments,
        transferredBudgets: referenceFigures.year1TransferredBudgets,
      },
    }),
    'apportionment',
  );
  await approveAll(apportionment.approvalId);
  const approved = await until('the apportionment to be approved', async () => {
    const r = await api.as('raa-manager', 'GET', `${A}/years/${YEAR}/apportionment`);
    return r.body.status === 'approved' ? r.body : undefined;
  });
  const contributions = Object.fromEntries(approved.councils.map((c: any) => [c.council, c.contributionPence]));
  say(`Apportionment approved by the SCB: ${approved.councils.map((c: any) => `${c.council} ${formatPounds(c.contributionPence)} (${c.sharePercent.toFixed(2)}%)`).join(', ')}; total ${formatPounds(approved.totalPence)}.`);

  // The DfE's ring-fenced set-up grant (§7.1) and the case management system it paid for, before go-live.
  await must(api.as('wolverhampton-finance', 'POST', `${A}/grant/entries`, { body: { kind: 'receipt', amountPence: 110_000_000, on: '2019-02-01', description: 'DfE ring-fenced set-up grant' }, headers: { 'idempotency-key': randomUUID() } }), 'grant receipt');
  await must(api.as('wolverhampton-finance', 'POST', `${A}/grant/entries`, { body: { kind: 'spend', amountPence: 35_000_000, on: '2019-02-01', description: 'Case management system' }, headers: { 'idempotency-key': randomUUID() } }), 'grant spend');
  say('Set-up grant of GBP 1,100,000 received; GBP 350,000 spent on the case management system.');

  let spotPurchaseChargePence = 0;
  const retrospective = { approved: 0, absorbed: 0 };
  const reports: DemoSummary['reports'] = [];
  for (const [index, quarter] of QUARTERS.entries()) {
    await moveTo(`${quarter.last}T12:00:00Z`);
    let n = 0;
    // Each council pays its quarterly instalment; the host's finance officer records it.
    for (const council of Object.keys(FINANCE)) {
      const due = approved.councils.find((c: any) => c.council === council).contributionPence;
      const instalment = index < 3 ? Math.floor(due / 4) : due - 3 * Math.floor(due / 4);
      // Sandwell's last instalment is late: the year-end statement shows it outstanding.
      if (council === 'sandwell' && index === 3) continue;
      await must(api.as('wolverhampton-finance', 'POST', `${A}/years/${YEAR}/contributions/${council}/receipts`, { body: { amountPence: instalment, receivedOn: quarter.last, reference: `${council.toUpperCase()}-${quarter.id}` }, headers: { 'idempotency-key': randomUUID() } }), 'receipt');
    }
    for (const [council, perQuarter] of Object.entries(PLACEMENTS)) {
      for (let i = 0; i < perQuarter[index]!; i++) {
        const placedOn = `${quarter.last.slice(0, 8)}${String(1 + (i % 28)).padStart(2, '0')}`;
        await must(api.as('raa-manager', 'POST', `${A}/placements`, { body: { council, year: YEAR, kind: 'in-house', caseRef: `${council.slice(0, 3).toUpperCase()}/${YEAR.slice(0, 4)}/${String(++n).padStart(3, '0')}${index}`, placedOn }, headers: { 'idempotency-key': randomUUID() } }), 'placement');
      }
    }
    if (index < 3) {
      await must(api.as('raa-manager', 'POST', `${A}/placements`, { body: { council: 'dudley', year: YEAR, kind: 'inter-agency-purchase', caseRef: `DUD/${YEAR.slice(0, 4)}/9${String(index).padStart(3, '0')}`, placedOn: quarter.last, counterparty: 'adoption-focus' }, headers: { 'idempotency-key': randomUUID() } }), 'inter-agency purchase');
    }
    if (index === 1) {
      await must(api.as('raa-manager', 'POST', `${A}/placements`, { body: { council: 'wolverhampton', year: YEAR, kind: 'inter-agency-sale', caseRef: `WOL/${YEAR.slice(0, 4)}/9001`, placedOn: quarter.last, counterparty: 'coventry', feePence: 2_500_000 }, headers: { 'idempotency-key': randomUUID() } }), 'inter-agency sale');
    }
    if (index === 2) {
      const spot = await must(api.as('walsall-finance', 'POST', `${A}/spot-purchases`, { body: { council: 'walsall', year: YEAR, placements: 2, reason: 'Sibling group to be placed together beyond the plan', councilBudgetRef: 'WAL-CSC-ADOPT-01' } }), 'spot purchase');
      await until('the spot purchase approval to open', async () => ((await api.as('scb-dudley', 'GET', `${A}/approvals`)).body.approvals.some((a: any) => a.approvalId === spot.approvalId) ? true : undefined));
      await approveAll(spot.approvalId);
      spotPurchaseChargePence = spot.chargePence;
      say(`Spot purchase for Walsall approved by the SCB: 2 more placements, ${formatPounds(spot.chargePence)} charged to Walsall.`);
    }
    if (index === 3) {
      // Dudley went past agreed plus its band without a spot purchase: each unfunded placement is put to the SCB.
      const unfunded = await until('the retrospective spot purchases to open', async () => {
        const open = (await api.as('scb-dudley', 'GET', `${A}/approvals`)).body.approvals.filter((a: any) => a.document?.kind === 'retrospective');
        return open.length === 2 ? open : undefined;
      });
      await approveAll(unfunded[0].approvalId);
      for (const member of SCB) await api.as(member, 'POST', `${A}/approvals/${unfunded[1].approvalId}/decisions`, { body: { decision: 'reject', comment: 'Placed without asking the board; the agency bears it this once' } });
      await until('the SCB decisions to be recorded', async () => {
        const all = (await must(api.as('raa-manager', 'GET', `${A}/years/${YEAR}/spot-purchases`), 'spot purchases')).spotPurchases.filter((p: any) => p.kind === 'retrospective');
        return all.every((p: any) => p.status !== 'awaiting-scb') ? all : undefined;
      });
      retrospective.approved = 1;
      retrospective.absorbed = 1;
      say('Dudley went two placements past its band without a spot purchase: the SCB approved one retrospectively (charged at the spot rate) and the agency absorbed the other.');
    }
    await must(api.as('wolverhampton-finance', 'PUT', `${A}/quarters/${quarter.id}/spend`, { body: { lines: QUARTERLY_SPEND } }), 'spend');
    const position = await must(api.as('raa-manager', 'GET', `${A}/years/${YEAR}/position`), 'position');
    say(`${quarter.id}: ${position.councils.map((c: any) => `${c.council} ${c.actual}/${c.agreed} ${c.status}`).join(', ')}; inter-agency ${formatPounds(position.interAgency.spendPence)} of ${formatPounds(position.interAgency.budgetPence)} (${position.interAgency.status}).`);

    await moveTo(`${quarter.after}T09:00:00Z`);
    await must(
      api.as('raa-manager', 'PUT', `${A}/quarters/${quarter.id}/indicators`, {
        body: {
          summary: `Quarter ${index + 1}: placements broadly on profile; adopter recruitment on plan.`,
          indicators: [
            { code: 'A1', actual: 470 - index * 15, commentary: 'Backlog of older children inherited from the councils is clearing.' },
            { code: 'A2', actual: 130 - index * 5, commentary: 'Court timetables improving.' },
            { code: 'ADOPTERS_APPROVED', actual: 14 + index },
            { code: 'CHILDREN_PLACED', actual: Object.values(PLACEMENTS).reduce((s, q) => s + q[index]!, 0) },
            { code: 'IA_BOUGHT', actual: index < 3 ? 1 : 0 },
            { code: 'DISRUPTIONS', actual: 0 },
          ],
          actionPlans: [{ title: 'Adopter recruitment campaign', status: index < 3 ? 'on-track' : 'complete' }],
        },
      }),
      'indicators',
    );
    const started = await must(api.as('raa-manager', 'POST', `${A}/quarters/${quarter.id}/report`), 'report');
    await until('the report to reach the SCB', async () => ((await api.as('raa-manager', 'GET', `${A}/quarters/${quarter.id}/report`)).body.status === 'awaiting-scb' ? true : undefined));
    await approveAll(started.approvalId);
    const published = await until('the report to be published', async () => {
      const r = await api.as('lead-dudley', 'GET', `${A}/quarters/${quarter.id}/report`);
      return r.status === 200 && r.body.contentHash ? r.body : undefined;
    });
    reports.push({ quarter: quarter.id, version: published.version, status: published.status });
    say(`${quarter.id} report approved by the SCB and published to the Lead Members (content hash ${published.contentHash.slice(0, 12)}...).`);

    const statement = await until(`the ${quarter.id} statement`, async () => {
      const r = await api.as('raa-manager', 'GET', `${A}/years/${YEAR}/reconciliation?period=${quarter.id}`);
      return r.body.status === 'issued' ? r.body : undefined;
    });
    for (const [council, officer] of Object.entries(FINANCE)) await must(api.as(officer, 'POST', `${A}/years/${YEAR}/reconciliation/${council}/confirm?period=${quarter.id}`), 'confirm');
    say(`${quarter.id} statement issued and confirmed by all four councils: forecast outturn ${formatPounds(statement.outturnPence)}.`);
  }

  await moveTo('2020-05-02T09:00:00Z');
  const yearEnd = await until('the year-end statement', async () => {
    const r = await api.as('raa-manager', 'GET', `${A}/years/${YEAR}/reconciliation?period=year-end`);
    return r.body.status === 'issued' ? r.body : undefined;
  });
  for (const [council, officer] of Object.entries(FINANCE)) await must(api.as(officer, 'POST', `${A}/years/${YEAR}/reconciliation/${council}/confirm?period=year-end`), 'confirm year end');
  const confirmedYearEnd = await must(api.as('raa-manager', 'GET', `${A}/years/${YEAR}/reconciliation?period=year-end`), 'year end');
  say(`Year end: ${yearEnd.councils.map((c: any) => `${c.council} ${c.actualPlacements}/${c.fundedPlacements} ${c.balancingPence === 0 ? 'pays its contribution' : `pays ${formatPounds(c.balancingPence)} of spot purchases`}`).join(', ')}; no credits.`);
  say(`Outturn ${formatPounds(yearEnd.outturnPence)} against funding ${formatPounds(yearEnd.fundingPence)}: ${yearEnd.overspendPence < 0 ? `underspend of ${formatPounds(-yearEnd.overspendPence)} and ${formatPounds(yearEnd.reserveAddedPence + yearEnd.overspendPence)} of inter-agency income retained in the reserve` : `overspend of ${formatPounds(yearEnd.overspendPence)}, met ${yearEnd.waterfall.map((w: any) => `${formatPounds(w.amountPence)} from ${w.source}`).join(', ')}`}; reserve carried forward ${formatPounds(yearEnd.reserveCarriedForwardPence)}.`);

  await agreeProtocol('2020-21', { unitRatePence: 2_802_500, tolerance: { placements: 2 }, spotPurchaseRatePence: 3_000_000, interAgencyFeePence: 2_700_000, interAgencyBudgetPence: 30_000_000, approvalRule: 'majority', reconciliationDueDays: 30 });
  const next = await must(api.as('raa-manager', 'GET', `${A}/years/2020-21/reconciliation?period=2020-21-Q1`), 'next year');
  const reserve = await must(api.as('raa-manager', 'GET', `${A}/reserve`), 'reserve');
  const grant = await must(api.as('raa-manager', 'GET', `${A}/grant`), 'grant');
  say(`2020-21 opens with ${formatPounds(next.reserveBroughtForwardPence)} in the reserve (${reserve.movements.map((m: any) => m.reason).join('; ')}).`);

  const final = (await must(api.as('raa-manager', 'GET', `${A}/years/${YEAR}/position`), 'position')).councils;
  return {
    contributions,
    totalContributionsPence: approved.totalPence,
    placements: Object.fromEntries(final.map((c: any) => [c.council, c.actual])),
    spotPurchaseChargePence,
    retrospective,
    reports,
    yearEnd: {
      balancing: Object.fromEntries(yearEnd.councils.map((c: any) => [c.council, c.balancingPence])),
      outstanding: Object.fromEntries(yearEnd.councils.map((c: any) => [c.council, c.outstandingPence])),
      outturnPence: yearEnd.outturnPence,
      fundingPence: yearEnd.fundingPence,
      overspendPence: yearEnd.overspendPence,
      reserveAddedPence: yearEnd.reserveAddedPence,
      reserveCarriedForwardPence: yearEnd.reserveCarriedForwardPence,
      riskShareTotalPence: yearEnd.riskShareTotalPence,
      protocolVersion: yearEnd.protocolVersion,
      confirmed: confirmedYearEnd.councils.filter((c: any) => c.confirmed).map((c: any) => c.council),
    },
    grantBalancePence: grant.balancePence,
    reserveBalancePence: reserve.balancePence,
    nextYearReserveBroughtForwardPence: next.reserveBroughtForwardPence,
  };
}
