import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Locator,
  type Page,
} from 'playwright-core';
import { TEST_PASSWORD, type TestApp } from '../../support/test-app';

/** Debian's chromium (installed by .ci/run with apt-get); Playwright never downloads a browser here. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const ARTIFACTS = join(__dirname, '../../../test-artifacts/web');

/** Launches chromium; Playwright gives every launch a fresh temporary user-data-dir, removed on close. */
export function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** The test app listening on a free port; returns its address. */
export async function serve(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 360, height: 740 };

export async function newPage(
  browser: Browser,
  baseURL: string,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    viewport: DESKTOP,
    ...options,
  });
  context.setDefaultTimeout(10_000);
  return { context, page: await context.newPage() };
}

/** Signs in through the sign-in page, as a person would (with another password, or to go on to `next`). */
export async function signInPage(
  browser: Browser,
  baseURL: string,
  email: string,
  { password = TEST_PASSWORD, next, ...options }: BrowserContextOptions & { password?: string; next?: string } = {},
): Promise<Page> {
  const { page } = await newPage(browser, baseURL, options);
  await page.goto(next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in');
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByLabel('パスワード').fill(password);
  await page.getByRole('button', { name: 'サインイン', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  return page;
}

/** No serious or critical axe-core violation (WCAG 2.1 A/AA rules, as JIS X 8341-3 AA asks). */
export async function expectAccessible(page: Page): Promise<void> {
  // WCAG 2.2 AA and axe's best practices (landmarks, heading order), every impact but minor: the pages meet them all.
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const serious = results.violations.filter((violation) => violation.impact !== 'minor');
  expect({
    url: page.url(),
    violations: serious.map(
      (violation) =>
        `${violation.id}: ${violation.help} → ${violation.nodes.map((node) => node.target.join(' ')).join(' | ')}`,
    ),
  }).toEqual({ url: page.url(), violations: [] });
}

/** Nothing wider than the window: tables scroll inside their own region, the page itself never sideways. */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  // A string, evaluated in the page: the test project's TypeScript has no DOM types.
  const { scrollWidth, clientWidth } = await page.evaluate<{ scrollWidth: number; clientWidth: number }>(
    '({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })',
  );
  expect({ url: page.url(), scrollWidth }).toEqual({ url: page.url(), scrollWidth: clientWidth });
}

/** Shown, and inside the window on both axes once scrolled to: nothing of it is cut off at the right. */
export async function expectOnScreen(what: string, locator: Locator): Promise<void> {
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  const { width, height } = locator.page().viewportSize()!;
  // Within a pixel: a box scrolled to the window's edge may end a fraction of a pixel beyond it.
  const inside =
    box !== null && box.x >= 0 && box.x + box.width <= width + 1 && box.y >= -1 && box.y + box.height <= height + 1;
  expect({ what, visible: await locator.isVisible(), inside, box }).toEqual({
    what,
    visible: true,
    inside: true,
    box,
  });
}

/** The panel follows the report: later in the document than ⑧, and lower on the page at this width. */
export async function expectAfterReport(page: Page, panel: string): Promise<void> {
  // A string, evaluated in the page: the test project's TypeScript has no DOM types.
  const follows = await page.evaluate<boolean>(
    `Boolean(document.querySelector('#section-8').compareDocumentPosition(document.querySelector(${JSON.stringify(panel)})) & Node.DOCUMENT_POSITION_FOLLOWING)`,
  );
  const [report, following] = await Promise.all([
    page.locator('#section-8').boundingBox(),
    page.locator(panel).boundingBox(),
  ]);
  expect({ follows, below: following!.y >= report!.y + report!.height }).toEqual({ follows: true, below: true });
}

export function screenshot(page: Page, name: string, fullPage = true): Promise<Buffer> {
  return page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage });
}

/** The page's confirmation banner after a redirect. */
export function notice(page: Page) {
  return page.locator('.notice--success[role="status"]');
}

/** Waits until the element is shown (with the text, if given): the page may still be loading after a click. */
export async function see(locator: Locator, text?: string | RegExp): Promise<void> {
  await (text === undefined ? locator : locator.filter({ hasText: text })).first().waitFor();
}
