/**
 * Who may open which page: each role signed in, every page outside its role
 * a 403 page with none of the page's data; signed out, the sign-in page. The
 * administrator sets up an agency. A case system's export of 2,000 rows is
 * imported through the page without any request running out of time. And the
 * accessibility check the journeys rely on fails a page that is not accessible.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { AGENCY, Client, YEAR_2_PROTOCOL, startSystem } from '../support/local-system.ts';
import { agreeProtocol } from '../support/reference-year.ts';
import { errorSummary, expectAccessible, launchBrowser, signedIn, visit } from '../support/browser.ts';

let system: LocalRuntime;
let api: Client;
let browser: Browser;
const YEAR = '2020-21';
const A = `/${AGENCY}`;

beforeAll(async () => {
  system = await startSystem({ clockStart: new Date('2020-11-20T09:00:00Z') });
  api = new Client(system.url);
  browser = await launchBrowser();
  await agreeProtocol(api, YEAR, { ...YEAR_2_PROTOCOL });
  for (const council of ['dudley', 'sandwell', 'walsall', 'wolverhampton']) {
    const reply = await api.as(`${council === 'sandwell' ? 'trust' : council}-finance`, 'PUT', `${'/agencies'}${A}/years/${YEAR}/forecasts/${council}`, { body: { placements: 600 } });
    expect(reply.status).toBe(200);
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

const PAGES = {
  council: `${A}/years/${YEAR}/councils/dudley`,
  otherCouncil: `${A}/years/${YEAR}/councils/walsall`,
  statements: `${A}/years/${YEAR}/councils/dudley/statements`,
  otherStatements: `${A}/years/${YEAR}/councils/walsall/statements`,
  receipts: `${A}/years/${YEAR}/receipts`,
  decisions: `${A}/decisions`,
  dashboard: `${A}/years/${YEAR}/dashboard`,
  placements: `${A}/years/${YEAR}/placements`,
  import: `${A}/years/${YEAR}/placements/import`,
  reserve: `${A}/reserve`,
  reports: `${A}/reports`,
  agreement: `${A}/agreement`,
};

/** For each role, the pages outside it. */
const OUTSIDE: Record<string, (keyof typeof PAGES)[]> = {
  'dudley-finance': ['otherCouncil', 'otherStatements', 'receipts', 'decisions', 'dashboard', 'placements', 'import', 'reserve', 'reports', 'agreement'],
  'scb-dudley': ['council', 'statements', 'receipts', 'dashboard', 'placements', 'import', 'reserve', 'reports', 'agreement'],
  'raa-manager': ['council', 'statements', 'receipts', 'decisions', 'reports', 'agreement'],
  'lead-dudley': ['council', 'statements', 'receipts', 'decisions', 'dashboard', 'placements', 'import', 'reserve', 'agreement'],
  admin: ['council', 'statements', 'receipts', 'decisions', 'dashboard', 'placements', 'import', 'reserve', 'reports'],
};

describe('the accessibility check every journey relies on', () => {
  const document = (body: string) => `<!DOCTYPE html><html lang="en"><head><title>Check</title></head><body><main><h1>Check</h1>${body}</main></body></html>`;

  it('names what a page gets wrong, every time it is shown, and passes a page with nothing wrong', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.setContent(document('<img src="/chart.png">'));
    await expect(expectAccessible(page)).rejects.toThrow(/image-alt/);
    // A failure is not remembered as a check done: the same document fails again.
    await expect(expectAccessible(page)).rejects.toThrow(/image-alt/);
    // The document's styles are applied where it is checked: grey on white is too faint to read.
    await page.setContent(document('<p style="color: #bbbbbb; background: #ffffff">Due by 31 March</p>'));
    await expect(expectAccessible(page)).rejects.toThrow(/color-contrast/);
    await page.setContent(document('<img src="/chart.png" alt="Placements by quarter"><p>Due by 31 March</p>'));
    await expectAccessible(page);
    await context.close();
  });
});

describe('each role sees a 403 page, not data, outside its role', () => {
  for (const [user, outside] of Object.entries(OUTSIDE)) {
    it(`${user}: ${outside.join(', ')} are 403`, async () => {
      const { context, page } = await signedIn(browser, system.url, user);
      for (const [i, name] of outside.entries()) {
        const response = await page.goto(PAGES[name]);
        expect(response?.status(), `${user} on ${name}`).toBe(403);
        expect(await page.locator('h1').innerText()).toBe('You cannot see this page');
        expect(await page.locator('main').innerText()).not.toMatch(/£\d/);
        if (i === 0) await expectAccessible(page);
      }
      await context.close();
    });
  }

  it('signed out, every page sends the person to sign in and back', async () => {
    const context = await browser.newContext({ baseURL: system.url });
    const page = await context.newPage();
    await page.goto(PAGES.dashboard);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(new URL(page.url()).searchParams.get('then')).toBe(PAGES.dashboard);
    await expectAccessible(page);
    await page.getByLabel('raa-manager', { exact: true }).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(new URL(page.url()).pathname).toBe(PAGES.dashboard);
    await context.close();
  });

  it('GET / no longer 404s: signed in, it is the person’s home with the pages of their role', async () => {
    const { context, page } = await signedIn(browser, system.url, 'trust-finance');
    await visit(page, '/');
    expect(await page.getByRole('link', { name: 'Your council' }).first().getAttribute('href')).toBe(`${A}/years/${YEAR}/councils/sandwell`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    const again = await page.goto('/');
    expect(new URL(again!.url()).pathname).toBe('/sign-in');
    await context.close();
  });

  it('the session cookie is HttpOnly and SameSite=Lax', async () => {
    const { context } = await signedIn(browser, system.url, 'raa-manager');
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'raa_session', httpOnly: true, sameSite: 'Lax' });
    await context.close();
  });
});

