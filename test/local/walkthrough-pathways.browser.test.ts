import {
  chooseInMessage,
  clickButton,
  describeWithChromium,
  fieldError,
  fillField,
  openAppHome,
  openChannel,
  openCommand,
  screenshot,
  usePlayground,
  submitModal,
  switchUser,
  modal,
  waitForChannelText,
  waitForModal,
  waitForText,
} from '../support/playground-steps';

/** A calendar day `days` from today, as a date picker's value (the playground runs on today's date). */
const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

// Generous per-test time for a loaded machine: every step waits for what it needs, none sleeps.
jest.setTimeout(90_000);

/**
 * The README's walkthrough, the pathway part: the probation office opens a pathway for a code
 * (a name is refused on the field), plans an orientation interview, involves the training body
 * the candidate consented to, which then sees it on its App Home; an organization outside it does not.
 * Screenshots land in test-output/playground/.
 */
describeWithChromium('pathways walkthrough browser test')('local playground: an individual pathway', () => {
  const session = usePlayground();

  it('opens a pathway, plans a milestone, involves a consented organization; others are told it does not exist', async () => {
    const { page } = session;
    await switchUser(page, 'Sara Colombo');
    await openChannel(page, 'generale');
    await openCommand(page, '/percorso nuovo');
    await waitForModal(page, 'Nuovo percorso');
    await fillField(page, 'Codice pseudonimo della candidata', 'MARIA-2026');
    await fillField(page, 'Enti che la candidata ha autorizzato a vedere il percorso', ['ENAIP · Ente ACLI istruzione professionale FVG']);
    await submitModal(page);
    expect(await fieldError(page, 'Codice pseudonimo della candidata')).toContain('nome');
    await fillField(page, 'Codice pseudonimo della candidata', 'UEPE-2026-031');
    await submitModal(page);
    await modal(page).waitFor({ state: 'detached' });
    await waitForChannelText(page, 'Percorso UEPE-2026-031 aperto.');

    await chooseInMessage(page, 'Colloquio di orientamento');
    await waitForModal(page, 'Tappa del percorso');
    await fillField(page, 'Data prevista', inDays(4));
    await submitModal(page);
    await modal(page).waitFor({ state: 'detached' });
    await waitForChannelText(page, 'Tappa «Colloquio di orientamento» salvata nel percorso UEPE-2026-031.');

    await clickButton(page, 'Enti coinvolti');
    await waitForModal(page, 'Enti coinvolti');
    await fillField(page, 'Enti coinvolti nel percorso', ['ENAIP · Ente ACLI istruzione professionale FVG']);
    await submitModal(page);
    await modal(page).waitFor({ state: 'detached' });
    await waitForChannelText(page, 'Enti coinvolti aggiornati per il percorso UEPE-2026-031.');
    await screenshot(page, '60-percorso');

    // The training body (an English reader) now follows it: it is on her App Home.
    await switchUser(page, 'Emma Clarke');
    await openAppHome(page);
    await waitForText(page.locator('#surface'), 'Pathways you follow');
    await waitForText(page.locator('#surface'), 'UEPE-2026-031');
    await screenshot(page, '61-percorso-home');

    // A union that was never consented is told the pathway does not exist.
    await switchUser(page, 'Luca Zorzut');
    await openChannel(page, 'generale');
    await openCommand(page, '/percorso UEPE-2026-031');
    await waitForChannelText(page, 'Percorso non trovato');
  });
});
