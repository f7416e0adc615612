/**
 * The pages in a real browser: Debian's Chromium driven by playwright-core
 * (never a downloaded browser), one browser per test file, and axe-core's
 * WCAG 2.2 AA rules run on every page a journey visits.
 */
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Contexts with JavaScript turned off, and the JavaScript-enabled twin that checks their pages (axe runs as a script in the page). */
const withoutScript = new WeakMap<BrowserContext, BrowserContext | undefined>();

/** Every page visited is checked: no WCAG 2.2 AA violation. */
export async function expectAccessible(page: Page): Promise<void> {
  let checked = page;
  if (withoutScript.has(page.context())) {
    // The same document, as the browser received it, in a twin that may run axe: same address, so its stylesheet applies.
    let twin = withoutScript.get(page.context());
    if (!twin) withoutScript.set(page.context(), (twin = await page.context().browser()!.newContext({ storageState: await page.context().storageState() })));
    checked = await twin.newPage();
    await checked.goto(page.url());
    await checked.setContent(await page.content(), { waitUntil: 'load' });
  }
  // axe.run in the page itself (legacy mode): the default runs axe per frame and then again in a blank page of
  // its own to merge them, which only cross-origin frames need, and no page here has a frame (its CSP allows none).
  // Passes and incomplete results are counted, not collected: only the violations are read.
  const results = await new AxeBuilder({ page: checked }).options({ resultTypes: ['violations'] }).withTags(WCAG_22_AA).setLegacyMode(true).analyze();
  if (checked !== page) await checked.close();
  const violations = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(violations, `accessibility of ${page.url()}`).toEqual([]);
}

/** A person at a browser: signed in through the local sign-in page, as one of the seeded users. */
export async function signedIn(browser: Browser, baseURL: string, user: string, options: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: options.javaScriptEnabled ?? true });
  if (options.javaScriptEnabled === false) withoutScript.set(context, undefined);
  const page = await context.newPage();
  await page.goto('/sign-in');
  await expectAccessible(page);
  await page.getByLabel(user, { exact: true }).check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in');
  return { context, page };
}

/** Goes to a page and checks it. */
export async function visit(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expectAccessible(page);
}

/** The texts of the GOV.UK error summary's links, and where each points. */
export async function errorSummary(page: Page): Promise<{ text: string; href: string | null }[]> {
  const links = page.locator('.govuk-error-summary__list a');
  const count = await links.count();
  const out: { text: string; href: string | null }[] = [];
  for (let i = 0; i < count; i++) out.push({ text: (await links.nth(i).innerText()).trim(), href: await links.nth(i).getAttribute('href') });
  return out;
}
