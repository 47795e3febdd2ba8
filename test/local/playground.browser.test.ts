import { webApi } from '@slack/bolt';
import {
  chooseInMessage,
  clickButton,
  closeModal,
  downloadFile,
  fieldError,
  fillField,
  describeWithChromium,
  modal,
  openAppHome,
  openAppMessages,
  openChannel,
  openCommand,
  openPlayground,
  readChannel,
  screenshot,
  usePlayground,
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
describeWithChromium('playground browser test')('local playground in a browser', () => {
  const session = usePlayground({ open: false, timeout: 60_000 });

  it('runs /rete as the coordinator: help, directory with names, me', async () => {
    const { page } = session;
    await openPlayground(page, session.playground.url);
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
    const { page } = session;
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
    const { page } = session;
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
    const { page } = session;
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
    const { page } = session;
    await switchUser(page, 'Giulia Bressan');
    await openAppHome(page);
    await waitForText(page.locator('#surface .home'), 'la tua bacheca');
    expect(await page.locator('#surface .home .bk-block').count()).toBeGreaterThan(0);
    await screenshot(page, '06-app-home');
  });

  it('shows what a person types verbatim, never as HTML', async () => {
    const { page } = session;
    await openChannel(page, 'tavolo-iso-new');
    await openCommand(page, 'Ciao a tutti <b>non è HTML</b>');
    await waitForChannelText(page, 'Ciao a tutti <b>non è HTML</b>');
    expect(await page.locator('#surface b').count()).toBe(0);
  });

  // Whatever Block Kit the app sends is shown and interactive. This plays the app's part
  // through the stand-in's Web API (the real flows are in playground-flows.browser.test.ts);
  // the click still goes to the real app, which answers as it does for a button it does not know.
  it('renders any message Block Kit with threads, and sends a button click to the app', async () => {
    const { page } = session;
    const client = new webApi.WebClient(session.playground.standIn.botToken, { slackApiUrl: session.playground.standIn.apiUrl, retryConfig: { retries: 0 } });
    const posted = await client.chat.postMessage({
      channel: 'C0TAVOLO',
      text: 'Convocazione',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Convocazione del tavolo' } },
        { type: 'section', text: { type: 'mrkdwn', text: '*Quando:* 3 dicembre, 10:00 · _Provincia_ · organizza <@UDEMOCOORD>' }, accessory: { type: 'overflow', action_id: 'meeting_menu', options: [{ text: { type: 'plain_text', text: 'Annulla riunione' }, value: 'cancel' }] } },
        { type: 'section', fields: [{ type: 'mrkdwn', text: '*Sì*\n2' }, { type: 'mrkdwn', text: '*No*\n0' }] },
        { type: 'divider' },
        { type: 'actions', block_id: 'rsvp', elements: [{ type: 'button', action_id: 'old_rsvp:yes', style: 'primary', value: '1', text: { type: 'plain_text', text: 'Partecipo' } }, { type: 'button', action_id: 'old_rsvp:no', style: 'danger', value: '1', text: { type: 'plain_text', text: 'Non partecipo' } }] },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Rispondi entro il 1º dicembre' }] },
      ],
    });
    await client.chat.postMessage({ channel: 'C0TAVOLO', thread_ts: posted.ts, text: 'Ordine del giorno in allegato, <https://example.org/odg|qui>' });
    await switchUser(page, 'Marco Furlan');
    await openChannel(page, 'tavolo-iso-new');
    await waitForChannelText(page, 'Convocazione del tavolo');
    await waitForText(page.locator('#surface .thread'), 'Ordine del giorno in allegato, qui');
    expect(await page.locator('#surface .thread a[href="https://example.org/odg"]').count()).toBe(1);
    expect(await page.locator('#surface .bk-mention', { hasText: '@Giulia Bressan' }).count()).toBeGreaterThan(0);
    await clickButton(page, 'Partecipo');
    await waitForChannelText(page, 'Questo pulsante non è più valido');
    const answers = () => page.locator('#surface .msg.ephemeral', { hasText: 'Questo pulsante non è più valido' }).count();
    expect(await answers()).toBe(1);
    await chooseInMessage(page, 'Annulla riunione');
    await page.waitForFunction(() => document.querySelectorAll('#surface .msg.ephemeral').length >= 2);
    expect(await answers()).toBe(2);

    // A file the app sends to a DM: the sidebar shows it as unread, and it downloads.
    const dm = await client.conversations.open({ users: 'UDEMOCOOP' });
    const ics = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n';
    await client.filesUploadV2({ channel_id: dm.channel!.id!, filename: 'convocazione.ics', title: 'Convocazione', file: Buffer.from(ics), initial_comment: 'Il calendario della riunione' });
    await waitForText(page.locator('#nav-messages .badge'), '1');
    await openAppMessages(page);
    await waitForChannelText(page, 'Il calendario della riunione');
    expect(await page.locator('#nav-messages .badge').count()).toBe(0);
    expect(await downloadFile(page, 'Convocazione')).toEqual({ name: 'convocazione.ics', text: ics });
    await screenshot(page, '07-message-blocks');
  });

  it('keeps what was typed when the app updates the open modal', async () => {
    const { page } = session;
    const client = new webApi.WebClient(session.playground.standIn.botToken, { slackApiUrl: session.playground.standIn.apiUrl, retryConfig: { retries: 0 } });
    const question = { type: 'input', block_id: 'question', label: { type: 'plain_text', text: 'Domanda' }, element: { type: 'plain_text_input', action_id: 'value' } };
    const option = (n: number) => ({ type: 'input', block_id: `option_${n}`, label: { type: 'plain_text', text: `Opzione ${n}` }, element: { type: 'plain_text_input', action_id: 'value' } });
    const modalView = (blocks: Record<string, unknown>[]) => ({ type: 'modal', callback_id: 'playground_poll', title: { type: 'plain_text', text: 'Sondaggio' }, submit: { type: 'plain_text', text: 'Crea' }, blocks });
    const view = session.playground.standIn.workspace.pushView('UDEMOCOOP', modalView([question, option(1)]), true);
    await waitForModal(page, 'Sondaggio');
    await fillField(page, 'Domanda', 'Quando ci vediamo?');
    await fillField(page, 'Opzione 1', 'Lunedì');
    await client.views.update({ view_id: view.id, view: modalView([question, option(1), option(2)]) as never });
    await modal(page).getByLabel('Opzione 2', { exact: true }).waitFor();
    expect(await modal(page).getByLabel('Domanda', { exact: true }).inputValue()).toBe('Quando ci vediamo?');
    expect(await modal(page).getByLabel('Opzione 1', { exact: true }).inputValue()).toBe('Lunedì');
    await closeModal(page);
  });

  it('fills every modal input element by its label and sends Slack’s state values', async () => {
    const { page } = session;
    const options = [
      { text: { type: 'plain_text', text: 'Tirocinio' }, value: 'internship' },
      { text: { type: 'plain_text', text: 'Borsa lavoro' }, value: 'work_grant' },
    ];
    const input = (blockId: string, label: string, element: Record<string, unknown>) => ({ type: 'input', block_id: blockId, label: { type: 'plain_text', text: label }, optional: true, element: { action_id: 'value', ...element } });
    const view = session.playground.standIn.workspace.pushView('UDEMOCOOP', {
      type: 'modal',
      callback_id: 'playground_all_inputs',
      title: { type: 'plain_text', text: 'Tutti i campi' },
      submit: { type: 'plain_text', text: 'Invia' },
      blocks: [
        input('title', 'Titolo', { type: 'plain_text_input', initial_value: 'Bozza' }),
        input('notes', 'Note', { type: 'plain_text_input', multiline: true }),
        input('positions', 'Posti', { type: 'number_input', is_decimal_allowed: false }),
        input('date', 'Data', { type: 'datepicker' }),
        input('time', 'Ora', { type: 'timepicker', initial_time: '09:00' }),
        input('contract', 'Contratto', { type: 'static_select', options }),
        input('contracts', 'Contratti', { type: 'multi_static_select', options }),
        input('flags', 'Requisiti', { type: 'checkboxes', options }),
        input('kind', 'Tipo', { type: 'radio_buttons', options }),
        input('owner', 'Referente', { type: 'users_select' }),
        input('guests', 'Invitati', { type: 'multi_users_select' }),
        input('channel', 'Canale', { type: 'channels_select' }),
        input('conversation', 'Conversazione', { type: 'conversations_select' }),
      ],
    }, true);
    await waitForModal(page, 'Tutti i campi');
    await fillField(page, 'Titolo', 'Tirocinio in cucina');
    await fillField(page, 'Note', 'Riga 1\nRiga 2');
    await fillField(page, 'Posti', '2');
    await fillField(page, 'Data', '2026-12-01');
    await fillField(page, 'Ora', '14:30');
    await fillField(page, 'Contratto', 'Borsa lavoro');
    await fillField(page, 'Contratti', ['Tirocinio', 'Borsa lavoro']);
    await fillField(page, 'Requisiti', ['Borsa lavoro']);
    await fillField(page, 'Tipo', 'Tirocinio');
    await fillField(page, 'Referente', 'Sara Colombo');
    await fillField(page, 'Invitati', ['Giulia Bressan', 'Emma Clarke']);
    await fillField(page, 'Canale', '#offerte-inserimento');
    await fillField(page, 'Conversazione', '#generale');
    await screenshot(page, '08-all-inputs');
    await submitModal(page);
    // The app does not know this form: it acks, and the modal closes as in Slack.
    await modal(page).waitFor({ state: 'detached' });
    const [internship, grant] = options;
    expect((view.view.state as { values: unknown }).values).toEqual({
      title: { value: { type: 'plain_text_input', value: 'Tirocinio in cucina' } },
      notes: { value: { type: 'plain_text_input', value: 'Riga 1\nRiga 2' } },
      positions: { value: { type: 'number_input', value: '2' } },
      date: { value: { type: 'datepicker', selected_date: '2026-12-01' } },
      time: { value: { type: 'timepicker', selected_time: '14:30' } },
      contract: { value: { type: 'static_select', selected_option: grant } },
      contracts: { value: { type: 'multi_static_select', selected_options: [internship, grant] } },
      flags: { value: { type: 'checkboxes', selected_options: [grant] } },
      kind: { value: { type: 'radio_buttons', selected_option: internship } },
      owner: { value: { type: 'users_select', selected_user: 'UDEMOUEPE' } },
      guests: { value: { type: 'multi_users_select', selected_users: ['UDEMOCOORD', 'UDEMOENAIP'] } },
      channel: { value: { type: 'channels_select', selected_channel: 'C0OFFERTE' } },
      conversation: { value: { type: 'conversations_select', selected_conversation: 'C0GENERALE' } },
    });
  });
});
