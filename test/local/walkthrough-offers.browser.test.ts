import {
  clickButton,
  describeWithChromium,
  fillField,
  modal,
  openAppMessages,
  openChannel,
  openCommand,
  screenshot,
  usePlayground,
  submitModal,
  switchUser,
  waitForChannelText,
  waitForModal,
  waitForText,
} from '../support/playground-steps';

const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Issue 15 and 14 in the playground, in a browser: a referral tells the offering organization by
 * DM; the offer is edited (announcement updated in place); its text is redacted.
 * Screenshots land in test-output/playground/.
 */
jest.setTimeout(90_000);

describeWithChromium('offers walkthrough browser test')('local playground: edit, notification, redaction', () => {
  const session = usePlayground();

  it('a referral DMs the offering organization; the offer is edited and its text redacted', async () => {
    const { page } = session;
    await switchUser(page, 'Giulia Bressan');
    await openChannel(page, 'generale');
    await openCommand(page, '/offerta canale #offerte-inserimento');
    await waitForChannelText(page, 'Le nuove offerte saranno annunciate in #offerte-inserimento');

    await switchUser(page, 'Marco Furlan');
    await openChannel(page, 'offerte-inserimento');
    await openCommand(page, '/offerta');
    await waitForModal(page, 'Nuova offerta');
    await fillField(page, 'Mansione', 'Addetta alla cucina');
    await fillField(page, 'Settore', 'Ristorazione');
    await fillField(page, 'Tipo di contratto', 'Tirocinio');
    await fillField(page, 'Luogo di lavoro (comune)', 'Gorizia');
    await fillField(page, 'Scadenza candidature', inDays(30));
    await fillField(page, 'Requisiti', 'Turni con la referente Bianchi');
    await fillField(page, 'Aperta a', ['Ex detenute']);
    await submitModal(page);
    await modal(page).waitFor({ state: 'detached' });
    await waitForChannelText(page, 'Offerta #1: Addetta alla cucina');

    await switchUser(page, 'Sara Colombo');
    await openChannel(page, 'offerte-inserimento');
    await clickButton(page, 'Segnala candidata');
    await waitForModal(page, 'Segnala candidata');
    await fillField(page, 'Codice pseudonimo della candidata', 'UEPE-2026-014');
    await submitModal(page);
    await modal(page).waitFor({ state: 'detached' });

    // The notification: Marco's organization is told by DM.
    await switchUser(page, 'Marco Furlan');
    await openAppMessages(page);
    await waitForChannelText(page, 'Nuova segnalazione per l’offerta #1');
    await screenshot(page, '60-offerte-notifica');

    // The edit: from the command, the form prefilled; the announcement changes in place.
    await openChannel(page, 'offerte-inserimento');
    await openCommand(page, '/offerta modifica 1');
    await waitForModal(page, 'Modifica offerta');
    expect(await modal(page).getByLabel('Mansione', { exact: true }).inputValue()).toBe('Addetta alla cucina');
    await fillField(page, 'Mansione', 'Aiuto cuoca');
    await submitModal(page);
    await modal(page).waitFor({ state: 'detached' });
    const announcement = page.locator('#surface .msg', { hasText: 'Offerta #1: ' }).first();
    await waitForText(announcement, 'Aiuto cuoca');
    await screenshot(page, '61-offerte-modifica');

    // The redaction: the name typed by mistake goes from the announcement.
    await openCommand(page, '/offerta correggi 1');
    await waitForModal(page, 'Correggi testi');
    await fillField(page, 'Requisiti', 'Turni serali');
    await submitModal(page);
    await modal(page).waitFor({ state: 'detached' });
    await waitForText(announcement, 'Turni serali');
    expect(await announcement.innerText()).not.toContain('Bianchi');
    await screenshot(page, '62-offerte-correzione');
  });
});
