import {
  clickButton,
  downloadFile,
  fieldError,
  fillField,
  describeWithChromium,
  modal,
  openAppHome,
  openAppMessages,
  openChannel,
  openCommand,
  readChannel,
  screenshot,
  usePlayground,
  submitModal,
  switchUser,
  waitForChannelText,
  waitForModal,
  waitForText,
} from '../support/playground-steps';

/** A calendar day `days` from today, as a date picker's value. */
const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The real flows of the app in the local playground, in a browser, as the README's one-minute
 * walkthrough: a partner publishes an offer (fixing a past deadline in place) and another
 * refers a candidate; the coordinator convenes the table and sees a member's RSVP; a poll gets
 * two votes; the App Home for a partner and the coordinator; the digest preview; the CSV and
 * .ics files the app sends to the DM download. Screenshots land in test-output/playground/.
 */
// Generous per-test time for a loaded machine: every step waits for what it needs, none sleeps.
jest.setTimeout(60_000);

describeWithChromium('playground flows browser test')('local playground: the real flows in a browser', () => {
  const session = usePlayground({ timeout: 60_000 });

  it('offers: a partner publishes an offer, fixing a past deadline in place; another partner refers a candidate, an observer cannot', async () => {
    const { page } = session;
    // The coordinator says where offers are announced (the channel typed as #name, as in Slack).
    await switchUser(page, 'Giulia Bressan');
    await openChannel(page, 'generale');
    await openCommand(page, '/offerta canale #offerte-inserimento');
    await waitForChannelText(page, 'Le nuove offerte saranno annunciate in #offerte-inserimento');

    await switchUser(page, 'Marco Furlan');
    await openChannel(page, 'generale');
    await openCommand(page, '/offerta');
    await waitForModal(page, 'Nuova offerta');
    await fillField(page, 'Mansione', 'Addetta alla cucina');
    await fillField(page, 'Settore', 'Ristorazione');
    await fillField(page, 'Tipo di contratto', 'Tirocinio');
    await fillField(page, 'Luogo di lavoro (comune)', 'Gorizia');
    await fillField(page, 'Scadenza candidature', '2020-01-15');
    await fillField(page, 'Aperta a', ['Ex detenute']);
    // A partner offers for their own organization: the form chooses it for them.
    expect(await modal(page).getByLabel('Ente che offre', { exact: true }).inputValue()).not.toBe('');
    await submitModal(page);
    expect(await fieldError(page, 'Scadenza candidature')).toContain('già passata');
    expect(await modal(page).getByLabel('Mansione', { exact: true }).inputValue()).toBe('Addetta alla cucina');
    await screenshot(page, '10-offerta-errore');
    await fillField(page, 'Scadenza candidature', inDays(30));
    await submitModal(page);
    await modal(page).waitFor({ state: 'detached' });
    await waitForChannelText(page, 'Offerta #1 Addetta alla cucina registrata: sarà annunciata in #offerte-inserimento');
    await openChannel(page, 'offerte-inserimento');
    await waitForChannelText(page, 'Offerta #1: Addetta alla cucina');
    const announcement = page.locator('#surface .msg', { hasText: 'Offerta #1: Addetta alla cucina' }).last();
    for (const button of ['Segnala candidata', 'Aggiorna stato', 'Dettagli']) expect(await announcement.locator('.bk-interactive', { hasText: button }).count()).toBe(1);
    // Emoji shortcodes show as emoji.
    expect(await announcement.innerText()).toContain('🟢 Stato: aperta');
    await screenshot(page, '11-offerta-annuncio');

    await switchUser(page, 'Sara Colombo');
    await openChannel(page, 'offerte-inserimento');
    await clickButton(page, 'Segnala candidata');
    await waitForModal(page, 'Segnala candidata');
    await fillField(page, 'Codice pseudonimo della candidata', 'Maria Rossi');
    await submitModal(page);
    expect(await fieldError(page, 'Codice pseudonimo della candidata')).toContain('codice');
    await fillField(page, 'Codice pseudonimo della candidata', 'UEPE-2026-014');
    await submitModal(page);
    await modal(page).waitFor({ state: 'detached' });
    await waitForChannelText(page, 'Segnalazione UEPE-2026-014 registrata');
    // The announcement everyone sees counts the referral, never shows the code.
    await waitForText(announcement, '1 segnalazione');
    expect(await announcement.innerText()).not.toContain('UEPE-2026-014');
    await screenshot(page, '12-offerta-segnalazione');

    // An observer reads the offers but cannot refer.
    await switchUser(page, 'Paolo Marega');
    await openChannel(page, 'offerte-inserimento');
    await clickButton(page, 'Segnala candidata');
    await waitForChannelText(page, 'gli osservatori possono consultare ma non modificare');
    expect(await modal(page).count()).toBe(0);
  });

  it('table: the coordinator convenes the table and sees a member’s RSVP in the attendance per organization', async () => {
    const { page } = session;
    await switchUser(page, 'Giulia Bressan');
    await openChannel(page, 'tavolo-iso-new');
    await openCommand(page, '/tavolo convoca');
    await waitForModal(page, 'Convoca il tavolo');
    await fillField(page, 'Data', inDays(10));
    await fillField(page, 'Ora di inizio', '10:00');
    await fillField(page, 'Ora di fine', '12:00');
    await fillField(page, 'Luogo', 'Sala consiliare, Gorizia');
    await fillField(page, 'Ordine del giorno', 'Borse lavoro 2027\nNuove offerte');
    await fillField(page, 'Enti invitati', ['PROV-GO · Provincia di Gorizia', 'LEGACOOP · Legacoop FVG', 'UEPE · UEPE Udine']);
    await fillField(page, 'Canale della convocazione', '#tavolo-iso-new');
    await screenshot(page, '20-tavolo-convoca');
    await submitModal(page);
    await modal(page).waitFor({ state: 'detached' });
    await waitForChannelText(page, 'Presenze per ente');
    const notice = page.locator('#surface .msg', { hasText: 'Presenze per ente' }).last();
    await waitForText(notice, 'LEGACOOP · nessuna risposta');

    await switchUser(page, 'Marco Furlan');
    await openChannel(page, 'tavolo-iso-new');
    await clickButton(page, 'Partecipo');
    await waitForChannelText(page, 'Registrato: partecipi al tavolo n. 1.');

    await switchUser(page, 'Giulia Bressan');
    await openChannel(page, 'tavolo-iso-new');
    await waitForText(notice, 'LEGACOOP · confermato');
    await waitForText(notice, '1 confermato');
    expect(await notice.innerText()).toContain('UEPE · nessuna risposta');
    await screenshot(page, '21-tavolo-presenze');
  });

  it('polls: a poll gets two votes and its counts update', async () => {
    const { page } = session;
    await openChannel(page, 'generale');
    await openCommand(page, '/sondaggio');
    await waitForModal(page, 'Nuovo sondaggio');
    await fillField(page, 'Tipo', 'Domanda a scelta');
    await fillField(page, 'Domanda', 'Quale tema al primo punto?');
    await fillField(page, 'Opzioni (domanda a scelta)', 'Borse lavoro\nFormazione');
    await fillField(page, 'Chi vota', 'Ogni persona');
    await fillField(page, 'Canale', '#generale');
    await submitModal(page);
    await modal(page).waitFor({ state: 'detached' });
    const poll = page.locator('#surface .msg', { hasText: 'Quale tema al primo punto?' }).last();
    await waitForText(poll, '0 risposte');
    await clickButton(page, 'Vota', 'Borse lavoro');
    await waitForText(poll, '1 voto · @Giulia Bressan');

    await switchUser(page, 'Sara Colombo');
    await openChannel(page, 'generale');
    await clickButton(page, 'Vota', 'Formazione');
    await waitForText(poll, '1 voto · @Sara Colombo');
    const text = await poll.innerText();
    expect(text).toContain('2 risposte');
    expect(text).toMatch(/Borse lavoro\s+\S+ 1 voto · @Giulia Bressan/);
    await screenshot(page, '30-sondaggio-voti');
  });

  it('opens the App Home for a partner and for the coordinator, and previews the digest', async () => {
    const { page } = session;
    await switchUser(page, 'Sara Colombo');
    await openAppHome(page);
    await waitForText(page.locator('#surface .home'), 'la tua bacheca');
    expect(await readChannel(page)).toContain('UEPE');
    expect(await readChannel(page)).not.toContain('Indicatori della rete');
    await screenshot(page, '40-home-partner');

    await switchUser(page, 'Giulia Bressan');
    await openAppHome(page);
    await waitForText(page.locator('#surface .home'), 'Indicatori della rete');
    await screenshot(page, '41-home-coordinatore');

    await openChannel(page, 'generale');
    await openCommand(page, '/riepilogo anteprima');
    await waitForChannelText(page, 'Riepilogo settimanale ISO.NEW');
    await screenshot(page, '42-riepilogo-anteprima');
  });

  it('downloads the offers CSV and the meeting’s .ics from the DM with the app', async () => {
    const { page } = session;
    await openAppMessages(page);
    await openCommand(page, '/offerta esporta');
    await waitForChannelText(page, 'CSV inviato');
    const csv = await downloadFile(page, 'Offerte ISO.NEW');
    expect(csv.name).toMatch(/^offerte-isonew-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.text).toContain('Addetta alla cucina');
    expect(csv.text).not.toContain('UEPE-2026-014');

    await openChannel(page, 'tavolo-iso-new');
    await clickButton(page, 'Calendario (.ics)');
    await waitForText(page.locator('#nav-messages .badge'), '1');
    await openAppMessages(page);
    await waitForChannelText(page, 'tavolo-1.ics');
    const ics = await downloadFile(page, 'Tavolo n. 1');
    expect(ics.name).toBe('tavolo-1.ics');
    expect(ics.text).toContain('BEGIN:VCALENDAR');
    expect(ics.text).toContain('LOCATION:Sala consiliare\\, Gorizia');
    await screenshot(page, '50-dm-file');
  });
});
