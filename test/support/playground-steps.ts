import { testConfig } from './platform';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { AppConfig, LocalModeConfig } from '../../src/platform/config';
import { MEMORY } from '../../src/platform/database';
import { silentLogger } from '../../src/platform/logger';
import { startLocal, type LocalPlayground } from '../../src/local/start';

/**
 * Small reusable steps for driving the local playground in a browser: each step acts like a
 * person would and waits for what they would see. Compose them per flow (offers, table,
 * polls…) in test/local/*.browser.test.ts.
 */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = (): boolean => fs.existsSync(CHROMIUM);
export const SCREENSHOTS = path.join(__dirname, '..', '..', 'test-output', 'playground');

/** `describe` where Chromium is installed, else `describe.skip` with a message saying why. */
export function describeWithChromium(what: string): jest.Describe {
  if (hasChromium()) return describe;
  console.warn(`${what} skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium; .ci/run installs it)`);
  return describe.skip;
}

/**
 * The local playground as `npm start` runs it (in-memory database, demo data, state under a
 * scratch folder, no scheduled jobs) with a browser: one per test file, from `beforeAll`.
 */
export async function startPlayground(): Promise<{ playground: LocalPlayground; browser: Awaited<ReturnType<typeof launchBrowser>>; stop(): Promise<void> }> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'isonew-playground-'));
  const local: LocalModeConfig = { host: '127.0.0.1', port: 0, stateDir };
  const config = {
    ...testConfig({ apiUrl: 'https://slack.com/api/', database: { kind: 'pglite', dataDir: MEMORY } }, { slack: { botToken: '', signingSecret: '', apiUrl: 'https://slack.com/api/' }, port: 3000 }),
    local,
  };
  const playground = await startLocal(config, { logger: silentLogger(), scheduleJobs: false, publisher: { minIntervalMs: 200, sweepMs: 200 } });
  const browser = await launchBrowser().catch(async (error: unknown) => {
    await playground.stop();
    throw error;
  });
  return {
    playground,
    browser,
    stop: async () => {
      await browser.close();
      await playground.stop();
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** The playground and its page, as a test reads them once `usePlayground` has started them. */
export interface PlaygroundSession {
  readonly playground: LocalPlayground;
  readonly page: Page;
}

/**
 * The playground and a browser for the tests of one `describe`: started in `beforeAll` (the page
 * already on the playground unless `open: false`), stopped in `afterAll`. Read `page` and
 * `playground` inside the tests (they exist once `beforeAll` has run).
 */
export function usePlayground(options: { open?: boolean; timeout?: number } = {}): PlaygroundSession {
  let started: Awaited<ReturnType<typeof startPlayground>> | undefined;
  beforeAll(async () => {
    started = await startPlayground();
    if (options.open !== false) await openPlayground(started.browser.page, started.playground.url);
  }, options.timeout ?? 90_000);
  afterAll(async () => {
    await started?.stop();
  });
  const running = (): NonNullable<typeof started> => {
    if (!started) throw new Error('the playground is not running: usePlayground() starts it in beforeAll');
    return started;
  };
  return {
    get playground() {
      return running().playground;
    },
    get page() {
      return running().browser.page;
    },
  };
}

/** System Chromium, headless, with the flags a machine with no network access needs. */
export async function launchBrowser(): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'isonew-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1200, height: 850 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('dialog', (dialog) => void dialog.accept());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Where the README's pictures are, refreshed by the browser tests when UPDATE_DOC_IMAGES=1. */
export const DOC_IMAGES = path.join(__dirname, '..', '..', 'docs', 'images');

/**
 * A screenshot of one element (cropped to it) into test-output/playground/<name>.png; with
 * UPDATE_DOC_IMAGES=1 also into docs/images/<docName>.png, the copy the README shows.
 */
export async function screenshotElement(locator: Locator, name: string, docName?: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  let png: Buffer;
  for (let attempt = 1; ; attempt++) {
    try {
      png = await locator.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), animations: 'disabled' });
      break;
    } catch (error) {
      // The page redraws the conversation when anything arrives: the element is found again.
      if (attempt >= 3 || !String(error).includes('not attached')) throw error;
    }
  }
  if (docName && process.env.UPDATE_DOC_IMAGES === '1') {
    fs.mkdirSync(DOC_IMAGES, { recursive: true });
    fs.writeFileSync(path.join(DOC_IMAGES, `${docName}.png`), png);
  }
}

