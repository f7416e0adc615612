/**
 * A finance officer and the Strategic Commissioning Board at their browsers:
 * the forecast submitted and a stale change caught, the apportionment
 * approved by the five seats, a statement confirmed with the keyboard alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { AGENCY, Client, SCB_MEMBERS, YEAR_2_PROTOCOL, eventually, startSystem } from '../support/local-system.ts';
import { agreeProtocol } from '../support/reference-year.ts';
import { errorSummary, expectAccessible, launchBrowser, signedIn, visit } from '../support/browser.ts';

let system: LocalRuntime;
let api: Client;
let browser: Browser;
const YEAR = '2020-21';
const DUDLEY_PAGE = `/${AGENCY}/years/${YEAR}/councils/dudley`;

beforeAll(async () => {
  system = await startSystem({ clockStart: new Date('2020-11-20T09:00:00Z') });
  api = new Client(system.url);
  browser = await launchBrowser();
  await agreeProtocol(api, YEAR, { ...YEAR_2_PROTOCOL });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

/** Presses Tab until the element is focused, as a keyboard user moves through the page. */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press('Tab');
    if (await page.locator(selector).evaluate((element) => element === element.ownerDocument.activeElement)) return;
  }
  throw new Error(`could not reach ${selector} with the Tab key`);
}

describe('a finance officer forecasts their council’s placements', () => {
  it('refuses a negative forecast in the error summary, linked to the field, and writes nothing', async () => {
    const { context, page } = await signedIn(browser, system.url, 'dudley-finance');
    await visit(page, DUDLEY_PAGE);
    await page.getByLabel('How many placements do you forecast for the year?').fill('-1');
    await page.getByRole('button', { name: 'Submit forecast' }).click();
    expect(await page.title()).toMatch(/^Error: /);
    expect(await errorSummary(page)).toEqual([{ text: 'Number of placements must not be negative', href: '#placements' }]);
    await expectAccessible(page);
    expect((await api.as('dudley-finance', 'GET', `/agencies/${AGENCY}/years/${YEAR}/forecasts`)).body.forecasts).toEqual([]);
    await context.close();
  });

  it('shows "someone changed this since you opened it" when another change came first, and takes the change once it is sent again', async () => {
    const first = await signedIn(browser, system.url, 'dudley-finance');
    const second = await signedIn(browser, system.url, 'dudley-finance');
    await visit(first.page, DUDLEY_PAGE);
    await visit(second.page, DUDLEY_PAGE);

    await second.page.getByLabel('How many placements do you forecast for the year?').fill('40');
    await second.page.getByRole('button', { name: 'Submit forecast' }).click();
    await expect.poll(() => second.page.locator('.govuk-notification-banner--success').innerText()).toContain('Your forecast has been saved');
    await expectAccessible(second.page);

    await first.page.getByLabel('How many placements do you forecast for the year?').fill('41');
    await first.page.getByRole('button', { name: 'Submit forecast' }).click();
    const problems = await errorSummary(first.page);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.text).toContain('Someone changed this since you opened it');
    expect(problems[0]!.href).toBe('#placements');
    await expect.poll(() => first.page.getByText('40 placements, submitted by dudley-finance').count()).toBe(1);
    await expectAccessible(first.page);

    await first.page.getByRole('button', { name: 'Change forecast' }).click();
    await expect.poll(() => first.page.locator('.govuk-notification-banner--success').count()).toBe(1);
    const forecast = (await api.as('dudley-finance', 'GET', `/agencies/${AGENCY}/years/${YEAR}/forecasts`)).body.forecasts.find((f: { council: string }) => f.council === 'dudley');
    expect(forecast).toMatchObject({ placements: 41, version: 2 });
    await first.context.close();
    await second.context.close();
  });
});

