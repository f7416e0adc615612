/**
 * The ledgers' pages in a real browser, a page of entries at a time: the
 * set-up grant, a council's receipts, the host's receipts from every council
 * (a list a council) and the reserve each show their newest
 * entries and an "Older entries" link (GOV.UK pagination, no script) that
 * carries the cursor in the page's own address and shows the next page; a
 * cursor that is not the page's gets the page's 400, as the API refuses it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { AGENCY, Client, startSystem } from '../support/local-system.ts';
import { expectAccessible, launchBrowser, signedIn, visit } from '../support/browser.ts';

let system: LocalRuntime;
let api: Client;
let browser: Browser;
const YEAR = '2020-21';
const A = `/agencies/${AGENCY}`;

beforeAll(async () => {
  system = await startSystem({ clockStart: new Date('2020-11-20T09:00:00Z') });
  api = new Client(system.url);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

async function record(path: string, body: Record<string, unknown>): Promise<void> {
  const reply = await api.as('wolverhampton-finance', 'POST', path, { body, headers: { 'idempotency-key': randomUUID() } });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
}

/** Follows "Older entries" as a person would, and checks the page it leads to. */
async function older(page: Page): Promise<void> {
  const link = page.getByRole('link', { name: 'Older entries' });
  expect(await link.getAttribute('href')).toMatch(/[?&]cursor=[A-Za-z0-9_-]+/);
  await Promise.all([page.waitForURL(/cursor=/), link.click()]);
  expect(new URL(page.url()).searchParams.get('cursor')).toBeTruthy();
  await expectAccessible(page);
}

const bodyText = (page: Page) => page.locator('main').innerText();