/** Waits until the locator's text contains `text`. */
export async function waitForText(locator: Locator, text: string, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const content = (await locator.allTextContents().catch(() => [])).join('\n');
    if (content.includes(text)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for "${text}"; saw:\n${content.slice(-1500)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function openPlayground(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('#who option').first().waitFor({ state: 'attached' });
}

/** Chooses who you are (by display name). */
export async function switchUser(page: Page, name: string): Promise<void> {
  const [id] = await page.locator('#who').selectOption({ label: name });
  // The page marks whose workspace it shows once that person's state has loaded.
  await page.locator(`body[data-user="${id}"]`).waitFor({ state: 'attached' });
}

export async function openChannel(page: Page, name: string): Promise<void> {
  await page.locator('#channels button', { hasText: `# ${name}` }).click();
  await waitForText(page.locator('#title'), `# ${name}`);
}

export async function openAppHome(page: Page): Promise<void> {
  await page.locator('#nav-home').click();
  await page.locator('#surface .home, #home-placeholder').first().waitFor();
}

export async function openAppMessages(page: Page): Promise<void> {
  await page.locator('#nav-messages').click();
  await page.locator('#composer').waitFor();
}

/** Types a slash command (or a message) in the composer of the open channel. */
export async function openCommand(page: Page, text: string): Promise<void> {
  await page.locator('#composer-input').fill(text);
  await page.locator('#composer-input').press('Enter');
}

/** What the open channel shows, as text. */
export async function readChannel(page: Page): Promise<string> {
  return page.locator('#surface').innerText();
}

export async function waitForChannelText(page: Page, text: string): Promise<void> {
  await waitForText(page.locator('#surface'), text);
}

export function modal(page: Page): Locator {
  return page.getByRole('dialog');
}

export async function waitForModal(page: Page, title: string): Promise<void> {
  await waitForText(modal(page).locator('#modal-title'), title);
}

/** Fills a modal field by its label, whatever the element (text, number, date, time, selects, choices). */
export async function fillField(page: Page, label: string, value: string | string[]): Promise<void> {
  const field = modal(page).getByLabel(label, { exact: true });
  const type = await field.getAttribute('data-type');
  const values = Array.isArray(value) ? value : [value];
  if (type === 'checkboxes' || type === 'radio_buttons') {
    for (const v of values) await field.getByLabel(v).check();
    return;
  }
  if (await field.evaluate((el) => el.tagName === 'SELECT')) {
    await field.selectOption(values.map((v) => ({ label: v })));
    return;
  }
  await field.fill(values[0] ?? '');
}

export async function submitModal(page: Page): Promise<void> {
  await modal(page).locator('[data-modal="submit"]').click();
}

export async function closeModal(page: Page): Promise<void> {
  await modal(page).locator('footer [data-modal="close"]').click();
  await modal(page).waitFor({ state: 'detached' });
}

/** The error shown under a modal field, once there is one. */
export async function fieldError(page: Page, label: string): Promise<string> {
  const block = modal(page).locator('.bk-input', { has: page.getByText(label, { exact: true }) });
  const error = block.locator('.bk-error');
  await block.locator('.bk-error:not(:empty)').waitFor();
  return error.innerText();
}

const exactly = (text: string): RegExp => new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);

/**
 * Clicks a button in a message (the last one with exactly that text, so "Partecipo" is not
 * "Non partecipo"), in the open channel, Home tab or modal; `within` picks the one in the last
 * block that also shows that text (the "Vota" next to a poll's option).
 */
export async function clickButton(page: Page, text: string, within?: string): Promise<void> {
  const button = page.locator('.bk-interactive', { hasText: exactly(text) });
  const scope = within ? page.locator('#surface .bk-block, .modal .bk-block', { hasText: within, has: button }).last() : page.locator('#surface, .modal');
  await scope.locator('.bk-interactive', { hasText: exactly(text) }).last().click();
}

/** Picks an option of a select or overflow menu in a message, found by its current option texts. */
export async function chooseInMessage(page: Page, optionText: string): Promise<void> {
  const select = page.locator('#surface select.bk-interactive', { has: page.locator('option', { hasText: optionText }) }).last();
  await select.selectOption({ label: optionText });
}

/** Downloads a file shown in the open conversation (by its title) and returns its name and text. */
export async function downloadFile(page: Page, title: string): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#surface a.file', { hasText: title }).last().click()]);
  return { name: download.suggestedFilename(), text: fs.readFileSync(await download.path(), 'utf8') };
}