describe('the administrator sets up an agency', () => {
  it('fills in the agreement, is told of a chair who is not a seat, corrects it, and the agency is set up', async () => {
    const { context, page } = await signedIn(browser, system.url, 'admin');
    await visit(page, '/north-riding-adoption/agreement');
    await page.getByLabel('Name of the agency').fill('North Riding Adoption');
    await page.getByLabel('Councils and bodies acting for them').fill('north-yorkshire | North Yorkshire Council\nmiddlesbrough | Middlesbrough Council\nredcar-and-cleveland | Redcar and Cleveland Borough Council');
    await page.getByLabel('Host council (its identifier)').fill('north-yorkshire');
    await page.getByLabel('Strategic Commissioning Board seats').fill('north-yorkshire | north-yorkshire\nmiddlesbrough | middlesbrough\nredcar-and-cleveland | redcar-and-cleveland');
    await page.getByLabel('The chair’s seat').fill('whitby');
    await page.getByLabel('Day').fill('1');
    await page.getByLabel('Month').fill('4');
    await page.getByLabel('Year', { exact: true }).fill('2021');
    await page.getByRole('button', { name: 'Set up the agency' }).click();
    expect(await errorSummary(page)).toEqual([{ text: 'The chair’s seat "whitby" is not one of the seats', href: '#chairSeat' }]);
    await expectAccessible(page);
    expect((await api.as('admin', 'GET', '/agencies/north-riding-adoption')).status).not.toBe(200);

    await page.getByLabel('The chair’s seat').fill('redcar-and-cleveland');
    await page.getByRole('button', { name: 'Set up the agency' }).click();
    expect(await page.locator('.govuk-notification-banner--success').innerText()).toContain('The agency has been set up');
    await expectAccessible(page);
    const agency = await api.request('GET', '/agencies/north-riding-adoption', { headers: { authorization: `Bearer ${await api.tokenFor('nra-admin', { groups: ['admin'], agency: 'north-riding-adoption' })}` } });
    expect(agency.body).toMatchObject({ name: 'North Riding Adoption', hostCouncil: 'north-yorkshire', chairSeat: 'redcar-and-cleveland', goLiveOn: '2021-04-01', version: 1 });
    await context.close();
  });
});

describe('a case system export of 2,000 rows', () => {
  it('imports through the page in requests that each finish in time, recording every row once', async () => {
    const councils = [['dudley', 'DUD'], ['sandwell', 'SAN'], ['walsall', 'WAL'], ['wolverhampton', 'WOL']] as const;
    const rows = Array.from({ length: 2000 }, (_, i) => {
      const [council, prefix] = councils[i % 4]!;
      const day = 1 + (i % 28);
      const month = 4 + (Math.floor(i / 28) % 7);
      return `${prefix}/2020/${String(i).padStart(5, '0')},${council},in-house,${day}/${month}/2020,`;
    });
    const csv = ['case reference,council,kind,date,fee', ...rows].join('\n');
    const { context, page } = await signedIn(browser, system.url, 'raa-manager');
    await visit(page, PAGES.import);
    const csrf = await page.locator('input[name="csrf"]').first().inputValue();
    let from = 0;
    let recordedSoFar = 0;
    let requests = 0;
    for (;;) {
      const response = await page.request.post(PAGES.import, { form: { csrf, form: 'import', from: String(from), recordedSoFar: String(recordedSoFar), csv }, timeout: 60_000 });
      expect(response.status()).toBe(200);
      requests++;
      const body = await response.text();
      const next = /name="from" value="(\d+)"/.exec(body);
      const soFar = /name="recordedSoFar" value="(\d+)"/.exec(body);
      if (!next) {
        expect(body).toContain('2000 placements recorded');
        break;
      }
      from = Number(next[1]);
      recordedSoFar = Number(soFar![1]);
      expect(requests).toBeLessThan(40);
    }
    const position = (await api.as('raa-manager', 'GET', `/agencies${A}/years/${YEAR}/position`)).body;
    expect(position.councils.map((c: { council: string; actual: number }) => [c.council, c.actual])).toEqual([['dudley', 500], ['sandwell', 500], ['walsall', 500], ['wolverhampton', 500]]);
    await context.close();
  }, 600_000);
});
