import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { AppConfig } from '../config';
import type { Logger } from '../lib/logger';

export interface HealthCheck {
  (): Promise<{ ok: boolean; body: Record<string, unknown> }>;
}

/** Bolt's logger interface on top of ours, so Bolt's own messages are structured too. */
function boltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ component: 'bolt' });
  let level = LogLevel.INFO;
  return {
    debug: (...msg) => log.debug(msg.map(String).join(' ')),
    info: (...msg) => log.info(msg.map(String).join(' ')),
    warn: (...msg) => log.warn(msg.map(String).join(' ')),
    error: (...msg) => log.error(msg.map(String).join(' ')),
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
 * The Bolt app: HTTP receiver on /slack/events (signature check on, stale timestamps refused)
 * or Socket Mode when SLACK_APP_TOKEN is set; /healthz in both. The Web API client fails fast
 * on rate limits so callers (the publisher, jobs) schedule the retry with Retry-After themselves.
 */
export function createBoltApp(input: {
  config: AppConfig;
  logger: Logger;
  health: HealthCheck;
  identity?: { botId?: string; botUserId?: string };
}): App {
  const { config } = input;
  const socketMode = Boolean(config.slack.appToken);
  return new App({
    token: config.slack.botToken,
    signingSecret: config.slack.signingSecret || undefined,
    socketMode,
    appToken: config.slack.appToken,
    tokenVerificationEnabled: false,
    botId: input.identity?.botId,
    botUserId: input.identity?.botUserId,
    logger: boltLogger(input.logger),
    customRoutes: [healthRoute(input.health)],
    installerOptions: socketMode ? { port: config.port } : undefined,
    clientOptions: {
      slackApiUrl: config.slack.apiUrl,
      rejectRateLimitedCalls: true,
      timeout: 10_000,
      retryConfig: { retries: 1, factor: 1, minTimeout: 300, maxTimeout: 300 },
    },
  });
}
