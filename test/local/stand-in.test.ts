import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { webApi } from '@slack/bolt';
import { silentLogger } from '../../src/platform/logger';
import { escapeCommandText } from '../../src/local/page';
import { startStandIn, type StandIn } from '../../src/local/stand-in';
import { Workspace } from '../../src/local/workspace';
import { httpRequest, sign } from '../support/slack-requests';

/**
 * The stand-in for Slack on its own, with a recording "app": the Web API answers the app's
 * client gets (Slack's shapes and errors), and what the page's interactions send to the app
 * (signed, same keys as Slack's reference payloads), with modal response_action handling.
 */
const REFERENCE = '/work/shared/slack-reference/payloads';
const referenceAvailable = fs.existsSync(REFERENCE);

function referenceKeys(files: string[], pick: (o: Record<string, unknown>) => unknown = (o) => o): Set<string> {
  const keys = new Set<string>();
  for (const file of files) {
    const value = pick(JSON.parse(fs.readFileSync(path.join(REFERENCE, file), 'utf8')) as Record<string, unknown>);
    if (value && typeof value === 'object') for (const k of Object.keys(value)) keys.add(k);
  }
  return keys;
}

function expectKnownKeys(sent: Record<string, unknown>, known: Set<string>): void {
  if (!referenceAvailable) return;
  expect(Object.keys(sent).filter((k) => !known.has(k))).toEqual([]);
}

interface Received {
  contentType: string;
  body: string;
  payload: Record<string, unknown>;
  signatureOk: boolean;
}

const SECRET = crypto.randomBytes(16).toString('hex');

