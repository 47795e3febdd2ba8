import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Clock } from './clock';
import type { Database } from './database';
import type { Job, JobReport } from './jobs/types';
import type { Logger } from './logger';
import { outboxBacklog } from './outbox/outbox-store';

/**
 * What the app is doing, for Prometheus (`GET /metrics`, README "Metrics"), with prom-client. Labels
 * are the app's own finite vocabularies only (surfaces, error codes, job names, Slack method names
 * and error codes, pool names): never a user, a channel, a text or a candidate code.
 */

export type Surface = 'command' | 'action' | 'view' | 'options' | 'event' | 'other';

/** The subset of WHATWG fetch the Slack Web API client uses (its `fetch` option). */
type Fetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

export interface Metrics {
  readonly enabled: boolean;
  /** One Slack request answered (its ack): surface, HTTP status and the seconds from arrival to the answer. */
  observeRequest(surface: Surface, status: number, seconds: number): void;
  /** A request refused or failed with this AppError code. */
  countError(code: string): void;
  /** The same job, counting its runs, their outcome and duration. */
  instrumentJob(job: Job): Job;
  /** Slack Web API calls by method and error, for the Web API client's `fetch` option (undefined when off). */
  slackFetch: Fetch | undefined;
  /** Database pool use and the outbox backlog, read at each scrape. */
  watchDatabase(db: Database, clock: Clock): void;
  /** The Prometheus text exposition. */
  render(): Promise<{ contentType: string; body: string }>;
}

const ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];
const JOB_BUCKETS = [0.01, 0.1, 0.5, 1, 5, 15, 60, 300];

const SLACK_METHOD = /^[a-z]+(\.[a-zA-Z]+){1,3}$/;
const SLACK_ERROR = /^[a-z_]{1,50}$/;

function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

/** The Web API method of a call's URL (`…/api/chat.postMessage` → `chat.postMessage`), or `other`. */
function slackMethod(url: string | URL): string {
  const last = String(url).split('?')[0]!.split('/').pop() ?? '';
  return SLACK_METHOD.test(last) ? last : 'other';
}

type Pool = { numUsed(): number; numFree(): number; numPendingAcquires(): number };
function poolOf(knex: Database['knex']): Pool | undefined {
  const pool = knex.client.pool as unknown;
  return pool && typeof pool === 'object' && 'numUsed' in pool && 'numFree' in pool && 'numPendingAcquires' in pool ? (pool as Pool) : undefined;
}

