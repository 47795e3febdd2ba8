import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPModuleFunctions, HTTPReceiver, LogLevel, isValidSlackRequest, type BlockAction, type CustomRoute, type Logger as BoltLogger, type ReceiverEvent, type ReceiverProcessEventErrorHandlerArgs } from '@slack/bolt';
import { systemClock, type Clock } from '../clock';
import type { AppConfig } from '../config';
import type { Logger } from '../logger';
import { HELD_FOR_ACKS, type AckFirst } from './ack-first';
import type { InFlight } from './in-flight';
import { metricsHandler, type Metrics, type Surface } from '../metrics';

/** The one path Slack posts to. */
export const EVENTS_PATH = '/slack/events';
/** How far a request's signed timestamp may be from the time of day, either way (Slack's own rule for stale ones). */
export const SIGNATURE_WINDOW_SECONDS = 5 * 60;

export interface HealthCheck {
  (): Promise<{ ok: boolean; body: Record<string, unknown> }>;
}

/**
 * What a message of Bolt or of the Web API client may say: its words, never a request or
 * response body. At debug level they log the Web API's arguments and results (`http request
 * body: {…}`, `http request result: {…}`) and, in developer mode, each incoming payload: typed
 * text and candidate codes. Those messages are dropped; anything from a brace or bracket on is
 * cut from the others (an error carrying a stored response, a JSON fragment).
 */