describe('the Strategic Commissioning Board approves the apportionment', () => {
  it('five members each open it from "Waiting for your decision", see the table and who has decided, and approve; Dudley then sees its contribution', async () => {
    for (const [council, placements] of [['sandwell', 31], ['walsall', 35], ['wolverhampton', 40]] as const) {
      expect((await api.as(`${council}-finance`, 'PUT', `/agencies/${AGENCY}/years/${YEAR}/forecasts/${council}`, { body: { placements } })).status).toBe(200);
    }
    await api.as('dudley-finance', 'PUT', `/agencies/${AGENCY}/years/${YEAR}/forecasts/dudley`, { body: { placements: 40 }, headers: { 'if-match': '2' } });
    const requested = await api.as('raa-manager', 'POST', `/agencies/${AGENCY}/years/${YEAR}/apportionment`, { body: { method: 'unit-rate' } });
    expect(requested.status).toBe(201);

    for (const [i, member] of SCB_MEMBERS.entries()) {
      const { context, page } = await signedIn(browser, system.url, member);
      await visit(page, `/${AGENCY}/decisions`);
      await page.getByRole('link', { name: /Apportionment|contributions|2020-21/i }).first().click();
      await expectAccessible(page);
      await expect.poll(() => page.locator('table').first().innerText()).toContain('£1,121,000.00');
      expect(await page.locator('table').nth(1).innerText()).toContain('Awaited');
      if (i === 0) {
        await page.getByLabel('Reject').check();
        await page.getByRole('button', { name: 'Send decision' }).click();
        expect(await errorSummary(page)).toEqual([{ text: 'Comment a rejection needs a comment the manager can act on', href: '#comment' }]);
        await expectAccessible(page);
      }
      await page.getByLabel('Approve').check();
      await page.getByRole('button', { name: 'Send decision' }).click();
      await expect.poll(() => page.locator('.govuk-notification-banner--success').count()).toBe(1);
      await expectAccessible(page);
      await context.close();
    }

    await eventually(async () => {
      const reply = await api.as('raa-manager', 'GET', `/agencies/${AGENCY}/years/${YEAR}/apportionment`);
      if (reply.body.status !== 'approved') throw new Error(`still ${reply.body.status}`);
    });
    const { context, page } = await signedIn(browser, system.url, 'dudley-finance');
    await visit(page, DUDLEY_PAGE);
    expect(await page.locator('#contribution + dl').innerText()).toContain('£1,121,000.00');
    await visit(page, `/${AGENCY}/decisions`);
    await context.close();
  }, 240_000);

  it('a decided approval is in "Decided", with every seat’s decision', async () => {
    const { context, page } = await signedIn(browser, system.url, 'scb-walsall');
    await visit(page, `/${AGENCY}/decisions/decided`);
    await page.getByRole('link', { name: /2020-21/ }).first().click();
    await expectAccessible(page);
    expect(await page.getByText('Awaited').count()).toBe(0);
    await context.close();
  });
});

describe('a finance officer confirms a statement, with the keyboard alone', () => {
  it('follows the council’s link to its statements, tabs to Confirm on the issued Q1 statement, presses Enter, and the statement shows who confirmed it', async () => {
    const run = await api.as('raa-manager', 'POST', `/agencies/${AGENCY}/years/${YEAR}/reconciliation/run`, { body: { period: `${YEAR}-Q1` } });
    expect(run.status).toBe(202);
    await eventually(async () => {
      const reply = await api.as('raa-manager', 'GET', `/agencies/${AGENCY}/years/${YEAR}/reconciliation?period=${YEAR}-Q1`);
      if (reply.body.status !== 'issued') throw new Error('not issued yet');
    });
    const { context, page } = await signedIn(browser, system.url, 'walsall-finance');
    await visit(page, `/${AGENCY}/years/${YEAR}/councils/walsall`);
    // The council's year links to its statements, a page of their own.
    await tabTo(page, `a[href="/${AGENCY}/years/${YEAR}/councils/walsall/statements"]`);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/${AGENCY}/years/${YEAR}/councils/walsall/statements`);
    await expectAccessible(page);
    // A form whose period was altered is refused with the field named, and confirms nothing.
    const csrf = await page.locator('input[name="csrf"]').first().inputValue();
    const altered = await page.request.post(page.url(), { form: { form: 'confirm', period: `${YEAR}-Q9`, csrf }, maxRedirects: 0 });
    expect(altered.status()).toBe(400);
    expect(await altered.text()).toContain('Period must be a quarter of 2020-21');
    const unconfirmed = await api.as('walsall-finance', 'GET', `/agencies/${AGENCY}/years/${YEAR}/reconciliation?period=${YEAR}-Q1`);
    expect(unconfirmed.body.councils[0].confirmed).toBeUndefined();
    await tabTo(page, `#confirm-${YEAR}-Q1`);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.govuk-notification-banner--success').count()).toBe(1);
    await expectAccessible(page);
    expect(await page.locator('#statements ~ table').first().innerText()).toContain('Confirmed by walsall-finance');
    const statement = await api.as('walsall-finance', 'GET', `/agencies/${AGENCY}/years/${YEAR}/reconciliation?period=${YEAR}-Q1`);
    expect(statement.body.councils[0].confirmed.by).toBe('walsall-finance');
    await context.close();
  });
});

