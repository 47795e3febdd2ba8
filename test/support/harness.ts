import { testConfig } from './platform';
import type { Knex } from 'knex';
import type { Clock } from '../../src/platform/clock';
import { TestClock } from './clock';
import type { AppConfig } from '../../src/platform/config';
import { CHANGES_CHANNEL } from '../../src/platform/database';
import type { ChangeAware } from '../../src/platform/cache';
import { startApp, type RunningApp } from '../../src/app/start';
import { silentLogger, type Logger } from '../../src/platform/logger';
import { blockKit } from './block-kit-schema';
import { databaseTarget, type DatabaseKind } from './databases';
import { startFakeSlack, type FakeSlack } from './fake-slack';
import {
  blockActionPayload,
  commandBody,
  eventBody,
  httpRequest,
  postSigned,
  viewSubmissionPayload,
  type HttpResult,
} from './slack-requests';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const COORDINATOR = 'UCOORD01';
export const HOME_REFRESH_WINDOW_MS_IN_TESTS = 300;

export interface TestApp {
  kind: DatabaseKind;
  app: RunningApp;
  slack: FakeSlack;
  url: string;
  config: AppConfig;
  /** Sends a signed slash command; resolves with the HTTP result (the ack body is the ephemeral reply). */
  command(userId: string, command: string, text?: string, options?: { channelId?: string }): Promise<HttpResult>;
  action(userId: string, actionId: string, options?: { value?: string; selectedOption?: string; type?: string; channelId?: string; messageTs?: string; view?: Record<string, unknown> }): Promise<HttpResult>;
  submitView(userId: string, callbackId: string, values: Record<string, Record<string, unknown>>, privateMetadata?: string): Promise<HttpResult>;
  event(type: string, userId: string, options?: { eventId?: string; extra?: Record<string, unknown>; retryNum?: number }): Promise<HttpResult>;
  postInteractive(payload: Record<string, unknown>): Promise<HttpResult>;
  health(): Promise<HttpResult>;
  /**
   * Writes straight to the database, as someone in psql would, and returns once the app has heard
   * the change announced: PostgreSQL delivers the NOTIFY a moment after the commit, so a request
   * sent at once could still be answered from memory (src/services/change-cache.ts).
   */
  byHand<T>(write: (knex: Knex) => Promise<T>): Promise<T>;
  /**
   * Resolves once the app's work after its answers is done, as far as Slack can see: the publisher
   * and the outbox have delivered what is due, App Home refreshes are published, and a whole round
   * of that brought no new Web API call or response_url reply. Tests wait on this, not on a sleep.
   */
  settled(): Promise<void>;
  /** Empties every table (not the migrations) and re-runs the start-up bootstrap. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Resolves once `app` has heard every change committed before the call: a marker NOTIFY is
 * delivered after them (PostgreSQL delivers in commit order). A reconnecting listener empties every
 * cache when it is back, which settles it too; a marker sent while it was away is lost, so it is resent.
 */
export async function changesHeard(app: RunningApp): Promise<void> {
  const marker = `test-marker-${process.pid}-${Math.random().toString(36).slice(2)}`;
  let heard = () => {};
  const done = new Promise<void>((resolve) => (heard = resolve));
  const probe: ChangeAware = {
    changed: (table) => { if (table === marker) heard(); },
    setLive: (live) => { if (live) heard(); },
  };
  app.platform.caches.push(probe);
  let resend: NodeJS.Timeout | undefined;
  let failed: NodeJS.Timeout | undefined;
  const announce = () => app.db.knex.raw('select pg_notify(?, ?)', [CHANGES_CHANNEL, marker]).then(() => undefined);
  try {
    await announce();
    await Promise.race([
      done,
      // A marker sent while the listener was reconnecting is lost: send it again until it is heard.
      new Promise<never>((_, reject) => {
        resend = setInterval(() => void announce().catch(reject), 500);
        failed = setTimeout(() => reject(new Error('the app did not hear the change announcement within 10 s')), 10_000);
      }),
    ]);
  } finally {
    clearInterval(resend);
    clearTimeout(failed);
    app.platform.caches.splice(app.platform.caches.indexOf(probe), 1);
  }
}

/** Waits until `check` returns a truthy value (polling), or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 10_000, label = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function startTestApp(
  kind: DatabaseKind,
  options: {
    adminUserIds?: string[];
    config?: Partial<AppConfig>;
    database?: Awaited<ReturnType<typeof databaseTarget>>;
    /** The app's clock; a TestClock starting at TEST_START when absent (no test depends on today's date). */
    clock?: Clock;
    /** The app's logger; silent when absent. */
    logger?: Logger;
  } = {},
): Promise<TestApp> {
  const clock = options.clock ?? new TestClock();
  // Slack's clock is the app's: a post lands at the time the app believes it is.
  const slack = await startFakeSlack({ clock });
  // A caller may bring its own database (e.g. a scratch PostgreSQL reached through a proxy).
  const database = options.database ?? (await databaseTarget(kind));
  const config = testConfig(
    { apiUrl: slack.apiUrl, database: database.target, signingSecret: SIGNING_SECRET },
    { adminUserIds: options.adminUserIds ?? [COORDINATOR], ...options.config },
  );
  const app = await startApp(config, {
    logger: options.logger ?? silentLogger(),
    scheduleJobs: false,
    clock,
    publisher: { minIntervalMs: 200, sweepMs: 200 },
    outbox: { sweepMs: 200 },
    // A Home is republished at most once per window; 2 s in production, shorter here so tests that
    // follow several changes to one person's Home do not wait seconds for each.
    homeRefreshWindowMs: HOME_REFRESH_WINDOW_MS_IN_TESTS,
  });
  const url = `http://127.0.0.1:${app.port}`;
  const post = (body: string, contentType: string, headers?: Record<string, string>) =>
    postSigned(`${url}/slack/events`, body, { secret: SIGNING_SECRET, contentType, headers });
  // Replies that travel in the HTTP ack (command replies, response_action views) are checked too.
  const checked = async (result: Promise<HttpResult>): Promise<HttpResult> => {
    const res = await result;
    const body = res.json;
    const invalid = body?.blocks !== undefined ? blockKit.message(body.blocks) : body?.view !== undefined ? blockKit.modal(body.view) : undefined;
    if (invalid) slack.violations.push(`ack: ${invalid}`);
    return res;
  };
  const postInteractive = (payload: Record<string, unknown>) =>
    checked(post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded'));
  return {
    kind,
    app,
    slack,
    url,
    config,
    command: (userId, command, text = '', opts = {}) =>
      checked(post(commandBody({ command, text, userId, channelId: opts.channelId, responseUrl: slack.responseUrl() }), 'application/x-www-form-urlencoded')),
    action: (userId, actionId, opts = {}) => postInteractive(blockActionPayload({ userId, actionId, responseUrl: slack.responseUrl(), ...opts })),
    submitView: (userId, callbackId, values, privateMetadata) => postInteractive(viewSubmissionPayload({ userId, callbackId, values, privateMetadata })),
    event: (type, userId, opts = {}) =>
      post(
        eventBody({ type, userId, eventId: opts.eventId, extra: opts.extra }),
        'application/json',
        opts.retryNum ? { 'x-slack-retry-num': String(opts.retryNum), 'x-slack-retry-reason': 'http_timeout' } : undefined,
      ),
    postInteractive,
    health: () => httpRequest(`${url}/healthz`),
    async byHand(write) {
      const result = await write(app.db.knex);
      await changesHeard(app);
      return result;
    },
    async settled() {
      for (;;) {
        const seen = slack.calls.length + slack.responses.length;
        await app.requestsDone();
        await app.platform.publisher.flush();
        await app.platform.outbox.flush();
        await app.platform.homeTabs.idle();
        if (slack.calls.length + slack.responses.length === seen) return;
      }
    },
    async reset() {
      // What the previous test's requests still do after their ack (a reply that follows by
      // response_url, such as the network map after /riepilogo indicatori) and its background App
      // Home refreshes land now, not in the next test.
      await app.requestsDone();
      await app.platform.homeTabs.idle();
      if (slack.violations.length > 0) {
        const found = slack.violations.splice(0);
        throw new Error(`the previous test sent payloads Slack would refuse:\n${found.join('\n')}`);
      }
      const knex = app.db.knex;
      const tables = (await knex.raw(
        `select tablename from pg_tables where schemaname = current_schema() and tablename not like 'knex_migrations%'`,
      )).rows as Array<{ tablename: string }>;
      if (tables.length) await truncateAll(knex, tables.map((t) => t.tablename));
      await app.areas.network.bootstrap();
      // What the previous test's requests left in memory must be gone before the next one asks.
      await changesHeard(app);
      slack.reset();
    },
    async stop() {
      const found = slack.violations.splice(0);
      await app.stop();
      await slack.close();
      await database.cleanup();
      if (found.length > 0) throw new Error(`payloads Slack would refuse:\n${found.join('\n')}`);
    },
  };
}

/**
 * Empties the tables. The publisher's and the outbox's background passes (a sweep of the previous
 * test's leftovers) may hold row locks meanwhile; when PostgreSQL resolves that as a deadlock and
 * picks the truncate, it is run again (the pass it collided with has then ended or failed).
 */
async function truncateAll(knex: Knex, tables: string[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await knex.raw(`truncate ${tables.map((t) => `"${t}"`).join(', ')} restart identity cascade`);
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== '40P01' || attempt === 3) throw error;
    }
  }
}

/** Text of every section/context/header in a reply, joined: what a user reads. */
export function visibleText(message: { text?: unknown; blocks?: unknown } | undefined): string {
  if (!message) return '';
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o.text === 'string') out.push(o.text);
      for (const [k, v] of Object.entries(o)) if (k !== 'text' || typeof v !== 'string') walk(v);
    }
  };
  walk(message.blocks ?? []);
  if (out.length === 0 && typeof message.text === 'string') out.push(message.text);
  return out.join('\n');
}
