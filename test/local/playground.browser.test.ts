import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppConfig, LocalModeConfig } from '../../src/config';
import { MEMORY } from '../../src/db';
import { silentLogger } from '../../src/lib/logger';
import { startLocal, type LocalPlayground } from '../../src/local/start';
import {
  CHROMIUM,
  clickButton,
  closeModal,
  fieldError,
  fillField,
  hasChromium,
  launchBrowser,
  modal,
  openAppHome,
  openAppMessages,
  openChannel,
  openCommand,
  openPlayground,
  readChannel,
  screenshot,
  submitModal,
  switchUser,
  waitForChannelText,
  waitForModal,
  waitForText,
} from '../support/playground-steps';

/**
 * The local playground in a real browser, against the real app: `/rete` commands, the
 * `/rete ente nuovo` modal with a validation error fixed in place, a permission refusal, an
 * English-speaking member, the App Home tab. Screenshots land in test-output/playground/.
 */
const describeWithChromium = hasChromium() ? describe : describe.skip;
if (!hasChromium()) {
  console.warn(`playground browser test skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium; .ci/run installs it)`);
}

describeWithChromium('local playground in a browser', () => {
  let playground: LocalPlayground;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let stateDir: string;

  beforeAll(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'isonew-playground-'));
    const config: AppConfig & { local: LocalModeConfig } = {
      slack: { botToken: '', signingSecret: '', apiUrl: 'https://slack.com/api/' },
      port: 3000,
      database: { kind: 'pglite', dataDir: MEMORY },
      timezone: 'Europe/Rome',
      defaultLocale: 'it',
      adminUserIds: [],
      logLevel: 'silent',
      prettyLogs: false,
      referralRetentionMonths: 24,
      local: { host: '127.0.0.1', port: 0, stateDir },
    };
    playground = await startLocal(config, { logger: silentLogger(), scheduleJobs: false, publisher: { minIntervalMs: 200, sweepMs: 200 } });
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await playground?.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  it('runs /rete as the coordinator: help, directory with names, me', async () => {
    const { page } = browser;
    await openPlayground(page, playground.url);
    await switchUser(page, 'Giulia Bressan');
    await openChannel(page, 'generale');
    await openCommand(page, '/rete aiuto');
    await waitForChannelText(page, 'Comandi di /rete');
    await openCommand(page, '/rete lista');
    await waitForChannelText(page, 'Rete ISO.NEW: enti e referenti');
    const text = await readChannel(page);
    // Mentions show as names, mrkdwn bold as <strong>, and the reply is only for the coordinator.
    expect(text).toContain('@Marco Furlan (partner)');
    expect(text).toContain('@Giulia Bressan (coordinatore)');
    expect(text).toContain('Visibile solo a te');
    expect(await page.locator('#surface strong', { hasText: 'Provincia di Gorizia' }).count()).toBeGreaterThan(0);
    await screenshot(page, '01-rete-lista');
  });

  it('creates an organization through the modal, fixing a validation error in place', async () => {
    const { page } = browser;
    await openCommand(page, '/rete ente nuovo');
    await waitForModal(page, 'Nuovo ente');
    await fillField(page, 'Nome dell’ente', 'Cooperativa sociale La Quercia');
    await fillField(page, 'Sigla', 'LA QUERCIA');
    await fillField(page, 'Tipo di ente', 'cooperativa sociale');
    await submitModal(page);
    expect(await fieldError(page, 'Sigla')).toContain('senza spazi');
    // What was typed is still there; only the wrong field changes.
    expect(await modal(page).getByLabel('Nome dell’ente', { exact: true }).inputValue()).toBe('Cooperativa sociale La Quercia');
    await screenshot(page, '02-ente-nuovo-errore');
    await fillField(page, 'Sigla', 'QUERCIA');
    await submitModal(page);
    await modal(page).waitFor({ state: 'detached' });
    await waitForChannelText(page, 'Ente aggiunto: Cooperativa sociale La Quercia (QUERCIA)');
    await openCommand(page, '/rete lista');
    await waitForChannelText(page, 'Cooperativa sociale La Quercia');
    await screenshot(page, '03-ente-aggiunto');
  });

  it('closes a modal with Cancel and refuses the form to a partner', async () => {
    const { page } = browser;
    await openCommand(page, '/rete ente nuovo');
    await waitForModal(page, 'Nuovo ente');
    await closeModal(page);
    await switchUser(page, 'Marco Furlan');
    const before = await page.locator('#surface .msg').count();
    // The coordinator's ephemeral replies are not shown to someone else.
    expect(await readChannel(page)).not.toContain('Ente aggiunto');
    await openCommand(page, '/rete ente nuovo');
    await waitForChannelText(page, 'coordinator');
    expect(await page.locator('#surface .msg').count()).toBeGreaterThan(before);
    expect(await modal(page).count()).toBe(0);
    await screenshot(page, '04-partner-rifiutato');
  });

  it('answers an English-speaking member in English, in the DM with the app too', async () => {
    const { page } = browser;
    await switchUser(page, 'Emma Clarke');
    await waitForText(page.locator('#channels-heading'), 'Channels');
    await openAppMessages(page);
    await openCommand(page, '/rete me');
    await waitForChannelText(page, 'partner');
    expect(await readChannel(page)).toContain('Ente ACLI istruzione professionale FVG');
    await openCommand(page, '/rete help');
    await waitForChannelText(page, 'Only visible to you');
    await screenshot(page, '05-english-dm');
  });

  it('opens the App Home tab', async () => {
    const { page } = browser;
    await switchUser(page, 'Giulia Bressan');
    await openAppHome(page);
    // This branch's app publishes no Home tab yet: the playground says so instead of a blank page.
    const published = await page.locator('#surface .home').count();
    if (published) expect(await page.locator('#surface .home .bk-block').count()).toBeGreaterThan(0);
    else await waitForText(page.locator('#home-placeholder'), 'Home');
    await screenshot(page, '06-app-home');
  });

  it('keeps a button click and a message in the channel working', async () => {
    const { page } = browser;
    await openChannel(page, 'tavolo-iso-new');
    await openCommand(page, 'Ciao a tutti <b>non è HTML</b>');
    await waitForChannelText(page, 'Ciao a tutti <b>non è HTML</b>');
    expect(await page.locator('#surface b').count()).toBe(0);
    // Buttons of messages are wired to block_actions (none in /rete today; see the unit tests).
    expect(typeof clickButton).toBe('function');
  });
});
