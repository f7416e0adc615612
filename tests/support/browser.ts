/**
 * The pages in a real browser: Debian's Chromium driven by playwright-core
 * (never a downloaded browser), one browser per test file, and axe-core's
 * WCAG 2.2 AA rules run on every page a journey visits.
 */
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { expect } from 'vitest';

/**
 * Debian's Chromium in its headless shell (the package chromium-headless-shell: the same build, without the
 * browser's windows and UI), which is what Playwright itself runs headless. A new page in the full browser's
 * headless mode cost ~0.6 s of CPU and a navigation ~0.17 s; in the shell ~0.26 s and ~0.07 s, which halved the
 * browser tests' time on 2 cores. Where the shell is not installed, the full browser runs the same tests.
 */
export const CHROMIUM = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].find((path) => existsSync(path)) ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Where each browser checks documents: one page, JavaScript on (axe is a script), that loads axe once. axe is
 * ~550 KB, and compiling it again in every new context's renderer cost ~0.6 s a check, most of a journey's time;
 * a page keeps its window, and so axe, when the next document is written into it.
 */
interface Checker {
  page: Page;
  origin: string;
  /** One check at a time: each writes its document into the same page. */
  queue: Promise<unknown>;
  /** Digests (origin, viewport, markup without its tokens) of the documents found accessible: axe reads only these, so the answer is the same. */
  passed: Set<string>;
}
const checkers = new WeakMap<Browser, Promise<Checker>>();

/** The browser's checking page, made on its first check; kept as a promise so checks started together share one. */
function checkerOf(browser: Browser): Promise<Checker> {
  let checker = checkers.get(browser);
  if (!checker) {
    checker = browser.newContext().then(async (context) => ({ page: await context.newPage(), origin: '', queue: Promise.resolve(), passed: new Set<string>() }));
    checkers.set(browser, checker);
  }
  return checker;
}

/**
 * The markup with its per-session and per-form tokens blanked: a hidden input's value is nothing axe reads, and
 * without it the same page seen by another sign-in, or rendered again with a fresh idempotency key, is known.
 */
function withoutTokens(markup: string): string {
  return markup.replace(/(name="(?:csrf|idempotencyKey)" value=")[^"]*"/g, '$1"');
}

/**
 * Every page visited is checked: no WCAG 2.2 AA violation. The page's document as the browser holds it is written
 * into the browser's checking page at the same origin and viewport, so its stylesheet applies; a page without
 * JavaScript is checked the same way, since axe could not run in it.
 */
export async function expectAccessible(page: Page): Promise<void> {
  const origin = new URL(page.url()).origin;
  const viewport = page.viewportSize();
  const markup = await page.content();
  const digest = createHash('sha256').update([origin, JSON.stringify(viewport), withoutTokens(markup)].join('\0')).digest('hex');
  const checker = await checkerOf(page.context().browser()!);
  const check = checker.queue.then(async () => {
    if (checker.passed.has(digest)) return [];
    if (checker.origin !== origin) {
      await checker.page.goto(page.url());
      checker.origin = origin;
    }
    if (viewport) await checker.page.setViewportSize(viewport);
    await checker.page.setContent(markup, { waitUntil: 'load' });
    // Once axe is in the page, the builder is handed an empty source to inject in its place.
    const loaded = await checker.page.evaluate('typeof window.axe === "object"');
    // Legacy mode runs axe.run in the page itself: the default runs axe per frame and then again in a blank page of
    // its own to merge them, which only cross-origin frames need, and no page here has a frame (its CSP allows none).
    // Passes and incomplete results are counted, not collected: only the violations are read.
    const results = await new AxeBuilder({ page: checker.page, ...(loaded ? { axeSource: ';' } : {}) })
      .options({ resultTypes: ['violations'] })
      .withTags(WCAG_22_AA)
      .setLegacyMode(true)
      .analyze();
    const violations = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    if (violations.length === 0) checker.passed.add(digest);
    return violations;
  });
  checker.queue = check.catch(() => undefined);
  const violations = await check;
  expect(violations, `accessibility of ${page.url()}: ${violations.join('; ')}`).toEqual([]);
}

/** A person at a browser: signed in through the local sign-in page, as one of the seeded users. */
export async function signedIn(browser: Browser, baseURL: string, user: string, options: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: options.javaScriptEnabled ?? true });
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