describe('the host’s finance officer enters the quarter’s spend from a CSV file', () => {
  it('previews each row with its error in words, saves nothing until the file is right, then saves the lines', async () => {
    const { context, page } = await signedIn(browser, system.url, 'wolverhampton-finance');
    const spendPage = `/${AGENCY}/quarters/${YEAR}-Q2/spend`;
    await visit(page, spendPage);
    const upload = async (text: string) => {
      await page.getByLabel('Spend for the quarter as CSV').setInputFiles({ name: 'spend.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
      await page.getByRole('button', { name: 'Preview file' }).click();
      await expectAccessible(page);
    };
    await upload('line,amount\nStaffing,"610,000.00"\nPremises,40000.005\n');
    const preview = await page.locator('#spend-preview tbody').innerText();
    expect(preview).toMatch(/Staffing\s+610000\.00\s+operating\s+OK/);
    expect(preview).toContain('Amount must have at most 2 decimal places (whole pence)');
    expect((await api.as('wolverhampton-finance', 'GET', `/agencies/${AGENCY}/quarters/${YEAR}-Q2/spend`)).status).toBe(404);

    await upload('line,amount\nStaffing,"610,000.00"\nPremises,40000.5\n');
    await page.getByRole('button', { name: 'Save spend' }).click();
    expect(await page.locator('.govuk-notification-banner--success').innerText()).toContain("The quarter's spend has been saved");
    await expectAccessible(page);
    const saved = await api.as('wolverhampton-finance', 'GET', `/agencies/${AGENCY}/quarters/${YEAR}-Q2/spend`);
    expect(saved.body.totalPence).toBe(61_000_000 + 4_000_050);
    await context.close();
  });
});

describe('a finance officer asks the SCB for a spot purchase', () => {
  it('names the council budget that will pay; without it the field is named in the error summary', async () => {
    const { context, page } = await signedIn(browser, system.url, 'walsall-finance');
    await visit(page, `/${AGENCY}/years/${YEAR}/councils/walsall`);
    await page.locator('#spot-purchase-placements').fill('2');
    await page.locator('#spot-purchase-reason').fill('Sibling group to be placed together');
    await page.getByRole('button', { name: 'Send request to the SCB' }).click();
    const problems = await errorSummary(page);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.href).toBe('#spot-purchase-councilBudgetRef');
    await expectAccessible(page);
    await page.locator('#spot-purchase-councilBudgetRef').fill('WAL-CSC-ADOPT-01');
    await page.getByRole('button', { name: 'Send request to the SCB' }).click();
    expect(await page.locator('.govuk-notification-banner--success').innerText()).toContain('sent to the Strategic Commissioning Board');
    expect(await page.locator('#spot-purchases ~ table').first().innerText()).toContain('WAL-CSC-ADOPT-01');
    await context.close();
  });
});
