import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Logger } from '../platform/logger';
import { DEMO_USERS, LOCAL_BOT } from './demo-users';
import { SlackApiError, Workspace, type Json, type OpenView } from './workspace';

/**
 * The local stand-in for Slack: the Web API the app calls (through SLACK_API_URL), the
 * response_url and file upload endpoints, and the playground page. What the person does on
 * the page reaches the app's POST /slack/events exactly as Slack sends it: signed with the
 * generated secret, slash commands as form bodies, interactions as `payload=` JSON, events as
 * event_callback JSON. Listens on the loopback interface only.
 */
export interface StandIn {
  baseUrl: string;
  apiUrl: string;
  port: number;
  /** The token the app calls the Web API with (the only one the stand-in accepts). */
  botToken: string;
  workspace: Workspace;
  /** Where the app listens (set once the app has started). */
  connect(eventsUrl: string): void;
  close(): Promise<void>;
}

const PUBLIC_DIR = path.join(__dirname, 'public');
const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/render.js': { file: 'render.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};
const MAX_BODY = 10 * 1024 * 1024;
const ACK_TIMEOUT_MS = 5000;

interface ResponseTarget {
  user: string;
  channel: string;
  /** The message the interaction came from (replace_original / delete_original). */
  messageTs?: string;
}

/** Slack's request signing: v0=HMAC-SHA256(secret, `v0:${timestamp}:${body}`). */
export function signRequest(secret: string, timestamp: number, body: string): string {
  return `v0=${crypto.createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

function parseApiArgs(raw: string, contentType: string | undefined): Json {
  if (contentType?.includes('application/json')) return raw ? (JSON.parse(raw) as Json) : {};
  return Object.fromEntries(new URLSearchParams(raw));
}

/** The uploaded file's bytes: the client posts them raw or as multipart form data. */
async function uploadedBytes(raw: Buffer, contentType: string | undefined): Promise<Buffer> {
  if (!contentType?.startsWith('multipart/form-data')) return raw;
  const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
  for (const value of form.values()) if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
  return raw;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export async function startStandIn(options: { host: '127.0.0.1'; port: number; signingSecret: string; botToken: string; stateFile: string | null; logger: Logger }): Promise<StandIn> {
  const { signingSecret, logger } = options;
  const log = logger.child({ component: 'playground' });
  const workspace = new Workspace(options.stateFile);
  const triggers = new Map<string, { user: string; at: number }>();
  const responseTargets = new Map<string, ResponseTarget>();
  const streams = new Set<http.ServerResponse>();
  let eventsUrl = '';
  let baseUrl = '';
  let port = 0;

  workspace.onChange(() => {
    for (const s of streams) s.write('data: changed\n\n');
  });

  const newTrigger = (user: string): string => {
    const id = `${Date.now()}.${crypto.randomInt(1e9)}.${crypto.randomBytes(8).toString('hex')}`;
    triggers.set(id, { user, at: Date.now() });
    for (const [k, v] of triggers) if (Date.now() - v.at > 60_000) triggers.delete(k);
    return id;
  };
  const newResponseUrl = (target: ResponseTarget): string => {
    const id = crypto.randomBytes(12).toString('hex');
    responseTargets.set(id, target);
    return `${baseUrl}/response/${id}`;
  };

  /** Sends a signed request to the app, as Slack does. */
  async function deliver(body: string, contentType: string): Promise<{ status: number; json: Json | undefined }> {
    if (!eventsUrl) return { status: 503, json: undefined };
    const timestamp = Math.floor(Date.now() / 1000);
    let res: Response;
    try {
      res = await fetch(eventsUrl, {
        method: 'POST',
        headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signRequest(signingSecret, timestamp, body) },
        body,
        // Slack gives up after 3 s; a little more here so a busy laptop still works.
        signal: AbortSignal.timeout(ACK_TIMEOUT_MS),
      });
    } catch (error) {
      log.warn({ err: error instanceof Error ? error.message : String(error) }, 'the app did not answer');
      return { status: 0, json: undefined };
    }
    const text = await res.text();
    let json: Json | undefined;
    try {
      json = text ? (JSON.parse(text) as Json) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, json };
  }
  const deliverPayload = (payload: Json) => deliver(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');

  const userOf = (id: unknown): string => {
    const user = DEMO_USERS.find((u) => u.id === id);
    if (!user) throw new SlackApiError('user_not_found');
    return user.id;
  };
  const payloadUser = (user: string) => ({ id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: LOCAL_BOT.teamId });
  const payloadTeam = { id: LOCAL_BOT.teamId, domain: LOCAL_BOT.teamDomain };

  /** What Slack shows when the app does not answer a command in time. */
  const failure = (user: string, channel: string, command: string, status: number) =>
    workspace.post({ channel, user: LOCAL_BOT.userId, forUser: user, text: `${command} failed with the error "${status === 0 ? 'operation_timeout' : status === 404 ? 'dispatch_failed' : `http_${status}`}"` });

  /** A message (or message-like reply) from the app through an ack or a response_url. */
  function applyReply(target: ResponseTarget, body: Json): void {
    const original = target.messageTs ? workspace.message(target.channel, target.messageTs) : undefined;
    if (body.delete_original === true || body.delete_original === 'true') {
      if (original) workspace.remove(original);
      return;
    }
    const content = { text: String(body.text ?? ''), blocks: Array.isArray(body.blocks) ? (body.blocks as Json[]) : undefined };
    if ((body.replace_original === true || body.replace_original === 'true') && original) {
      workspace.replace(original, content);
      return;
    }
    const inChannel = body.response_type === 'in_channel';
    workspace.post({ channel: target.channel, user: LOCAL_BOT.userId, ...content, threadTs: str(body.thread_ts), forUser: inChannel ? undefined : target.user });
  }

  // ---- what the page does ---------------------------------------------------------------

  async function command(input: Json): Promise<Json> {
    const user = userOf(input.user);
    const channel = workspace.channel(String(input.channel)) ?? workspace.openIm(user);
    const line = String(input.text ?? '').trim();
    const match = /^(\/\S+)\s*([\s\S]*)$/.exec(line);
    if (!match) throw new SlackApiError('not_a_command');
    const name = match[1]!;
    const text = escapeCommandText(match[2] ?? '', workspace.snapshot(user).channels, DEMO_USERS);
    const target = { user, channel: channel.id };
    const body = new URLSearchParams({
      token: 'playground-verification-token',
      team_id: LOCAL_BOT.teamId,
      team_domain: LOCAL_BOT.teamDomain,
      channel_id: channel.id,
      channel_name: channel.kind === 'im' ? 'directmessage' : channel.name,
      user_id: user,
      user_name: user.toLowerCase(),
      command: name,
      text,
      api_app_id: LOCAL_BOT.appId,
      is_enterprise_install: 'false',
      response_url: newResponseUrl(target),
      trigger_id: newTrigger(user),
    }).toString();
    const res = await deliver(body, 'application/x-www-form-urlencoded');
    if (res.status !== 200) failure(user, channel.id, name, res.status);
    else if (res.json && (res.json.text !== undefined || res.json.blocks !== undefined)) applyReply(target, res.json);
    return { status: res.status };
  }

  async function action(input: Json): Promise<Json> {
    const user = userOf(input.user);
    const act = input.action as Json | undefined;
    if (!act || typeof act.action_id !== 'string') throw new SlackApiError('invalid_arguments');
    const payload: Json = {
      type: 'block_actions',
      user: payloadUser(user),
      api_app_id: LOCAL_BOT.appId,
      token: 'playground-verification-token',
      trigger_id: newTrigger(user),
      team: payloadTeam,
      enterprise: null,
      is_enterprise_install: false,
      actions: [{ ...act, action_ts: `${(Date.now() / 1000).toFixed(6)}` }],
    };
    const source = input.source as Json;
    if (source.type === 'message') {
      const message = workspace.message(String(source.channel), String(source.ts));
      if (!message) throw new SlackApiError('message_not_found');
      const channel = workspace.channel(message.channel)!;
      const ephemeral = Boolean(message.forUser);
      payload.container = { type: 'message', message_ts: message.ts, channel_id: channel.id, is_ephemeral: ephemeral, ...(message.threadTs ? { thread_ts: message.threadTs } : {}) };
      payload.channel = { id: channel.id, name: channel.kind === 'im' ? 'directmessage' : channel.name };
      if (!ephemeral) payload.message = workspace.wire(message);
      payload.state = { values: (input.values as Json | undefined) ?? {} };
      payload.response_url = newResponseUrl({ user, channel: channel.id, messageTs: message.ts });
    } else {
      const found = workspace.findView(String(source.viewId));
      if (!found || found.owner !== user) throw new SlackApiError('not_found');
      if (input.values) workspace.setViewState(found.view, input.values as Json);
      payload.container = { type: 'view', view_id: found.view.id };
      payload.view = workspace.wireView(found.view);
    }
    const res = await deliverPayload(payload);
    return { status: res.status };
  }

  async function submit(input: Json): Promise<Json> {
    const user = userOf(input.user);
    const found = workspace.findView(String(input.viewId));
    if (!found || found.owner !== user || found.surface !== 'modal') throw new SlackApiError('not_found');
    const view = found.view;
    workspace.setViewState(view, (input.values as Json | undefined) ?? {});
    const payload: Json = {
      type: 'view_submission',
      team: payloadTeam,
      user: payloadUser(user),
      api_app_id: LOCAL_BOT.appId,
      token: 'playground-verification-token',
      trigger_id: newTrigger(user),
      view: workspace.wireView(view),
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    };
    const res = await deliverPayload(payload);
    if (res.status !== 200) {
      workspace.setViewErrors(view, { _: res.status === 0 ? 'The app did not answer in time (operation_timeout).' : `The app answered HTTP ${res.status}.` });
      return { status: res.status };
    }
    const r = res.json ?? {};
    switch (r.response_action) {
      case 'errors':
        workspace.setViewErrors(view, (r.errors as Record<string, string>) ?? {});
        break;
      case 'update':
        workspace.updateView(view, r.view as Json);
        break;
      case 'push':
        workspace.pushView(user, r.view as Json, false);
        break;
      case 'clear':
        workspace.closeView(user, view.id, true);
        break;
      default:
        workspace.closeView(user, view.id, false);
    }
    return { status: res.status, response_action: r.response_action ?? null };
  }

  async function close(input: Json): Promise<Json> {
    const user = userOf(input.user);
    const stack = workspace.modalStack(user);
    const view = stack.find((v) => v.id === input.viewId);
    if (!view) return { status: 200 };
    const notify = Boolean(view.view.notify_on_close);
    const wire = workspace.wireView(view);
    const all = Boolean(view.view.clear_on_close);
    workspace.closeView(user, view.id, all);
    if (!notify) return { status: 200 };
    const res = await deliverPayload({ type: 'view_closed', team: payloadTeam, user: payloadUser(user), api_app_id: LOCAL_BOT.appId, token: 'playground-verification-token', view: wire, is_cleared: all, is_enterprise_install: false });
    return { status: res.status };
  }

  async function homeOpened(input: Json): Promise<Json> {
    const user = userOf(input.user);
    const channel = workspace.openIm(user);
    const home = workspace.snapshot(user).home as OpenView | null;
    const now = Date.now() / 1000;
    const event: Json = { type: 'app_home_opened', user, channel: channel.id, tab: str(input.tab) ?? 'home', event_ts: now.toFixed(6) };
    if (home) event.view = workspace.wireView(home);
    const body = JSON.stringify({
      token: 'playground-verification-token',
      team_id: LOCAL_BOT.teamId,
      api_app_id: LOCAL_BOT.appId,
      event,
      type: 'event_callback',
      event_id: `Ev${crypto.randomBytes(6).toString('hex').toUpperCase()}`,
      event_time: Math.floor(now),
      authorizations: [{ enterprise_id: null, team_id: LOCAL_BOT.teamId, user_id: LOCAL_BOT.userId, is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
    });
    const res = await deliver(body, 'application/json');
    return { status: res.status };
  }

  /** An external select's options: a block_suggestion to the app, as Slack sends it. */
  async function suggest(input: Json): Promise<Json> {
    const user = userOf(input.user);
    const source = input.source as Json;
    const payload: Json = {
      type: 'block_suggestion',
      user: payloadUser(user),
      team: payloadTeam,
      api_app_id: LOCAL_BOT.appId,
      token: 'playground-verification-token',
      action_id: String(input.actionId ?? ''),
      block_id: String(input.blockId ?? ''),
      value: String(input.value ?? ''),
    };
    if (source.type === 'message') {
      const message = workspace.message(String(source.channel), String(source.ts));
      if (!message) throw new SlackApiError('message_not_found');
      payload.container = { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: Boolean(message.forUser) };
      payload.channel = { id: message.channel, name: workspace.channel(message.channel)?.name ?? '' };
    } else {
      const found = workspace.findView(String(source.viewId));
      if (!found || found.owner !== user) throw new SlackApiError('not_found');
      payload.container = { type: 'view', view_id: found.view.id };
      payload.view = workspace.wireView(found.view);
    }
    const res = await deliverPayload(payload);
    const body = res.json ?? {};
    const groups = Array.isArray(body.option_groups) ? (body.option_groups as Json[]) : [];
    const options = Array.isArray(body.options) ? body.options : groups.flatMap((g) => (Array.isArray(g.options) ? g.options : []));
    return { status: res.status, options };
  }

  function say(input: Json): Json {
    const user = userOf(input.user);
    const channel = workspace.channel(String(input.channel));
    if (!channel || (channel.kind === 'im' && channel.user !== user)) throw new SlackApiError('channel_not_found');
    const text = String(input.text ?? '').slice(0, 4000);
    if (!text.trim()) throw new SlackApiError('no_text');
    // Typed text is the person's own: escaped as Slack does, so it cannot form mentions or links.
    const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const message = workspace.post({ channel: channel.id, user, text: escaped, threadTs: str(input.threadTs) });
    return { ts: message.ts };
  }

  function state(user: string): Json {
    return {
      me: user,
      bot: { id: LOCAL_BOT.userId, name: LOCAL_BOT.name },
      users: DEMO_USERS.map((u) => ({ id: u.id, name: u.name, title: u.title, locale: u.locale })),
      ...workspace.snapshot(user),
    };
  }

  const UI: Record<string, (input: Json) => Promise<Json> | Json> = { command, action, submit, close, suggest, 'home-opened': homeOpened, say };

  // ---- HTTP -----------------------------------------------------------------------------

  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      if (res.headersSent) return;
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const url = new URL(req.url ?? '/', baseUrl || 'http://127.0.0.1');
    const route = url.pathname;
    // Only this machine's own pages may drive the playground: a Host other than the loopback
    // address (DNS rebinding) or a request from another site's page is refused.
    const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
    if (!allowedHosts.includes(req.headers.host ?? '')) return send(403, { ok: false, error: 'forbidden_host' });
    if (route.startsWith('/ui/') && req.method === 'POST') {
      const origin = req.headers.origin;
      const json = (req.headers['content-type'] ?? '').startsWith('application/json');
      if (!json || (origin && !allowedHosts.some((h) => origin === `http://${h}`))) return send(403, { ok: false, error: 'forbidden_origin' });
    }
    void (async () => {
      const raw = req.method === 'POST' || req.method === 'PUT' ? await readBody(req) : Buffer.alloc(0);
      const contentType = req.headers['content-type'];
      if (req.method === 'GET' && STATIC[route]) {
        const s = STATIC[route]!;
        return send(200, fs.readFileSync(path.join(PUBLIC_DIR, s.file), 'utf8'), { 'content-type': s.type, 'x-content-type-options': 'nosniff' });
      }
      if (req.method === 'GET' && route === '/ui/state') {
        const asked = url.searchParams.get('user');
        const user = DEMO_USERS.some((u) => u.id === asked) ? asked! : DEMO_USERS[0]!.id;
        return send(200, state(user));
      }
      if (req.method === 'GET' && route === '/healthz') {
        // The app's own health check, relayed: in local mode the app listens on a private port.
        const health = eventsUrl ? await fetch(new URL('/healthz', eventsUrl), { signal: AbortSignal.timeout(3000) }).catch(() => undefined) : undefined;
        return send(health?.status ?? 503, health ? await health.text() : { status: 'unavailable' });
      }
      if (req.method === 'GET' && route === '/favicon.ico') {
        res.writeHead(204);
        res.end();
        return;
      }
      if (req.method === 'GET' && route === '/ui/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write('retry: 1000\n\n');
        streams.add(res);
        req.on('close', () => streams.delete(res));
        return;
      }
      if (req.method === 'GET' && route.startsWith('/files/')) {
        const file = workspace.file(route.slice('/files/'.length));
        if (!file) return send(404, { ok: false, error: 'file_not_found' });
        const safeName = file.name.replace(/[^\w.\- ]/g, '_');
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename="${safeName}"`, 'content-length': String(file.bytes.length) });
        res.end(file.bytes);
        return;
      }
      if (req.method === 'POST' && route.startsWith('/ui/')) {
        const handler = UI[route.slice('/ui/'.length)];
        if (!handler) return send(404, { ok: false, error: 'unknown' });
        return send(200, { ok: true, ...(await handler(JSON.parse(raw.toString('utf8') || '{}') as Json)) });
      }
      if ((req.method === 'POST' || req.method === 'PUT') && route.startsWith('/upload/')) {
        const ok = workspace.storeUpload(route.slice('/upload/'.length), await uploadedBytes(raw, contentType));
        return send(ok ? 200 : 404, ok ? 'OK' : { ok: false, error: 'file_not_found' }, ok ? { 'content-type': 'text/plain' } : {});
      }
      if (req.method === 'POST' && route.startsWith('/response/')) {
        const target = responseTargets.get(route.slice('/response/'.length));
        if (!target) return send(404, { ok: false, error: 'expired_url' });
        applyReply(target, JSON.parse(raw.toString('utf8') || '{}') as Json);
        return send(200, { ok: true });
      }
      if (req.method === 'POST' && route.startsWith('/api/')) {
        const method = route.slice('/api/'.length);
        const args = parseApiArgs(raw.toString('utf8'), contentType);
        // Only the app holds the generated token: a cross-site form post cannot act as the bot.
        const given = req.headers.authorization?.replace(/^Bearer /, '') ?? (typeof args.token === 'string' ? args.token : undefined);
        if (!given) return send(200, { ok: false, error: 'not_authed' });
        if (given !== options.botToken) return send(200, { ok: false, error: 'invalid_auth' });
        const answer = workspace.call(method, args, { triggerUser: (id) => triggers.get(id)?.user, baseUrl });
        return send(200, { ok: true, ...answer });
      }
      return send(404, { ok: false, error: 'not_found' });
    })().catch((error: unknown) => {
      if (error instanceof SlackApiError) {
        if (error.code === 'unknown_method') log.warn({ path: route }, 'the app called a Web API method the playground does not know');
        return send(200, { ok: false, error: error.code });
      }
      log.warn({ path: route, err: error instanceof Error ? error.message : String(error) }, 'playground request failed');
      send(500, { ok: false, error: 'internal_error' });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  baseUrl = `http://${options.host}:${port}`;
  return {
    baseUrl,
    apiUrl: `${baseUrl}/api/`,
    botToken: options.botToken,
    port,
    workspace,
    connect(url) {
      eventsUrl = url;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of streams) s.end();
        workspace.flush();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A slash command's text as Slack sends it for a command with `should_escape: true`: &, < and >
 * escaped, `#channel` as <#C…|channel> and `@Full Name` of a member as <@U…|username>, the
 * longest name first. Anything else stays as typed.
 */
export function escapeCommandText(text: string, channels: ReadonlyArray<{ id: string; name: string; kind: string }>, users: ReadonlyArray<{ id: string; name: string }>): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const longestFirst = <T extends { name: string }>(list: readonly T[]) => [...list].sort((a, b) => b.name.length - a.name.length);
  const channelNames = longestFirst(channels.filter((c) => c.kind === 'channel'));
  const userNames = longestFirst(users);
  let out = '';
  let i = 0;
  while (i < escaped.length) {
    const sigil = escaped[i];
    const atWordStart = i === 0 || /\s/.test(escaped[i - 1]!);
    if (atWordStart && (sigil === '#' || sigil === '@')) {
      const rest = escaped.slice(i + 1);
      const fits = (name: string) => rest.toLowerCase().startsWith(name.toLowerCase()) && !/[\p{L}\p{N}_-]/u.test(rest.charAt(name.length));
      const channel = sigil === '#' ? channelNames.find((c) => fits(c.name)) : undefined;
      const user = sigil === '@' ? userNames.find((u) => fits(u.name)) : undefined;
      if (channel) {
        out += `<#${channel.id}|${channel.name}>`;
        i += 1 + channel.name.length;
        continue;
      }
      if (user) {
        out += `<@${user.id}|${user.id.toLowerCase()}>`;
        i += 1 + user.name.length;
        continue;
      }
    }
    out += sigil;
    i++;
  }
  return out;
}
