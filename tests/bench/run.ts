/**
 * `npm run bench`: how fast the parts a council feels are, measured, printed,
 * never asserted (speed is a benchmark's business, not a test's).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { apportion } from '../../shared/domain/apportionment.ts';
import { Client } from '../../infra/local/client.ts';
import { startLocalRuntime } from '../../infra/local/runtime.ts';

process.env.LOG_LEVEL ??= 'warn';
const A = '/agencies/adoption-at-heart';
const YEAR = '2020-21';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function report(name: string, samples: number[], unit = 'ms'): void {
  console.log(`${name.padEnd(52)} p50 ${percentile(samples, 50).toFixed(2)} ${unit}  p95 ${percentile(samples, 95).toFixed(2)} ${unit}  (n=${samples.length})`);
}

// Pure domain: the apportionment of a large budget among many councils.
{
  const forecasts = Array.from({ length: 50 }, (_, i) => ({ council: `council-${i}`, placements: 1 + ((i * 37) % 97) }));
  const samples: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t = performance.now();
    apportion({ method: 'budget-share', forecasts, budgetPence: 987_654_321_09 + i });
    samples.push((performance.now() - t) * 1000);
  }
  report('apportionment, budget share among 50 councils', samples, 'µs');
}

const runtime = await startLocalRuntime({ port: 0, clockStart: new Date('2020-09-01T09:00:00Z') });
try {
  const api = new Client(runtime.url);
  // The protocol is agreed by every SCB seat before anything is recorded against it.
  const proposal = await api.as('raa-manager', 'PUT', `${A}/years/${YEAR}/protocol`, { body: { unitRatePence: 2_802_500, tolerance: { placements: 2 }, spotPurchaseRatePence: 2_802_500, interAgencyFeePence: 2_700_000, interAgencyBudgetPence: 50_000_000, approvalRule: 'majority', reconciliationDueDays: 30 } });
  for (const member of ['scb-dudley', 'scb-sandwell', 'scb-trust', 'scb-walsall', 'scb-wolverhampton']) {
    await api.as(member, 'POST', `${A}/approvals/${proposal.body.approvalId}/decisions`, { body: { decision: 'approve' } });
  }
  while ((await api.as('raa-manager', 'GET', `${A}/years/${YEAR}/protocol`)).body.inForce === null) await new Promise((r) => setTimeout(r, 10));
  for (const [council, placements] of Object.entries({ dudley: 400, sandwell: 310, walsall: 350, wolverhampton: 400 })) {
    await api.as(`${council}-finance`, 'PUT', `${A}/years/${YEAR}/forecasts/${council}`, { body: { placements } });
  }
  const place = (council: string) =>
    api.as('raa-manager', 'POST', `${A}/placements`, { body: { council, year: YEAR, kind: 'in-house', caseRef: `B-${randomUUID().slice(0, 12)}`, placedOn: '2020-06-01' }, headers: { 'idempotency-key': randomUUID() } });

  const sequential: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    const r = await place(['dudley', 'sandwell', 'walsall', 'wolverhampton'][i % 4]!);
    if (r.status !== 201) throw new Error(JSON.stringify(r.body));
    sequential.push(performance.now() - t);
  }
  report('record a placement over HTTP (one at a time)', sequential);

  const t0 = performance.now();
  const burst = await Promise.all(Array.from({ length: 100 }, () => place('dudley')));
  const seconds = (performance.now() - t0) / 1000;
  console.log(`${'record 100 placements at once for one council'.padEnd(52)} ${(100 / seconds).toFixed(1)} placements/s (${burst.filter((r) => r.status === 201).length} recorded)`);

  const reads: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    await api.as('scb-dudley', 'GET', `${A}/years/${YEAR}/position`);
    reads.push(performance.now() - t);
  }
  report('read the position (500 placements in the year)', reads);
} finally {
  await runtime.stop();
}
