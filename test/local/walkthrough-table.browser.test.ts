import {
  clickButton,
  describeWithChromium,
  downloadFile,
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

/** A calendar day `days` from today, as a date picker's value. */
const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The table's walkthrough in the local playground, in a browser: the coordinator convenes the
 * table, a partner gets the invitation by DM and answers; the coordinator moves the meeting; the
 * answer goes back to "no answer" on the notice and the partner's DM is the updated calendar
 * file itself. Screenshots land in test-output/playground/.
 */
jest.setTimeout(90_000);

describeWithChromium('table walkthrough browser test')('local playground: a reschedule and its DM', () => {
  const session = usePlayground();

  it('convenes, answers, moves the meeting, and the partner gets the new calendar file by DM', async () => {
    const { page } = session;
    await switchUser(page, 'Giulia Bressan');
    await openChannel(page, 'tavolo-iso-new');
    await openCommand(page, '/tavolo convoca');
    await waitForModal(page, 'Convoca il tavolo');
    await fillField(page, 'Data', inDays(10));
    await fillField(page, 'Ora di inizio', '10:00');
    await fillField(page, 'Ora di fine', '12:00');
    await fillField(page, 'Luogo', 'Sala consiliare, Gorizia');
    await fillField(page, 'Enti invitati', ['PROV-GO · Provincia di Gorizia', 'LEGACOOP · Legacoop FVG']);
    await fillField(page, 'Canale della convocazione', '#tavolo-iso-new');
    await submitModal(page);
    await modal(page).waitFor({ state: 'detached' });
    const notice = page.locator('#surface .msg', { hasText: 'Presenze per ente' }).last();
    await waitForText(notice, 'LEGACOOP · nessuna risposta');

    // The partner is invited by DM, and answers from the invitation.
    await switchUser(page, 'Marco Furlan');
    await openAppMessages(page);
    await waitForChannelText(page, 'Sei invitato/a al tavolo n. 1');
    await clickButton(page, 'Partecipo');
    await waitForChannelText(page, 'Registrato: partecipi al tavolo n. 1.');

    // The coordinator moves the meeting to the afternoon.
    await switchUser(page, 'Giulia Bressan');
    await openChannel(page, 'tavolo-iso-new');
    await waitForText(notice, 'LEGACOOP · confermato');
    await clickButton(page, 'Modifica');
    await waitForModal(page, 'Modifica riunione');
    await fillField(page, 'Ora di inizio', '15:00');
    await fillField(page, 'Ora di fine', '17:00');
    await screenshot(page, '60-tavolo-sposta');
    await submitModal(page);
    await modal(page).waitFor({ state: 'detached' });
    // Every answer is back to "no answer".
    await waitForText(notice, '15:00–17:00');
    await waitForText(notice, 'LEGACOOP · nessuna risposta');
    await screenshot(page, '61-tavolo-spostato');

    // The partner's DM is the updated calendar file itself, asking again.
    await switchUser(page, 'Marco Furlan');
    await openAppMessages(page);
    await waitForChannelText(page, 'Il tavolo n. 1 è cambiato');
    await waitForChannelText(page, 'da confermare');
    await waitForChannelText(page, 'tavolo-1.ics');
    const ics = await downloadFile(page, 'Tavolo n. 1');
    expect(ics.name).toBe('tavolo-1.ics');
    expect(ics.text).toContain('METHOD:PUBLISH');
    expect(ics.text).toContain('SEQUENCE:1');
    expect(ics.text.endsWith('\r\n')).toBe(true);
    await screenshot(page, '62-tavolo-dm-ics');
  });
});
