/**
 * The RAA manager at a browser: a placement recorded (with JavaScript off,
 * and sent twice but recorded once) and reversed; a case system's CSV with
 * one bad row imported twice; a quarter's report entered, approved by the
 * SCB, published and read by a Lead Member as the board pack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { AGENCY, Client, SCB_MEMBERS, eventually, startSystem } from '../support/local-system.ts';
import { approvedYear } from '../support/reference-year.ts';
import { errorSummary, expectAccessible, launchBrowser, signedIn, visit } from '../support/browser.ts';

let system: LocalRuntime;
let api: Client;
let browser: Browser;
const YEAR = '2020-21';
const PLACEMENTS = `/${AGENCY}/years/${YEAR}/placements`;

beforeAll(async () => {
  system = await startSystem({ clockStart: new Date('2020-11-20T09:00:00Z') });
  api = new Client(system.url);
  browser = await launchBrowser();
  await approvedYear(api, YEAR);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

async function placementsOf(council: string): Promise<{ caseRef: string; reversal?: unknown }[]> {
  const reply = await api.as('raa-manager', 'GET', `/agencies/${AGENCY}/years/${YEAR}/placements`);
  return reply.body.placements.filter((p: { council: string }) => p.council === council);
}

describe('the RAA manager records a placement and reverses it', () => {
  it('with JavaScript turned off: the form records it, a resend of the same form records it once, and a reversal stops it counting', async () => {
    const { context, page } = await signedIn(browser, system.url, 'raa-manager', { javaScriptEnabled: false });
    await visit(page, PLACEMENTS);
    await page.getByLabel('Council').selectOption('walsall');
    await page.getByLabel('Case reference').fill('WAL/2020/0147');
    await page.getByLabel('Day').fill('15');
    await page.getByLabel('Month').fill('6');
    await page.getByLabel('Year', { exact: true }).fill('2020');
    const sent = {
      csrf: await page.locator('form:has(input[name="form"][value="placement"]) input[name="csrf"]').inputValue(),
      idempotencyKey: await page.locator('input[name="idempotencyKey"]').inputValue(),
    };
    await page.getByRole('button', { name: 'Record placement' }).click();
    expect(await page.locator('.govuk-notification-banner--success').innerText()).toContain('The placement has been recorded');
    await expectAccessible(page);

    // The same form sent again (a double click, or the browser resending it): the same key, recorded once.
    const resend = await page.request.post(PLACEMENTS, {
      form: { ...sent, form: 'placement', council: 'walsall', kind: 'in-house', caseRef: 'WAL/2020/0147', 'placedOn-day': '15', 'placedOn-month': '6', 'placedOn-year': '2020', feePence: '', counterparty: '' },
    });
    expect(resend.url()).toContain('done=replayed');
    expect((await placementsOf('walsall')).filter((p) => p.caseRef === 'WAL/2020/0147')).toHaveLength(1);

    await page.getByRole('link', { name: 'Reverse WAL/2020/0147' }).click();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Reverse placement' }).click();
    expect(await errorSummary(page)).toEqual([{ text: 'Reason needs a reason', href: '#reason' }]);
    await expectAccessible(page);
    await page.getByLabel('Why is it being reversed?').fill('recorded against the wrong council');
    await page.getByRole('button', { name: 'Reverse placement' }).click();
    expect(await page.locator('.govuk-notification-banner--success').innerText()).toContain('The placement has been reversed');
    expect(await page.getByText('Reversed: recorded against the wrong council').count()).toBe(1);
    expect((await placementsOf('walsall')).find((p) => p.caseRef === 'WAL/2020/0147')?.reversal).toBeDefined();
    await context.close();
  });

  it('refuses a form without its CSRF token, recording nothing', async () => {
    const { context, page } = await signedIn(browser, system.url, 'raa-manager');
    const before = (await placementsOf('dudley')).length;
    const refused = await page.request.post(PLACEMENTS, { form: { form: 'placement', idempotencyKey: 'a1b2c3d4e5f6a7b8', council: 'dudley', kind: 'in-house', caseRef: 'DUD/2020/0999', 'placedOn-day': '1', 'placedOn-month': '7', 'placedOn-year': '2020' }, maxRedirects: 0 });
    expect(refused.status()).toBe(403);
    expect((await placementsOf('dudley')).length).toBe(before);
    await context.close();
  });
});

describe('placements imported from a case system export', () => {
  const csv = [
    'case reference,council,kind,date,fee,other agency',
    'DUD/2020/0201,Dudley,in-house,03/07/2020,,',
    'WAL/2020/0202,walsall,inter-agency purchase,10/08/2020,"27,000.00",Barnardos',
    'BHM/2020/0203,Birmingham,in-house,12/08/2020,,',
  ].join('\n');

  it('shows each row as new or in error with the reason, imports the good rows, and importing the same file again changes nothing', async () => {
    const { context, page } = await signedIn(browser, system.url, 'raa-manager');
    await visit(page, `${PLACEMENTS}/import`);
    await page.getByLabel('Case system export (CSV)').setInputFiles({ name: 'export.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Preview import' }).click();
    await expectAccessible(page);
    const preview = await page.locator('#import-rows tbody').innerText();
    expect(preview).toMatch(/DUD\/2020\/0201\s+Dudley\s+New/);
    expect(preview).toMatch(/WAL\/2020\/0202\s+walsall\s+New/);
    expect(preview).toContain('"Birmingham" is not a member council of Adoption@Heart');

    await page.getByRole('button', { name: 'Import 2 new placements' }).click();
    await expectAccessible(page);
    expect(await page.locator('.govuk-notification-banner--success').innerText()).toContain('2 placements recorded');
    expect(await page.locator('.govuk-notification-banner--success').innerText()).toContain('0 rows were already recorded and 1 row is in error');
    expect(await page.locator('progress').getAttribute('value')).toBe('3');
    const afterFirst = [...(await placementsOf('dudley')), ...(await placementsOf('walsall'))].length;

    await visit(page, `${PLACEMENTS}/import`);
    await page.getByLabel('Case system export (CSV)').setInputFiles({ name: 'export.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Preview import' }).click();
    await expectAccessible(page);
    const again = await page.locator('#import-rows tbody').innerText();
    expect(again.match(/Already recorded/g)).toHaveLength(2);
    expect(await page.getByText('There is nothing new to import').count()).toBe(1);
    expect([...(await placementsOf('dudley')), ...(await placementsOf('walsall'))].length).toBe(afterFirst);
    await context.close();
  });
});

describe('a quarter’s report: entered, approved, published and read by a Lead Member', () => {
  const QUARTER = `${YEAR}-Q2`;

  it('the manager enters the indicators and starts the report; the SCB approves it; the Lead Member opens the board pack and the extract', async () => {
    const manager = await signedIn(browser, system.url, 'raa-manager');
    await visit(manager.page, `/${AGENCY}/quarters/${QUARTER}/indicators`);
    await manager.page.getByLabel('Summary of the period’s performance and the actions taken').fill('A steady second quarter: recruitment on plan and timeliness inside the national thresholds.');
    await manager.page.getByLabel('A1 actual, The agency').fill('400');
    await manager.page.getByLabel('A2 actual, The agency').fill('110');
    await manager.page.getByLabel('A10 actual, The agency').fill('410');
    await manager.page.getByLabel('ADOPTERS_APPROVED actual, The agency').fill('15');
    await manager.page.getByRole('button', { name: 'Save indicators' }).click();
    expect(await manager.page.locator('.govuk-notification-banner--success').innerText()).toContain('indicators have been saved');
    await expectAccessible(manager.page);

    await visit(manager.page, `/${AGENCY}/quarters/${QUARTER}/report`);
    await manager.page.getByRole('button', { name: 'Start the report' }).click();
    expect(await manager.page.locator('.govuk-notification-banner--success').innerText()).toContain('The report has been started');
    await expectAccessible(manager.page);

    const approvalId = await eventually(async () => {
      const reply = await api.as('raa-manager', 'GET', `/agencies/${AGENCY}/quarters/${QUARTER}/report`);
      if (reply.body.status !== 'awaiting-scb') throw new Error(`report is ${reply.body.status}`);
      return reply.body.approvalId as string;
    });
    for (const member of SCB_MEMBERS) {
      const { context, page } = await signedIn(browser, system.url, member);
      await visit(page, `/${AGENCY}/decisions/${approvalId}`);
      if ((await page.getByRole('button', { name: 'Send decision' }).count()) === 0) {
        await context.close();
        break; // the rule has settled it
      }
      await page.getByLabel('Approve').check();
      await page.getByRole('button', { name: 'Send decision' }).click();
      await expect.poll(() => page.locator('.govuk-notification-banner--success').count()).toBe(1);
      await context.close();
    }
    await eventually(async () => {
      const reply = await api.as('raa-manager', 'GET', `/agencies/${AGENCY}/quarters/${QUARTER}/report`);
      if (reply.body.status !== 'published') throw new Error(`report is ${reply.body.status}`);
    });
    await visit(manager.page, `/${AGENCY}/quarters/${QUARTER}/report`);
    expect(await manager.page.locator('.govuk-summary-list').innerText()).toContain('published');
    await manager.context.close();

    const lead = await signedIn(browser, system.url, 'lead-dudley');
    await visit(lead.page, `/${AGENCY}/reports`);
    await lead.page.getByRole('link', { name: `${QUARTER} board pack` }).click();
    expect(await lead.page.title()).toContain(`performance report ${QUARTER}`);
    expect(await lead.page.locator('svg').count()).toBeGreaterThan(0);
    await visit(lead.page, `/${AGENCY}/reports/${QUARTER}/councils/dudley.html`);
    expect(await lead.page.title()).toContain('Dudley Metropolitan Borough Council extract');
    await visit(lead.page, `/${AGENCY}/reports`);
    const csv = await lead.page.request.get(`/${AGENCY}/reports/${QUARTER}/councils/dudley.csv`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(await csv.text()).toContain('A1');
    const other = await lead.page.request.get(`/${AGENCY}/reports/${QUARTER}/councils/walsall.html`);
    expect(other.status()).toBe(403);
    await lead.context.close();
  }, 240_000);
});