export function createMetrics(options: { enabled: boolean; logger?: Logger }): Metrics {
  if (!options.enabled) return disabledMetrics();
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'isonew_' });

  const requests = new Counter({ name: 'isonew_slack_requests_total', help: 'Slack requests answered, by surface and HTTP status class', labelNames: ['surface', 'status'] as const, registers: [registry] });
  const ack = new Histogram({ name: 'isonew_slack_ack_seconds', help: 'Seconds from a Slack request arriving to its answer (the ack), by surface', labelNames: ['surface'] as const, buckets: ACK_BUCKETS, registers: [registry] });
  const errors = new Counter({ name: 'isonew_errors_total', help: 'Requests refused or failed, by error code', labelNames: ['code'] as const, registers: [registry] });
  const jobRuns = new Counter({ name: 'isonew_job_runs_total', help: 'Job runs, by job and outcome (ok, failed)', labelNames: ['job', 'outcome'] as const, registers: [registry] });
  const jobSeconds = new Histogram({ name: 'isonew_job_run_seconds', help: 'Seconds a job run took', labelNames: ['job'] as const, buckets: JOB_BUCKETS, registers: [registry] });
  const slackCalls = new Counter({ name: 'isonew_slack_api_calls_total', help: 'Slack Web API calls, by method and error (ok when none)', labelNames: ['method', 'error'] as const, registers: [registry] });

  const databases: Array<{ db: Database; clock: Clock }> = [];
  const readBacklog = async () => {
    const found = [];
    for (const { db, clock } of databases) found.push({ ...(await outboxBacklog(db.background)), now: clock.now() });
    return found;
  };
  new Gauge({
    name: 'isonew_outbox_backlog',
    help: 'One-shot posts (DMs, thread replies, digests) waiting to be sent',
    registers: [registry],
    async collect() {
      const backlog = await readBacklog().catch(() => []);
      this.set(backlog.reduce((n, b) => n + b.pending, 0));
    },
  });
  new Gauge({
    name: 'isonew_outbox_oldest_age_seconds',
    help: 'Age of the oldest post waiting to be sent (0 when none)',
    registers: [registry],
    async collect() {
      const backlog = await readBacklog().catch(() => []);
      const ages = backlog.map((b) => (b.oldest ? Math.max(0, (b.now.getTime() - b.oldest.getTime()) / 1000) : 0));
      this.set(ages.length ? Math.max(...ages) : 0);
    },
  });
  new Gauge({
    name: 'isonew_db_pool_connections',
    help: 'Database connections by pool (request, background) and state (used, free, pending: requests waiting for one)',
    labelNames: ['pool', 'state'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const { db } of databases) {
        const pools = db.background === db.knex ? [['request', db.knex] as const] : ([['request', db.knex], ['background', db.background]] as const);
        for (const [name, knex] of pools) {
          const pool = poolOf(knex);
          if (!pool) continue;
          this.set({ pool: name, state: 'used' }, pool.numUsed());
          this.set({ pool: name, state: 'free' }, pool.numFree());
          this.set({ pool: name, state: 'pending' }, pool.numPendingAcquires());
        }
      }
    },
  });

  /** The error code a Slack answer carries ('ok' when none; 'other' for one this app does not know). */
  const slackErrorOf = (text: string): string => {
    try {
      const b = JSON.parse(text) as { ok?: boolean; error?: unknown };
      return b.ok === false ? (typeof b.error === 'string' && SLACK_ERROR.test(b.error) ? b.error : 'other') : 'ok';
    } catch {
      return 'unreadable_answer';
    }
  };

  const slackFetch: Fetch = async (url, init) => {
    const method = slackMethod(url);
    let response: Response;
    try {
      response = await fetch(url, init);
    } catch (error) {
      slackCalls.inc({ method, error: 'network_error' });
      throw error;
    }
    if (response.status === 429) slackCalls.inc({ method, error: 'ratelimited' });
    else if (!response.ok) slackCalls.inc({ method, error: `http_${response.status}` });
    else {
      // Slack answers 200 with { ok: false, error } for refusals: the body is read once (a small
      // JSON answer) and handed to the client as an identical response (cheaper than clone(), which tees the stream).
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        slackCalls.inc({ method, error: 'network_error' });
        throw error;
      }
      slackCalls.inc({ method, error: slackErrorOf(text) });
      return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
    }
    return response;
  };

  return {
    enabled: true,
    observeRequest(surface, status, seconds) {
      requests.inc({ surface, status: statusClass(status) });
      ack.observe({ surface }, seconds);
    },
    countError(code) {
      errors.inc({ code });
    },
    instrumentJob(job) {
      return {
        ...job,
        async run(now): Promise<JobReport> {
          const end = jobSeconds.startTimer({ job: job.name });
          try {
            const report = await job.run(now);
            // A job that catches its own failure says so in its report (`failed`).
            jobRuns.inc({ job: job.name, outcome: (report.failed ?? 0) > 0 ? 'failed' : 'ok' });
            return report;
          } catch (error) {
            jobRuns.inc({ job: job.name, outcome: 'failed' });
            throw error;
          } finally {
            end();
          }
        },
      };
    },
    slackFetch,
    watchDatabase(db, clock) {
      databases.push({ db, clock });
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

function disabledMetrics(): Metrics {
  return {
    enabled: false,
    observeRequest: () => {},
    countError: () => {},
    instrumentJob: (job) => job,
    slackFetch: undefined,
    watchDatabase: () => {},
    render: async () => ({ contentType: 'text/plain', body: '' }),
  };
}

/** Answers GET /metrics (a Bolt custom route, or the handler of the separate metrics server). */
export function metricsHandler(metrics: Metrics, logger?: Logger) {
  return (req: http.IncomingMessage, res: http.ServerResponse): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET' }).end();
      return;
    }
    metrics.render().then(
      ({ contentType, body }) => {
        res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      (error: unknown) => {
        logger?.warn({ err: error instanceof Error ? error.message : String(error) }, 'metrics could not be rendered');
        res.writeHead(500).end();
      },
    );
  };
}

/** METRICS_PORT: /metrics on a port of its own (anything else there is 404). */
export async function serveMetrics(metrics: Metrics, options: { port: number; host?: string; logger?: Logger }): Promise<{ port: number; close(): Promise<void> }> {
  const handle = metricsHandler(metrics, options.logger);
  const server = http.createServer((req, res) => {
    if ((req.url ?? '').split('?')[0] === '/metrics') return handle(req, res);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
