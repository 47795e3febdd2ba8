import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { projectFile } from '../platform/project-files';
import { systemClock, type Clock } from '../platform/clock';
import { silentLogger, type Logger } from '../platform/logger';
import { DEMO_USERS, type BotIdentity } from './demo-users';
import { playgroundPage } from './page';
import { parseApiArgs, SlackWebApi, type Fault, type PayloadValidator, type PostedMessage, type SlackCall } from './web-api';
import { SlackApiError, Workspace, type Json, type ReplyTarget } from './workspace';

export type { Fault, PayloadValidator, PostedMessage, SlackCall } from './web-api';

/**
 * The one stand-in for Slack, for the playground and for the tests: the Web API the app calls
 * (through SLACK_API_URL), the response_url and file upload endpoints, and the playground's page.
 * It records every Web API call and can be told to fail some (tests assert on what the app sent
 * and play Slack's failures); the playground's page drives the app as a person in Slack would.
 * Listens on the loopback interface only.
 */
export interface StandIn {
  baseUrl: string;
  apiUrl: string;
  port: number;
  /** The token the app calls the Web API with (the only one accepted), when the stand-in was given one. */
  botToken?: string;
  workspace: Workspace;
  /** Where the app listens (set once the app has started): the page sends it what people do. */
  connect(eventsUrl: string): void;

  // ---- what tests look at and set ------------------------------------------------------
  /** Every Web API call, in order (and file uploads, as method `upload`). */
  calls: SlackCall[];
  /** Calls of one method, in order. */
  callsTo(method: string): SlackCall[];
  /** Messages posted with chat.postMessage, in order (including posts whose answer a fault lost). */
  posted: PostedMessage[];
  /** Payloads Slack would have refused (the `validate` option), with the method. */
  violations: string[];
  /** Replies sent to a response_url. */
  responses: Array<{ path: string; body: Json }>;
  /** Makes the next `times` calls of `method` fail. */
  failNext(method: string, fault: Fault, times?: number): void;
  /** The Slack locale users.info gives for a person (e.g. en-US). */
  setUserLocale(userId: string, locale: string): void;
  /** users.info says this person is a bot. */
  setBot(userId: string): void;
  /** Slack's clock, for a test whose app runs at a simulated time (when posts land); undefined or reset() restores the stand-in's clock. */
  setClock(now: (() => number) | undefined): void;
  /** A response_url that lands here. */
  responseUrl(id?: string): string;
  /** Forgets every call, post, reply, fault and setting, and empties the workspace. */
  reset(): void;
  close(): Promise<void>;
}

export interface StandInOptions {
  host?: '127.0.0.1';
  /** 0 (the default) for any free port. */
  port?: number;
  logger?: Logger;
  /** Slack's clock (message timestamps, when calls arrive, request signatures); the system clock by default. */
  clock?: Clock;
  /** The only token the Web API accepts (the playground: a cross-site form cannot act as the bot); any token when absent. */
  botToken?: string;
  /** The secret the page signs what it sends to the app with (the playground). */
  signingSecret?: string;
  /** Where the workspace is kept across restarts (the playground), or null. */
  stateFile?: string | null;
  /** The demo people (the playground, by default), or anyone the app names (tests). */
  people?: 'demo' | 'anyone';
  /** The app's bot user and workspace as Slack shows them; the playground's by default. */
  bot?: BotIdentity;
  /** What Slack would refuse in a call: tests check Block Kit's schema. A refusal is answered invalid_blocks and kept in `violations`. */
  validate?: PayloadValidator;
  /** Whether to keep every call, post and response_url reply (tests, by default); a long-running playground does not. */
  record?: boolean;
}

const PUBLIC_DIR = projectFile('src', 'local', 'public');
const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/render.js': { file: 'render.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};
const MAX_BODY = 10 * 1024 * 1024;
const TRIGGER_LIFETIME_MS = 60_000;

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