export function withoutBodies(message: string): string | undefined {
  if (/^\s*http request (?:body|result|headers)\b/i.test(message)) return undefined;
  if (/^\s*[{[]/.test(message)) return undefined;
  const cut = message.replace(/,?\s*storedResponse:[\s\S]*$/, '').replace(/[{[][\s\S]*$/, '[body not logged]');
  return cut.trim() ? cut : undefined;
}

/** Bolt's logger interface on top of ours, so Bolt's own messages are structured too; request and response bodies never pass (withoutBodies). */
export function boltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ component: 'bolt' });
  let level = LogLevel.INFO;
  const say = (write: (text: string) => void) => (...msg: unknown[]) => {
    const text = withoutBodies(msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : typeof m === 'object' ? '{}' : String(m))).join(' '));
    if (text !== undefined) write(text);
  };
  return {
    debug: say((text) => log.debug(text)),
    info: say((text) => log.info(text)),
    warn: say((text) => log.warn(text)),
    error: say((text) => log.error(text)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

function healthRoute(check: HealthCheck) {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: (_req: IncomingMessage, res: ServerResponse) => {
      check()
        .catch(() => ({ ok: false, body: { status: 'unavailable' } }))
        .then(({ ok, body }) => {
          res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
          res.end(JSON.stringify(body));
        });
    },
  };
}

/**
 * A signed request whose payload Bolt itself cannot process (a missing `user`, a `view` that is
 * not an object…) throws inside Bolt before any listener runs; Bolt's default answers 500, which
 * Slack retries. Such a request is malformed, not a failure of ours: answer 400, once, and log it.
 */
async function refuseMalformed({ error, logger, response }: ReceiverProcessEventErrorHandlerArgs): Promise<boolean> {
  if (response.headersSent) return false;
  logger.warn(`refused a request Bolt could not process: ${error instanceof Error ? error.message : String(error)}`);
  response.writeHead(400);
  response.end();
  return false;
}

const PAYLOAD_SURFACES: Record<string, Surface> = {
  block_actions: 'action',
  interactive_message: 'action',
  shortcut: 'action',
  message_action: 'action',
  view_submission: 'view',
  view_closed: 'view',
  block_suggestion: 'options',
};

/** Which surface a Slack request is, from its body as Bolt parses it (for the metrics); `other` when it cannot tell. */
function surfaceOf(body: unknown): Surface {
  if (body === null || typeof body !== 'object') return 'other';
  const { command, type } = body as { command?: unknown; type?: unknown };
  if (typeof command === 'string') return 'command';
  if (type === 'event_callback') return 'event';
  return (typeof type === 'string' && PAYLOAD_SURFACES[type]) || 'other';
}

/** The body as Bolt will parse it: undefined when it is no JSON at all (Bolt answers 400 itself). */
function parsedBody(req: IncomingMessage & { rawBody: Buffer }): { body: unknown } | undefined {
  try {
    return { body: HTTPModuleFunctions.parseHTTPRequestBody(req) };
  } catch {
    return undefined;
  }
}

/** A click Bolt can dispatch: who clicked and what. Anything else takes Bolt's own path (and its 400 when malformed). */
function isClick(body: unknown): body is BlockAction {
  if (body === null || typeof body !== 'object') return false;
  const click = body as { type?: unknown; user?: { id?: unknown } | null; actions?: unknown };
  return click.type === 'block_actions' && typeof click.user === 'object' && click.user !== null && typeof click.user.id === 'string' && Array.isArray(click.actions);
}

/** What the receiver needs to answer a click itself and hand it to Bolt after the ack. */
interface ClickHandoff {
  /** Runs the click through Bolt's listeners (the router), with the ack already sent. */
  dispatch(event: ReceiverEvent): Promise<void>;
  inFlight: InFlight;
  ackFirst: Pick<AckFirst, 'settled'>;
}

/**
 * A click already answered, handled as work after the ack. Only its body is kept while it waits
 * (not the request and response it came with: a burst holds a thousand of these).
 */
function handOver(handoff: ClickHandoff, body: BlockAction, logger: BoltLogger): void {
  void handoff.inFlight.track(async () => {
    await handoff.ackFirst.settled();
    await handoff.dispatch({ body: body as unknown as ReceiverEvent['body'], ack: async () => {}, customProperties: { [HELD_FOR_ACKS]: true } }).catch((error: unknown) => {
      logger.warn(`a click could not be processed after its ack: ${error instanceof Error ? error.message : String(error)}`);
    });
  })();
}

/**
 * Every POST to /slack/events passes here before Bolt:
 * - its body is read and parsed once, which tells the metrics its surface;
 * - a click (block_actions) is answered 200 as soon as its signature checks out, and handed to
 *   Bolt as work after the ack (held by AckFirst while other requests wait for theirs). Its answer
 *   carries nothing, so nothing Bolt or a handler does could change it; answering before Bolt's
 *   middleware runs is what lets a thousand voters at once get their acks in time (bench/, busy
 *   poll), and it is counted in flight until its handler ends, so a stop still waits for it;
 * - Bolt 5.1 reads `body.ssl_check` from a signed payload that parses to something other than an
 *   object (`payload=null`) outside its error handling: the request never gets an answer and the
 *   rejection goes unhandled. Such requests are answered 400 (401 when unsigned) here;
 * - everything else goes to Bolt, which reuses the body buffered here and checks the signature itself.
 */
function answerBeforeBolt(receiver: HTTPReceiver, signingSecret: string, logger: BoltLogger, routes: readonly CustomRoute[], clock: Clock, options: { metrics?: Metrics; ackFirst?: Pick<AckFirst, 'arrived'>; clicks: () => ClickHandoff | undefined }): void {
  const boltListener = receiver.requestListener;
  const { metrics, ackFirst } = options;
  receiver.requestListener = (req, res) => {
    if (answeredAtOnce(req, res, routes, clock)) return;
    if (req.method !== 'POST') return boltListener(req, res);
    if (ackFirst) {
      const answered = ackFirst.arrived();
      res.once('finish', answered);
      res.once('close', answered);
    }
    const arrived = performance.now();
    HTTPModuleFunctions.bufferIncomingMessage(req, HTTPModuleFunctions.defaultBodyLimit).then(
      (buffered) => {
        const parsed = parsedBody(buffered);
        if (metrics?.enabled) {
          // The answer to Slack is the ack: its status and how long it took, by surface.
          const surface = surfaceOf(parsed?.body);
          res.once('finish', () => metrics.observeRequest(surface, res.statusCode, (performance.now() - arrived) / 1000));
        }
        const signed = () => isValidSlackRequest({ signingSecret, body: buffered.rawBody.toString(), headers: { 'x-slack-signature': String(req.headers['x-slack-signature'] ?? ''), 'x-slack-request-timestamp': Number(req.headers['x-slack-request-timestamp']) } });
        const handoff = options.clicks();
        if (handoff && isClick(parsed?.body) && signed()) {
          HTTPModuleFunctions.buildNoBodyResponse(res, 200);
          handOver(handoff, parsed.body, logger);
          return;
        }
        if (!parsed || (parsed.body !== null && typeof parsed.body === 'object')) return boltListener(req, res);
        if (!signed()) return boltListener(req, res); // unsigned or stale: Bolt answers 401
        logger.warn('refused a signed request whose payload is not an object');
        HTTPModuleFunctions.buildNoBodyResponse(res, 400);
      },
      (error: unknown) => {
        HTTPModuleFunctions.buildNoBodyResponse(res, HTTPModuleFunctions.isRawBodyError(error) && error.statusCode === 413 ? 413 : 400);
      },
    );
  };
}

/** Answers with no body and closes the connection; a body the client is still sending is read and dropped. */
function finish(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string> = {}): true {
  res.writeHead(status, { connection: 'close', 'content-length': '0', 'cache-control': 'no-store', ...headers });
  res.end();
  req.resume();
  return true;
}

/**
 * Requests answered before Bolt sees them, each at once and with the connection closed:
 * - any path other than POST /slack/events and the custom routes (GET /healthz, and whatever
 *   else is added to them): 404, or 405 with `Allow` for a known path and another method;
 * - a request to /slack/events signed more than five minutes in the future: 401, as Bolt answers
 *   a stale one (Bolt checks only the past). The signature is Slack's wall-clock time, so this
 *   reads the system clock, not the app's (which tests move).
 */
function answeredAtOnce(req: IncomingMessage, res: ServerResponse, routes: readonly CustomRoute[], clock: Clock): boolean {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const method = (req.method ?? 'GET').toUpperCase();
  if (path === EVENTS_PATH) {
    if (method !== 'POST') return finish(req, res, 405, { allow: 'POST' });
    const timestamp = Number(req.headers['x-slack-request-timestamp']);
    if (Number.isFinite(timestamp) && timestamp - Math.floor(clock.now().getTime() / 1000) > SIGNATURE_WINDOW_SECONDS) return finish(req, res, 401);
    return false;
  }
  const route = routes.find((r) => r.path === path);
  if (!route) return finish(req, res, 404);
  const methods = (Array.isArray(route.method) ? route.method : [route.method]).map((m) => m.toUpperCase());
  if (methods.includes(method)) return false;
  return finish(req, res, 405, { allow: methods.join(', ') });
}

/**
 * The Bolt app: HTTP receiver on /slack/events (signature check on, stale timestamps refused)
 * or Socket Mode when SLACK_APP_TOKEN is set; /healthz in both. The Web API client fails fast
 * on rate limits so callers (the publisher, jobs) schedule the retry with Retry-After themselves.
 */
export function createBoltApp(input: {
  config: AppConfig;
  logger: Logger;
  health: HealthCheck;
  identity?: { botId?: string; botUserId?: string };
  /** Routes served beside /slack/events and /healthz (GET /metrics…); any other path is answered 404 at once. */
  routes?: readonly CustomRoute[];
  /** The time of day for the signature window: the system clock (Slack signs with real time). */
  signatureClock?: Clock;
  /** Requests and Slack calls are counted here; GET /metrics is served on the app's port unless METRICS_PORT moves it. */
  metrics?: Metrics;
  /** Told of every Slack request until it is answered, so work after an ack can let the acks go first. */
  ackFirst?: Pick<AckFirst, 'arrived' | 'settled'>;
  /** The requests being handled; with `ackFirst`, clicks are answered by the receiver and handled as work after the ack. */
  inFlight?: InFlight;
}): App {
  const { config } = input;
  const socketMode = Boolean(config.slack.appToken);
  const logger = boltLogger(input.logger);
  const metrics = input.metrics?.enabled ? input.metrics : undefined;
  const customRoutes: CustomRoute[] = [healthRoute(input.health), ...(input.routes ?? [])];
  if (metrics && config.metrics.port === undefined) customRoutes.push({ path: '/metrics', method: ['GET'], handler: metricsHandler(metrics, input.logger) });
  const receiver = socketMode
    ? undefined
    : new HTTPReceiver({ signingSecret: config.slack.signingSecret, customRoutes, logger, processEventErrorHandler: refuseMalformed });
  let handoff: ClickHandoff | undefined;
  if (receiver) answerBeforeBolt(receiver, config.slack.signingSecret, logger, customRoutes, input.signatureClock ?? systemClock, { metrics, ackFirst: input.ackFirst, clicks: () => handoff });
  const app = new App({
    token: config.slack.botToken,
    receiver,
    signingSecret: receiver ? undefined : config.slack.signingSecret || undefined,
    socketMode,
    appToken: config.slack.appToken,
    tokenVerificationEnabled: false,
    botId: input.identity?.botId,
    botUserId: input.identity?.botUserId,
    logger,
    customRoutes: receiver ? undefined : customRoutes,
    installerOptions: socketMode ? { port: config.port } : undefined,
    clientOptions: {
      slackApiUrl: config.slack.apiUrl,
      rejectRateLimitedCalls: true,
      timeout: 10_000,
      // No silent client retries: a re-sent chat.postMessage after a lost answer posts twice;
      // callers retry what Slack surely refused (publisher, jobs) from the database.
      retryConfig: { retries: 0 },
      // Counts each Web API call by method and Slack's error code (metrics).
      ...(metrics?.slackFetch ? { fetch: metrics.slackFetch } : {}),
    },
  });
  if (input.ackFirst && input.inFlight) handoff = { dispatch: (event) => app.processEvent(event), inFlight: input.inFlight, ackFirst: input.ackFirst };
  return app;
}