describe('local stand-in for Slack', () => {
  let standIn: StandIn;
  let appServer: http.Server;
  let received: Received[] = [];
  let answer: (r: Received) => unknown = () => undefined;
  let stateDir: string;
  let client: webApi.WebClient;

  beforeAll(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'isonew-standin-'));
    appServer = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const ts = String(req.headers['x-slack-request-timestamp']);
        const expected = sign(SECRET, Number(ts), body);
        const contentType = String(req.headers['content-type']);
        const form = contentType.includes('json') ? undefined : Object.fromEntries(new URLSearchParams(body));
        const payload = (form ? (form.payload ? JSON.parse(form.payload) : form) : JSON.parse(body)) as Record<string, unknown>;
        const r = { contentType, body, payload, signatureOk: expected === req.headers['x-slack-signature'] && Math.abs(Date.now() / 1000 - Number(ts)) < 10 };
        received.push(r);
        const reply = answer(r);
        res.writeHead(200, reply === undefined ? {} : { 'content-type': 'application/json' });
        res.end(reply === undefined ? '' : JSON.stringify(reply));
      });
    });
    await new Promise<void>((r) => appServer.listen(0, '127.0.0.1', r));
    standIn = await startStandIn({ host: '127.0.0.1', port: 0, signingSecret: SECRET, botToken: 'xoxb-local-test', stateFile: path.join(stateDir, 'ws.json'), logger: silentLogger() });
    standIn.connect(`http://127.0.0.1:${(appServer.address() as AddressInfo).port}/slack/events`);
    client = new webApi.WebClient('xoxb-local-test', { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 } });
  });

  afterAll(async () => {
    await standIn.close();
    await new Promise((r) => appServer.close(r));
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  beforeEach(() => {
    received = [];
    answer = () => undefined;
  });

  const ui = async (route: string, body: Record<string, unknown>) => (await httpRequest(`${standIn.baseUrl}/ui/${route}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })).json!;

  it('refuses requests from other sites and other host names', async () => {
    const say = JSON.stringify({ user: 'UDEMOCOORD', channel: 'C0GENERALE', text: 'x' });
    const post = (headers: Record<string, string>) => httpRequest(`${standIn.baseUrl}/ui/say`, { method: 'POST', body: say, headers });
    expect((await post({ 'content-type': 'text/plain' })).status).toBe(403);
    expect((await post({ 'content-type': 'application/json', origin: 'http://evil.example' })).status).toBe(403);
    expect((await post({ 'content-type': 'application/json', host: 'evil.example' })).status).toBe(403);
    expect((await httpRequest(`${standIn.baseUrl}/ui/state`, { headers: { host: `rebound.example:${standIn.port}` } })).status).toBe(403);
    expect((await post({ 'content-type': 'application/json', origin: standIn.baseUrl })).status).toBe(200);
  });

  it('answers the Web API only for the token the app was given, so a cross-site form cannot act as the bot', async () => {
    const forged = await httpRequest(`${standIn.apiUrl}chat.postMessage`, {
      method: 'POST',
      body: new URLSearchParams({ token: 'xoxb-guessed', channel: 'C0GENERALE', text: 'spoof' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(forged.json).toEqual({ ok: false, error: 'invalid_auth' });
    expect(JSON.stringify(standIn.workspace.snapshot('UDEMOCOORD'))).not.toContain('spoof');
    expect((await client.chat.postMessage({ channel: 'C0GENERALE', text: 'genuine' })).ok).toBe(true);
  });
  const snapshot = (user: string) => standIn.workspace.snapshot(user);

  it('listens on the loopback interface only', async () => {
    expect(standIn.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const external = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
    if (!external) return;
    const reached = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: external.address, port: standIn.port, timeout: 1000 }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
      socket.on('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
    expect(reached).toBe(false);
  });

  it('answers the Web API methods the app uses, with Slack errors for bad calls', async () => {
    expect((await client.auth.test()).user_id).toBe('ULOCALBOT');
    const emma = await client.users.info({ user: 'UDEMOENAIP', include_locale: true });
    expect(emma.user).toMatchObject({ real_name: 'Emma Clarke', locale: 'en-GB', is_bot: false });
    await expect(client.users.info({ user: 'UNOBODY' })).rejects.toMatchObject({ data: { error: 'user_not_found' } });
    await expect(client.apiCall('stars.add', {})).rejects.toMatchObject({ data: { error: 'unknown_method' } });
    const unauthenticated = new webApi.WebClient(undefined, { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 } });
    await expect(unauthenticated.auth.test()).rejects.toMatchObject({ data: { error: 'not_authed' } });

    const dm = await client.conversations.open({ users: 'UDEMOCOOP' });
    expect(dm.channel?.id).toBe('DDEMOCOOP');
    const posted = await client.chat.postMessage({ channel: 'C0TAVOLO', text: 'Convocazione', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Tavolo*' } }] });
    const reply = await client.chat.postMessage({ channel: 'C0TAVOLO', text: 'nel thread', thread_ts: posted.ts });
    await client.chat.update({ channel: 'C0TAVOLO', ts: posted.ts!, text: 'Convocazione aggiornata', blocks: [] });
    await client.chat.postEphemeral({ channel: 'C0TAVOLO', user: 'UDEMOCOOP', text: 'solo per Marco' });
    await expect(client.chat.update({ channel: 'C0TAVOLO', ts: '1.000001', text: 'x' })).rejects.toMatchObject({ data: { error: 'message_not_found' } });
    await expect(client.chat.postMessage({ channel: 'not a channel', text: 'x' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    // The publisher finds a post whose answer it lost by the metadata key it was posted with.
    const keyed = await client.chat.postMessage({ channel: 'C0TAVOLO', text: 'Annuncio', metadata: { event_type: 'isonew_post', event_payload: { key: 'message:1' } } });
    const history = await client.conversations.history({ channel: 'C0TAVOLO', oldest: String(Number(posted.ts) - 1), include_all_metadata: true });
    expect(history.messages?.map((m) => m.text)).toEqual(['Annuncio', 'Convocazione aggiornata']);
    expect(history.messages?.[0]).toMatchObject({ ts: keyed.ts, metadata: { event_type: 'isonew_post', event_payload: { key: 'message:1' } } });
    expect((await client.conversations.history({ channel: 'C0TAVOLO' })).messages?.[0]).not.toHaveProperty('metadata');
    await client.chat.delete({ channel: 'C0TAVOLO', ts: keyed.ts! });

    const marco = snapshot('UDEMOCOOP').messages.filter((m) => m.channel === 'C0TAVOLO');
    expect(marco.map((m) => m.text)).toEqual(['Convocazione aggiornata', 'nel thread', 'solo per Marco']);
    expect(marco[1]).toMatchObject({ threadTs: posted.ts });
    expect(snapshot('UDEMOCOORD').messages.map((m) => m.text)).not.toContain('solo per Marco');
    await client.chat.delete({ channel: 'C0TAVOLO', ts: reply.ts! });
    expect(snapshot('UDEMOCOOP').messages.map((m) => m.text)).not.toContain('nel thread');
  });

  it('keeps uploaded files in the DM and serves them for download', async () => {
    const content = 'codice;esito\nA-12;assunta\nàèì\n';
    await client.filesUploadV2({ channel_id: 'DDEMOCOOP', filename: 'segnalazioni.csv', title: 'Segnalazioni', file: Buffer.from(content, 'utf8'), initial_comment: 'Ecco l’esportazione' });
    const message = snapshot('UDEMOCOOP').messages.find((m) => m.files?.length);
    expect(message).toMatchObject({ channel: 'DDEMOCOOP', text: 'Ecco l’esportazione', files: [{ name: 'segnalazioni.csv', title: 'Segnalazioni' }] });
    const download = await fetch(`${standIn.baseUrl}/files/${message!.files![0]!.id}`);
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="segnalazioni.csv"');
    expect(await download.text()).toBe(content);
    expect((await fetch(`${standIn.baseUrl}/files/FNOPE`)).status).toBe(404);
    // Only the person of the DM sees it.
    expect(snapshot('UDEMOCOORD').messages.some((m) => m.files)).toBe(false);
  });

  it('sends slash commands signed, as form bodies with Slack keys, and shows the ack as ephemeral', async () => {
    answer = () => ({ response_type: 'ephemeral', text: 'Risposta *rapida*' });
    expect(await ui('command', { user: 'UDEMOCOORD', channel: 'C0GENERALE', text: '/rete lista  tutto' })).toMatchObject({ ok: true, status: 200 });
    const [r] = received;
    expect(r!.signatureOk).toBe(true);
    expect(r!.contentType).toBe('application/x-www-form-urlencoded');
    expect(r!.payload).toMatchObject({ command: '/rete', text: 'lista  tutto', user_id: 'UDEMOCOORD', channel_id: 'C0GENERALE', channel_name: 'generale', team_id: 'TLOCAL' });
    expectKnownKeys(r!.payload, referenceKeys(['shapes_java_sdk_json_logs/SlashCommandPayload.json', 'slash_command/bolt_python_test.parsed.json']));
    const mine = snapshot('UDEMOCOORD').messages.at(-1);
    expect(mine).toMatchObject({ text: 'Risposta *rapida*', forUser: 'UDEMOCOORD' });

    // Later replies through response_url: a new ephemeral, then replacing and deleting a message.
    await httpRequest(String(r!.payload.response_url), { method: 'POST', body: JSON.stringify({ response_type: 'in_channel', text: 'Per tutti' }), headers: { 'content-type': 'application/json' } });
    expect(snapshot('UDEMOCOOP').messages.at(-1)).toMatchObject({ text: 'Per tutti', forUser: undefined });
    expect((await httpRequest(`${standIn.baseUrl}/response/nope`, { method: 'POST', body: '{}' })).status).toBe(404);

    // An empty ack shows nothing.
    answer = () => undefined;
    const before = snapshot('UDEMOCOORD').messages.length;
    await ui('command', { user: 'UDEMOCOORD', channel: 'C0GENERALE', text: '/tavolo' });
    expect(snapshot('UDEMOCOORD').messages).toHaveLength(before);
  });

  it('opens, validates, updates and closes a modal as the app answers the submission', async () => {
    answer = () => undefined;
    await ui('command', { user: 'UDEMOCOORD', channel: 'C0GENERALE', text: '/offerta nuova' });
    const triggerId = String(received[0]!.payload.trigger_id);
    const modal = { type: 'modal', callback_id: 'offer_new', private_metadata: '{"c":"C0GENERALE"}', title: { type: 'plain_text', text: 'Nuova offerta' }, submit: { type: 'plain_text', text: 'Salva' }, notify_on_close: true, blocks: [{ type: 'input', block_id: 'title', label: { type: 'plain_text', text: 'Titolo' }, element: { type: 'plain_text_input', action_id: 'value' } }] };
    const opened = await client.views.open({ trigger_id: triggerId, view: modal as never });
    await expect(client.views.open({ trigger_id: 'bogus', view: modal as never })).rejects.toMatchObject({ data: { error: 'invalid_trigger_id' } });
    const viewId = opened.view!.id!;
    expect(snapshot('UDEMOCOORD').modal?.id).toBe(viewId);
    expect(snapshot('UDEMOCOOP').modal).toBeNull();

    const values = { title: { value: { type: 'plain_text_input', value: 'x' } } };
    answer = () => ({ response_action: 'errors', errors: { title: 'Troppo corto.' } });
    await ui('submit', { user: 'UDEMOCOORD', viewId, values });
    const submission = received.at(-1)!;
    expect(submission.signatureOk).toBe(true);
    expect(submission.payload).toMatchObject({ type: 'view_submission', user: { id: 'UDEMOCOORD' }, view: { id: viewId, callback_id: 'offer_new', private_metadata: '{"c":"C0GENERALE"}', state: { values } } });
    expectKnownKeys(submission.payload, referenceKeys(['shapes_java_sdk_json_logs/ViewSubmissionPayload.json', 'view_submission/bolt_python_body.json']));
    expectKnownKeys(submission.payload.view as Record<string, unknown>, referenceKeys(['shapes_java_sdk_json_logs/ViewSubmissionPayload.json', 'view_submission/bolt_python_body.json'], (o) => o.view));
    expect(snapshot('UDEMOCOORD').modal?.errors).toEqual({ title: 'Troppo corto.' });

    // A button inside the modal: block_actions with the view and its current state.
    await ui('action', { user: 'UDEMOCOORD', source: { type: 'view', viewId }, action: { type: 'button', block_id: 'b', action_id: 'add_row', text: { type: 'plain_text', text: '+' } }, values });
    const inModal = received.at(-1)!.payload;
    expect(inModal).toMatchObject({ type: 'block_actions', container: { type: 'view', view_id: viewId }, view: { id: viewId, state: { values } }, actions: [{ action_id: 'add_row' }] });
    expectKnownKeys(inModal, referenceKeys(['shapes_java_sdk_json_logs/BlockActionPayload.json', 'block_actions/bolt_python_body.json']));

    answer = () => ({ response_action: 'update', view: { ...modal, title: { type: 'plain_text', text: 'Passo 2' } } });
    await ui('submit', { user: 'UDEMOCOORD', viewId, values: { title: { value: { type: 'plain_text_input', value: 'Tirocinio' } } } });
    expect(snapshot('UDEMOCOORD').modal).toMatchObject({ id: viewId, view: { title: { text: 'Passo 2' } } });
    expect(snapshot('UDEMOCOORD').modal?.errors).toBeUndefined();

    answer = () => ({ response_action: 'push', view: { ...modal, title: { type: 'plain_text', text: 'Dettagli' } } });
    await ui('submit', { user: 'UDEMOCOORD', viewId, values });
    const pushed = snapshot('UDEMOCOORD').modal!;
    expect(pushed.view).toMatchObject({ title: { text: 'Dettagli' } });
    expect(pushed.previousId).toBe(viewId);

    // Cancel on the pushed view goes back one; view_closed is sent because notify_on_close.
    await ui('close', { user: 'UDEMOCOORD', viewId: pushed.id });
    expect(received.at(-1)!.payload).toMatchObject({ type: 'view_closed', is_cleared: false, view: { id: pushed.id } });
    expectKnownKeys(received.at(-1)!.payload, referenceKeys(['shapes_java_sdk_json_logs/ViewClosedPayload.json', 'view_closed/bolt_python_body.json']));
    expect(snapshot('UDEMOCOORD').modal?.id).toBe(viewId);

    answer = () => undefined;
    await ui('submit', { user: 'UDEMOCOORD', viewId, values });
    expect(snapshot('UDEMOCOORD').modal).toBeNull();
  });

  it('asks the app for an external select’s options with a block_suggestion', async () => {
    await ui('command', { user: 'UDEMOCOORD', channel: 'C0GENERALE', text: '/offerta segnala' });
    const opened = await client.views.open({ trigger_id: String(received.at(-1)!.payload.trigger_id), view: { type: 'modal', title: { type: 'plain_text', text: 'Segnala' }, blocks: [{ type: 'input', block_id: 'offer', label: { type: 'plain_text', text: 'Offerta' }, element: { type: 'external_select', action_id: 'value', min_query_length: 0 } }] } });
    const option = { text: { type: 'plain_text', text: 'Tirocinio in cucina' }, value: '7' };
    answer = () => ({ option_groups: [{ label: { type: 'plain_text', text: 'Aperte' }, options: [option] }] });
    const result = await ui('suggest', { user: 'UDEMOCOORD', source: { type: 'view', viewId: opened.view!.id }, blockId: 'offer', actionId: 'value', value: '' });
    expect(result).toMatchObject({ ok: true, options: [option] });
    const r = received.at(-1)!;
    expect(r.signatureOk).toBe(true);
    expect(r.payload).toMatchObject({ type: 'block_suggestion', action_id: 'value', block_id: 'offer', value: '', container: { type: 'view', view_id: opened.view!.id } });
    expectKnownKeys(r.payload, referenceKeys(['block_suggestion/bolt_python_body.json', 'block_suggestion/java_sdk_json.json']));
    await ui('close', { user: 'UDEMOCOORD', viewId: opened.view!.id });
  });

  it('sends message button clicks with the message, and replaces it through response_url', async () => {
    const posted = await client.chat.postMessage({ channel: 'C0GENERALE', text: 'Sondaggio', blocks: [{ type: 'actions', block_id: 'vote', elements: [{ type: 'button', action_id: 'poll_vote:1', text: { type: 'plain_text', text: 'Sì' }, value: '1' }] }] });
    await ui('action', { user: 'UDEMOCOOP', source: { type: 'message', channel: 'C0GENERALE', ts: posted.ts }, action: { type: 'button', block_id: 'vote', action_id: 'poll_vote:1', value: '1', text: { type: 'plain_text', text: 'Sì' } } });
    const r = received.at(-1)!;
    expect(r.signatureOk).toBe(true);
    expect(r.payload).toMatchObject({ type: 'block_actions', user: { id: 'UDEMOCOOP' }, container: { type: 'message', message_ts: posted.ts, channel_id: 'C0GENERALE', is_ephemeral: false }, channel: { id: 'C0GENERALE' }, message: { ts: posted.ts, bot_id: 'BLOCALBOT' }, actions: [{ action_id: 'poll_vote:1', value: '1' }] });
    expectKnownKeys(r.payload, referenceKeys(['shapes_java_sdk_json_logs/BlockActionPayload.json', 'block_actions/bolt_python_body.json']));
    await httpRequest(String(r.payload.response_url), { method: 'POST', body: JSON.stringify({ replace_original: true, text: 'Votato' }), headers: { 'content-type': 'application/json' } });
    expect(standIn.workspace.message('C0GENERALE', posted.ts!)).toMatchObject({ text: 'Votato', edited: true });
    await httpRequest(String(r.payload.response_url), { method: 'POST', body: JSON.stringify({ delete_original: true }), headers: { 'content-type': 'application/json' } });
    expect(standIn.workspace.message('C0GENERALE', posted.ts!)).toBeUndefined();
  });

  it('sends app_home_opened as a signed event_callback, and shows the published Home tab', async () => {
    await client.views.publish({ user_id: 'UDEMOUEPE', view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Benvenuta' } }] } });
    await ui('home-opened', { user: 'UDEMOUEPE' });
    const r = received.at(-1)!;
    expect(r.signatureOk).toBe(true);
    expect(r.contentType).toBe('application/json');
    expect(r.payload).toMatchObject({ type: 'event_callback', team_id: 'TLOCAL', event: { type: 'app_home_opened', user: 'UDEMOUEPE', channel: 'DDEMOUEPE', tab: 'home' } });
    expect(String(r.payload.event_id)).toMatch(/^Ev[0-9A-F]+$/);
    expectKnownKeys(r.payload, referenceKeys(['shapes_java_sdk_json_logs/AppHomeOpenedPayload.json', 'events/app_home_opened.event_callback.synthesized.json']));
    expect(snapshot('UDEMOUEPE').home?.view).toMatchObject({ type: 'home' });
    expect(snapshot('UDEMOCOOP').home).toBeNull();
  });

  it('escapes what a person types, and refuses unknown users', async () => {
    await ui('say', { user: 'UDEMOCGIL', channel: 'C0GENERALE', text: 'ciao <@UDEMOCOORD> & <b>' });
    expect(snapshot('UDEMOCGIL').messages.at(-1)?.text).toBe('ciao &lt;@UDEMOCOORD&gt; &amp; &lt;b&gt;');
    expect(await ui('say', { user: 'UHACKER', channel: 'C0GENERALE', text: 'x' })).toMatchObject({ ok: false, error: 'user_not_found' });
    expect(await ui('say', { user: 'UDEMOCGIL', channel: 'DDEMOCOOP', text: 'x' })).toMatchObject({ ok: false, error: 'channel_not_found' });
  });

  it('keeps the workspace in DATA_DIR across a restart', () => {
    standIn.workspace.flush();
    const reopened = new Workspace(path.join(stateDir, 'ws.json'));
    expect(reopened.snapshot('UDEMOCOOP').messages.map((m) => m.text)).toEqual(standIn.workspace.snapshot('UDEMOCOOP').messages.map((m) => m.text));
    expect(reopened.snapshot('UDEMOUEPE').home).not.toBeNull();
  });
});

describe('local stand-in when the app does not answer', () => {
  it('shows Slack-like failures instead of losing the interaction', async () => {
    const standIn = await startStandIn({ host: '127.0.0.1', port: 0, signingSecret: SECRET, botToken: 'xoxb-local-test', stateFile: null, logger: silentLogger() });
    try {
      // Nothing listens on port 9 (discard): the command fails like Slack's timeout.
      standIn.connect('http://127.0.0.1:9/slack/events');
      await httpRequest(`${standIn.baseUrl}/ui/command`, { method: 'POST', body: JSON.stringify({ user: 'UDEMOCOORD', channel: 'C0GENERALE', text: '/rete' }), headers: { 'content-type': 'application/json' } });
      expect(standIn.workspace.snapshot('UDEMOCOORD').messages.at(-1)).toMatchObject({ text: '/rete failed with the error "operation_timeout"', forUser: 'UDEMOCOORD' });
    } finally {
      await standIn.close();
    }
  });
});

describe('slash command text', () => {
  const channels = [
    { id: 'C0TAVOLO', name: 'tavolo-iso-new', kind: 'channel' },
    { id: 'C0TAV', name: 'tavolo', kind: 'channel' },
    { id: 'DDEMOCOOP', name: 'ISO.NEW', kind: 'im' },
  ];
  const users = [
    { id: 'UDEMOCOOP', name: 'Marco Furlan' },
    { id: 'UDEMOCOORD', name: 'Giulia Bressan' },
  ];

  it('is escaped as Slack does with should_escape: channels and members become references', () => {
    expect(escapeCommandText('canale #tavolo-iso-new', channels, users)).toBe('canale <#C0TAVOLO|tavolo-iso-new>');
    expect(escapeCommandText('#tavolo e #TAVOLO-ISO-NEW.', channels, users)).toBe('<#C0TAV|tavolo> e <#C0TAVOLO|tavolo-iso-new>.');
    expect(escapeCommandText('membro @marco furlan LEGACOOP', channels, users)).toBe('membro <@UDEMOCOOP|udemocoop> LEGACOOP');
    expect(escapeCommandText('a<b> & #nessuno @Nessuno x#tavolo #ISO.NEW', channels, users)).toBe('a&lt;b&gt; &amp; #nessuno @Nessuno x#tavolo #ISO.NEW');
  });
});

describe('the stand-in as the tests’ Slack (an open workspace)', () => {
  let standIn: StandIn;
  let client: webApi.WebClient;
  // Slack's clock, stopped at 10:00 in Rome on 12 May 2026.
  const clock = { now: () => new Date('2026-05-12T08:00:00Z') };

  beforeAll(async () => {
    standIn = await startStandIn({ people: 'anyone', clock, validate: (method, args) => (method === 'chat.postMessage' && args.text === 'bad' ? 'refused' : undefined) });
    client = new webApi.WebClient('any-token', { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
  });
  afterAll(() => standIn.close());
  beforeEach(() => standIn.reset());

  it('has anyone, any channel, message and view the app names, and keeps what the app posts, stamped by its clock', async () => {
    expect((await client.users.info({ user: 'UANYONE1' })).user).toMatchObject({ id: 'UANYONE1', locale: 'it-IT', is_bot: false });
    standIn.setUserLocale('UANYONE1', 'en-US');
    standIn.setBot('UBOTTY');
    expect((await client.users.info({ user: 'UANYONE1' })).user).toMatchObject({ locale: 'en-US' });
    expect((await client.users.info({ user: 'UBOTTY' })).user).toMatchObject({ is_bot: true });
    expect((await client.conversations.open({ users: 'UANYONE1' })).channel?.id).toBe('DUANYONE1');
    const first = await client.chat.postMessage({ channel: 'C1', text: 'uno', metadata: { event_type: 'isonew_post', event_payload: { key: 'k1' } } });
    const second = await client.chat.postMessage({ channel: 'C1', text: 'due', thread_ts: first.ts });
    // Slack's timestamps: the stand-in's clock, to the microsecond, each later than the one before.
    expect([first.ts, second.ts]).toEqual(['1778572800.000000', '1778572800.000001']);
    expect(standIn.posted).toMatchObject([
      { channel: 'C1', ts: first.ts, text: 'uno', metadata: { event_type: 'isonew_post' } },
      { channel: 'C1', ts: second.ts, threadTs: first.ts, text: 'due' },
    ]);
    expect((await client.conversations.history({ channel: 'C1', include_all_metadata: true })).messages).toMatchObject([{ ts: first.ts, metadata: { event_payload: { key: 'k1' } } }]);
    // A message or view posted before the test began is there too.
    await client.chat.update({ channel: 'C9', ts: '1.000001', text: 'x' });
    await client.views.open({ trigger_id: 'made.up.trigger', view: { type: 'modal', title: { type: 'plain_text', text: 'M' }, blocks: [] } });
    await client.views.update({ view_id: 'V404', view: { type: 'modal', title: { type: 'plain_text', text: 'M' }, blocks: [] } });
    expect(standIn.callsTo('chat.postMessage').map((c) => c.args.text)).toEqual(['uno', 'due']);
    expect(standIn.calls.map((c) => c.method)).toContain('views.update');
  });

  it('plays Slack failing, and refuses what the validate hook refuses', async () => {
    standIn.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
    await expect(client.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({ code: webApi.ErrorCode.RateLimitedError, retryAfter: 7 });
    standIn.failNext('chat.postMessage', { landsThen: { error: 'internal_error' } });
    await expect(client.chat.postMessage({ channel: 'C1', text: 'lost' })).rejects.toMatchObject({ data: { error: 'internal_error' } });
    expect(standIn.posted.map((p) => p.text)).toEqual(['lost']);
    await expect(client.chat.postMessage({ channel: 'C1', text: 'bad' })).rejects.toMatchObject({ data: { error: 'invalid_blocks' } });
    expect(standIn.violations).toEqual(['chat.postMessage: refused']);
    expect(standIn.callsTo('chat.postMessage')).toHaveLength(3);
    // Replies to a response_url are kept.
    const url = standIn.responseUrl('r1');
    await httpRequest(url, { method: 'POST', body: JSON.stringify({ text: 'risposta' }), headers: { 'content-type': 'application/json' } });
    expect(standIn.responses).toEqual([{ path: '/response/r1', body: { text: 'risposta' } }]);
  });
});