describe('a list longer than a page', () => {
  it('the set-up grant shows its newest entries, and "Older entries" the ones before them', async () => {
    await record(`${A}/grant/entries`, { kind: 'receipt', amountPence: 500_000, on: '2020-04-02', description: 'First tranche from the DfE' });
    await record(`${A}/grant/entries`, { kind: 'spend', amountPence: 120_000, on: '2020-05-04', description: 'Case management system' });
    const { context, page } = await signedIn(browser, system.url, 'wolverhampton-finance');
    await visit(page, `/${AGENCY}/grant?limit=1`);
    expect(await bodyText(page)).toContain('Case management system');
    expect(await bodyText(page)).not.toContain('First tranche from the DfE');
    // The totals are the ledger's, whatever the page shows.
    expect(await bodyText(page)).toContain('£3,800.00');
    await page.screenshot({ path: '/tmp/older-entries-grant.png', fullPage: true });

    await older(page);
    expect(new URL(page.url()).searchParams.get('limit')).toBe('1');
    expect(await bodyText(page)).toContain('First tranche from the DfE');
    expect(await bodyText(page)).not.toContain('Case management system');
    // The page is full and the last: it offers nothing older.
    expect(await page.getByRole('link', { name: 'Older entries' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Newest entries' }).click();
    await expect.poll(() => bodyText(page)).toContain('Case management system');
    await context.close();
  });

  it("a council's receipts show the newest, and \"Older entries\" those before them, back at the receipts", async () => {
    await record(`${A}/years/${YEAR}/contributions/dudley/receipts`, { amountPence: 10_000, receivedOn: '2020-05-01', reference: 'BACS-DUD-0501' });
    await record(`${A}/years/${YEAR}/contributions/dudley/receipts`, { amountPence: 20_000, receivedOn: '2020-08-03', reference: 'BACS-DUD-0803' });
    const { context, page } = await signedIn(browser, system.url, 'dudley-finance');
    await visit(page, `/${AGENCY}/years/${YEAR}/councils/dudley?limit=1`);
    expect(await bodyText(page)).toContain('BACS-DUD-0803');
    expect(await bodyText(page)).not.toContain('BACS-DUD-0501');

    await older(page);
    expect(new URL(page.url()).hash).toBe('#receipts');
    expect(await bodyText(page)).toContain('BACS-DUD-0501');
    expect(await bodyText(page)).not.toContain('BACS-DUD-0803');
    await context.close();
  });

  it("the host's receipts show each council's total and newest receipts, and each council's \"Older entries\" that council's receipts before them", async () => {
    const R = `${A}/years/${YEAR}/contributions`;
    await record(`${R}/sandwell/receipts`, { amountPence: 30_000, receivedOn: '2020-04-06', reference: 'BACS-SAN-0406' });
    await record(`${R}/sandwell/receipts`, { amountPence: 40_000, receivedOn: '2020-07-06', reference: 'BACS-SAN-0706' });
    await record(`${R}/sandwell/receipts`, { amountPence: 50_000, receivedOn: '2020-10-06', reference: 'BACS-SAN-1006' });
    await record(`${R}/walsall/receipts`, { amountPence: 7_000, receivedOn: '2020-09-07', reference: 'BACS-WAL-0907' });
    const { context, page } = await signedIn(browser, system.url, 'wolverhampton-finance');
    await visit(page, `/${AGENCY}/years/${YEAR}/receipts?limit=2`);
    const sandwell = page.locator('#receipts-sandwell');
    // Each council's total is its counter's, whatever its list shows.
    expect(await sandwell.innerText()).toContain('£1,200.00 received');
    expect(await bodyText(page)).toContain('BACS-SAN-1006');
    expect(await bodyText(page)).toContain('BACS-SAN-0706');
    expect(await bodyText(page)).not.toContain('BACS-SAN-0406');
    expect(await bodyText(page)).toContain('BACS-WAL-0907');
    // Only Sandwell has more than a page: one "Older entries", in Sandwell's own pagination.
    expect(await page.getByRole('link', { name: 'Older entries' }).count()).toBe(1);
    expect(await page.getByRole('navigation', { name: 'Sandwell Metropolitan Borough Council receipts pages' }).getByRole('link', { name: 'Older entries' }).count()).toBe(1);
    await page.screenshot({ path: '/tmp/older-entries-host-receipts.png', fullPage: true });

    await older(page);
    const at = new URL(page.url());
    expect([at.searchParams.get('council'), at.searchParams.get('limit'), at.hash]).toEqual(['sandwell', '2', '#receipts-sandwell']);
    expect(await bodyText(page)).toContain('BACS-SAN-0406');
    expect(await bodyText(page)).not.toContain('BACS-SAN-0706');
    // The other councils still show their newest, and Sandwell's page is its last.
    expect(await bodyText(page)).toContain('BACS-WAL-0907');
    expect(await page.getByRole('link', { name: 'Older entries' }).count()).toBe(0);
    await page.screenshot({ path: '/tmp/older-entries-host-receipts-older.png', fullPage: true });
    await page.getByRole('link', { name: 'Newest entries' }).click();
    await expect.poll(() => bodyText(page)).toContain('BACS-SAN-0706');
    await context.close();
  });

  it('the reserve shows its newest movements, and "Older entries" the ones before them', async () => {
    await system.deps.reserve.apply({ agency: AGENCY, movementId: 'year-end-2018-19', kind: 'year-end-underspend', year: '2018-19', amountPence: 4_000_000, reason: '2018-19 underspend retained', at: '2019-05-01T09:00:00.000Z' });
    await system.deps.reserve.apply({ agency: AGENCY, movementId: 'year-end-2019-20', kind: 'year-end-underspend', year: '2019-20', amountPence: 2_500_000, reason: '2019-20 underspend retained', at: '2020-05-01T09:00:00.000Z' });
    const { context, page } = await signedIn(browser, system.url, 'raa-manager');
    await visit(page, `/${AGENCY}/reserve?limit=1`);
    expect(await bodyText(page)).toContain('2019-20 underspend retained');
    expect(await bodyText(page)).not.toContain('2018-19 underspend retained');

    await older(page);
    expect(await bodyText(page)).toContain('2018-19 underspend retained');
    expect(await bodyText(page)).not.toContain('2019-20 underspend retained');
    await context.close();
  });
});

describe('a cursor that is not the page’s', () => {
  it('gets the page’s own 400, not a server error, on each page', async () => {
    const grantCursor = Buffer.from('RECEIPT#dudley#x').toString('base64url');
    const cases: [string, string][] = [
      ['wolverhampton-finance', `/${AGENCY}/grant?cursor=${grantCursor}`],
      ['dudley-finance', `/${AGENCY}/years/${YEAR}/councils/dudley?cursor=${Buffer.from('RECEIPT#walsall#x').toString('base64url')}`],
      ['raa-manager', `/${AGENCY}/reserve?cursor=not-a-cursor`],
      ['wolverhampton-finance', `/${AGENCY}/years/${YEAR}/receipts?council=sandwell&cursor=${Buffer.from('RECEIPT#walsall#x').toString('base64url')}`],
      ['wolverhampton-finance', `/${AGENCY}/years/${YEAR}/receipts?cursor=${Buffer.from('RECEIPT#walsall#x').toString('base64url')}`],
      ['wolverhampton-finance', `/${AGENCY}/years/${YEAR}/receipts?council=nowhere`],
      ['raa-manager', `/${AGENCY}/reserve?limit=0`],
    ];
    for (const [who, path] of cases) {
      const { context, page } = await signedIn(browser, system.url, who);
      const reply = await page.goto(path);
      expect(reply?.status(), path).toBe(400);
      expect(await page.locator('h1').innerText(), path).toBe('There is a problem');
      await expectAccessible(page);
      await context.close();
    }
  });
});