export async function startStandIn(options: StandInOptions = {}): Promise<StandIn> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? silentLogger();
  const log = logger.child({ component: 'slack-stand-in' });
  const baseClock = options.clock ?? systemClock;
  let simulated: (() => number) | undefined;
  const clock: Clock = { now: () => (simulated ? new Date(simulated()) : baseClock.now()) };
  const workspace = new Workspace(options.stateFile ?? null, { clock, people: options.people ?? 'demo', bot: options.bot });
  const triggers = new Map<string, { user: string; at: number }>();
  /** Response URLs that land here: the conversation a reply goes to, or null for a URL a test made (the reply is only recorded). */
  const responseTargets = new Map<string, ReplyTarget | null>();
  const responses: StandIn['responses'] = [];
  const streams = new Set<http.ServerResponse>();
  let eventsUrl = '';
  let baseUrl = '';
  let port = 0;

  const api = new SlackWebApi(workspace, {
    clock,
    botToken: options.botToken,
    validate: options.validate,
    record: options.record ?? true,
    triggerUser: (id) => triggers.get(id)?.user,
    baseUrl: () => baseUrl,
  });

  workspace.onChange(() => {
    for (const s of streams) s.write('data: changed\n\n');
  });

  const page = playgroundPage({
    workspace,
    clock,
    logger: log,
    signingSecret: options.signingSecret ?? crypto.randomBytes(24).toString('hex'),
    eventsUrl: () => eventsUrl,
    newTrigger(user) {
      const now = clock.now().getTime();
      const id = `${now}.${crypto.randomInt(1e9)}.${crypto.randomBytes(8).toString('hex')}`;
      triggers.set(id, { user, at: now });
      for (const [k, v] of triggers) if (now - v.at > TRIGGER_LIFETIME_MS) triggers.delete(k);
      return id;
    },
    newResponseUrl(target) {
      const id = crypto.randomBytes(12).toString('hex');
      responseTargets.set(id, target);
      return `${baseUrl}/response/${id}`;
    },
  });

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
      if (req.method === 'POST' && route.startsWith('/api/')) {
        const method = route.slice('/api/'.length);
        const args = parseApiArgs(raw.toString('utf8'), contentType);
        const token = req.headers.authorization?.replace(/^Bearer /, '') ?? (typeof args.token === 'string' ? args.token : undefined);
        const answer = await api.answer(method, args, token);
        if (answer.body.error === 'unknown_method') log.warn({ path: route }, 'the app called a Web API method the stand-in does not know');
        return send(answer.status, answer.body, answer.headers);
      }
      if ((req.method === 'POST' || req.method === 'PUT') && route.startsWith('/upload/')) {
        const ok = api.upload(route.slice('/upload/'.length), await uploadedBytes(raw, contentType));
        return send(ok ? 200 : 404, ok ? 'OK' : { ok: false, error: 'file_not_found' }, ok ? { 'content-type': 'text/plain' } : {});
      }
      if (req.method === 'POST' && route.startsWith('/response/')) {
        const target = responseTargets.get(route.slice('/response/'.length));
        // A URL the stand-in never gave has expired, as Slack's do (an open workspace takes any).
        if (target === undefined && !workspace.open) return send(404, { ok: false, error: 'expired_url' });
        const body = JSON.parse(raw.toString('utf8') || '{}') as Json;
        if (options.record ?? true) responses.push({ path: route, body });
        if (target) workspace.reply(target, body);
        return send(200, { ok: true });
      }
      if (req.method === 'GET' && STATIC[route]) {
        const s = STATIC[route]!;
        return send(200, fs.readFileSync(path.join(PUBLIC_DIR, s.file), 'utf8'), { 'content-type': s.type, 'x-content-type-options': 'nosniff' });
      }
      if (req.method === 'GET' && route === '/ui/state') {
        const asked = url.searchParams.get('user');
        const user = DEMO_USERS.some((u) => u.id === asked) ? asked! : DEMO_USERS[0]!.id;
        return send(200, page.state(user));
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
        // Images (charts shown by slack_file) display in the page; anything else downloads.
        const image = /\.png$/i.test(file.name) && file.bytes.subarray(1, 4).toString('latin1') === 'PNG';
        res.writeHead(200, {
          'content-type': image ? 'image/png' : 'application/octet-stream',
          'content-disposition': `${image ? 'inline' : 'attachment'}; filename="${safeName}"`,
          'content-length': String(file.bytes.length),
        });
        res.end(file.bytes);
        return;
      }
      if (req.method === 'POST' && route.startsWith('/ui/')) {
        const handler = page.actions[route.slice('/ui/'.length)];
        if (!handler) return send(404, { ok: false, error: 'unknown' });
        return send(200, { ok: true, ...(await handler(JSON.parse(raw.toString('utf8') || '{}') as Json)) });
      }
      return send(404, { ok: false, error: 'not_found' });
    })().catch((error: unknown) => {
      if (error instanceof SlackApiError) return send(200, { ok: false, error: error.code });
      log.warn({ path: route, err: error instanceof Error ? error.message : String(error) }, 'stand-in request failed');
      send(500, { ok: false, error: 'internal_error' });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host}:${port}`;
  return {
    baseUrl,
    apiUrl: `${baseUrl}/api/`,
    botToken: options.botToken,
    port,
    workspace,
    connect(url) {
      eventsUrl = url;
    },
    calls: api.calls,
    callsTo: (method) => api.callsTo(method),
    posted: api.posted,
    violations: api.violations,
    responses,
    failNext: (method, fault, times) => api.failNext(method, fault, times),
    setUserLocale: (userId, locale) => workspace.setUserLocale(userId, locale),
    setBot: (userId) => workspace.setBot(userId),
    setClock(now) {
      simulated = now;
    },
    responseUrl(id = crypto.randomBytes(12).toString('hex')) {
      if (!responseTargets.has(id)) responseTargets.set(id, null);
      return `${baseUrl}/response/${id}`;
    },
    reset() {
      api.reset();
      responses.length = 0;
      simulated = undefined;
      triggers.clear();
      responseTargets.clear();
      workspace.reset();
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
