/**
 * Vote storm: N network members vote at once on one poll through the real HTTP path (signed
 * Slack requests to POST /slack/events), against PostgreSQL (or PGlite when no URL is given).
 * Three parties, as in production: the app in a process of its own (bench/vote-storm-app.ts), and
 * in this process the fake Slack (its Web API and response_url) and the voters (on a worker thread).
 * Reports votes/s (until every vote is stored), p50/p99 ack latency, and chat.update calls
 * per second while the storm lasts. Bounded: at most 2000 voters and a time limit; loopback only.
 *
 *   npx tsx bench/vote-storm.ts postgres://postgres@127.0.0.1:5432/postgres --voters=200
 *
 * Other benchmarks call `runVoteStorm(options)`.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { MEMORY } from '../src/platform/database';
import { startStandIn } from '../src/local/stand-in';
import { scratchPostgres } from '../test/support/databases';
import { TEST_BOT } from '../test/support/fake-slack';
import { blockActionPayload } from '../test/support/slack-requests';
import { appNodeArgs } from './footprint';
import { STORM_CHANNEL as CHANNEL, STORM_SECRET as SECRET, stormVoter } from './vote-storm-app';

export interface VoteStormOptions {
  /** A postgres:// URL of a server on this machine; a scratch database is created on it and dropped. Unset: PGlite in memory. */
  databaseUrl?: string;
  voters?: number;
  /** Requests in flight at once (default: all voters). */
  concurrency?: number;
  /** The publisher's coalescing interval (production: 1000 ms). */
  minIntervalMs?: number;
  timeoutMs?: number;
}

export interface VoteStormReport {
  database: 'postgres' | 'pglite';
  voters: number;
  stored: number;
  seconds: number;
  votesPerSecond: number;
  ackP50Ms: number;
  ackP99Ms: number;
  ackMaxMs: number;
  /**
   * The same acks as the app measured them (a request's arrival to its answer, its /metrics
   * histogram): the upper bound of the bucket holding the 50th and 99th percentile (Infinity past
   * the last bucket). The client's figures add the time the voters' own thread waited for a CPU.
   */
  appAckP50AtMostMs: number;
  appAckP99AtMostMs: number;
  /** The app's event-loop delay while the storm lasted: how long an arrived request could wait unread. */
  appLoopDelayP99Ms: number;
  appLoopDelayMaxMs: number;
  non200: number;
  chatUpdates: number;
  chatUpdatesPerSecond: number;
  finalMessageRight: boolean;
  /**
   * The same voters, bodies and load thread against a server that reads each request and answers
   * at once (its own process): what the voters' own side and this machine cost, the floor under
   * ackP50Ms / ackP99Ms.
   */
  floorP50Ms: number;
  floorP99Ms: number;
  /** Voters told their vote was not stored (an ephemeral reply of the "temporarily unavailable" kind). */
  refused: number;
  /** Log lines about acquiring a database connection (timeouts, aborted acquisitions). */
  connectionErrors: number;
}

const MAX_VOTERS = 2000;

function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) throw new Error(`vote-storm runs against a local server only (got ${host})`);
}

/** Signs and posts the bodies with `concurrency` requests in flight; plain JS so the worker needs no loader. */
const LOAD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const crypto = require('node:crypto');
const { url, secret, bodies, concurrency, timeoutMs } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const deadline = Date.now() + timeoutMs;
const latencies = [];
let non200 = 0;
let next = 0;
function post(body) {
  return new Promise((resolve) => {
    const ts = Math.floor(Date.now() / 1000);
    const sig = 'v0=' + crypto.createHmac('sha256', secret).update('v0:' + ts + ':' + body).digest('hex');
    const started = process.hrtime.bigint();
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig } }, (res) => {
      res.resume();
      res.on('end', () => {
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
        if (res.statusCode !== 200) non200++;
        resolve();
      });
    });
    req.on('error', () => { non200++; resolve(); });
    req.end(body);
  });
}
async function worker() {
  while (next < bodies.length && Date.now() < deadline) await post(bodies[next++]);
}
Promise.all(Array.from({ length: concurrency }, worker)).then(() => {
  agent.destroy();
  parentPort.postMessage({ latencies, non200 });
});
`;

function sendFromWorker(input: { url: string; secret: string; bodies: string[]; concurrency: number; timeoutMs: number }): Promise<{ latencies: number[]; non200: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_WORKER, { eval: true, workerData: input });
    worker.once('message', (result: { latencies: number[]; non200: number }) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

/** The upper bound (ms) of the histogram bucket that holds the `p` quantile; `buckets` are cumulative, +Inf last. */
function bucketBound(buckets: Array<{ le: number; count: number }>, p: number): number {
  const total = buckets.at(-1)?.count ?? 0;
  const bucket = buckets.find((b) => b.count >= p * total);
  return bucket ? bucket.le * 1000 : Number.NaN;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** A server that reads each request and answers 200 at once, in a process of its own: prints its port. */
const FLOOR_SERVER = `
const server = require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => res.end()); });
server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => console.log(server.address().port));
`;

/** The voters' latencies against FLOOR_SERVER (see VoteStormReport.floorP50Ms). */
async function measureFloor(input: { secret: string; bodies: string[]; concurrency: number; timeoutMs: number }): Promise<number[]> {
  const server = spawn(process.execPath, ['-e', FLOOR_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<string>((resolve, reject) => {
      server.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
      server.once('exit', () => reject(new Error('the floor server ended before listening')));
    });
    const { latencies } = await sendFromWorker({ ...input, url: `http://127.0.0.1:${port}/` });
    return latencies.sort((a, b) => a - b);
  } finally {
    server.kill();
  }
}

/** The app's process, forked with tsx and the node flags a server runs it with; `ask` sends a message and waits for the answer that has `key`. */
function forkApp(args: string[]): { child: ChildProcess; ask<T>(message: object, key: string): Promise<T>; next<T>(key: string, timeoutMs: number): Promise<T> } {
  // The node flags of `npm run serve` (package.json), as a server runs the app.
  const serveFlags = appNodeArgs('serve').filter((a) => a.startsWith('--'));
  const child = fork(path.join(__dirname, 'vote-storm-app.ts'), args, { execArgv: [...serveFlags, '--import', 'tsx', ...(process.env.STORM_CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.STORM_CPU_PROFILE_DIR}`] : [])], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = <T>(key: string, timeoutMs: number) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`the app did not answer ${key} in time`)), timeoutMs);
      const onMessage = (message: Record<string, unknown>) => {
        if (key in message) done(undefined, message as T);
      };
      const onExit = (code: number | null) => done(new Error(`the app exited (${code}) before ${key}`));
      function done(error?: Error, value?: T) {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (error) reject(error);
        else resolve(value as T);
      }
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  return {
    child,
    next,
    ask: <T>(message: object, key: string) => {
      const answer = next<T>(key, 30_000);
      child.send(message);
      return answer;
    },
  };
}

export async function runVoteStorm(options: VoteStormOptions = {}): Promise<VoteStormReport> {
  const voters = Math.max(1, Math.min(MAX_VOTERS, Math.floor(options.voters ?? 200)));
  const concurrency = Math.max(1, Math.min(voters, Math.floor(options.concurrency ?? voters)));
  const timeoutMs = Math.min(options.timeoutMs ?? 120_000, 600_000);
  // Slack's side without the tests' Block Kit validation: real Slack does that on its own machines.
  const slack = await startStandIn({ people: 'anyone', bot: TEST_BOT });
  if (options.databaseUrl) assertLoopback(options.databaseUrl);
  const scratch = options.databaseUrl ? await scratchPostgres(options.databaseUrl) : undefined;
  const app = forkApp([scratch?.url ?? MEMORY, slack.apiUrl, String(voters), String(options.minIntervalMs ?? 1000)]);
  let connectionErrors = 0;
  try {
    const { ready } = await app.next<{ ready: { port: number; optionIds: number[] } }>('ready', 180_000);
    const posted = Date.now();
    while (!slack.callsTo('chat.postMessage').some((c) => c.args.channel === CHANNEL)) {
      if (Date.now() - posted > 10_000) throw new Error('the poll message was never posted');
      await new Promise((r) => setTimeout(r, 20));
    }

    const url = `http://127.0.0.1:${ready.port}/slack/events`;
    const bodies = Array.from({ length: voters }, (_, i) =>
      new URLSearchParams({
        payload: JSON.stringify(blockActionPayload({ userId: stormVoter(i), actionId: `poll_vote:${ready.optionIds[i % 3]!}`, channelId: CHANNEL, responseUrl: slack.responseUrl(`v${i}`) })),
      }).toString(),
    );
    const started = Date.now();
    const deadline = started + timeoutMs;
    const updatesBefore = slack.callsTo('chat.update').length;
    // The load runs on its own thread, so this process's event loop is free for the fake Slack.
    const { latencies, non200 } = await sendFromWorker({ url, secret: SECRET, bodies, concurrency, timeoutMs });

    let stored = 0;
    while (Date.now() < deadline) {
      stored = (await app.ask<{ stored: number }>({ count: true }, 'stored')).stored;
      if (stored >= voters) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const allStored = Date.now();
    // The final state must land: wait for the message that shows every vote.
    const expected = `${voters} risposte`;
    let finalMessageRight = false;
    while (Date.now() < deadline) {
      const last = slack.calls.filter((c) => c.method === 'chat.update' && c.args.channel === CHANNEL).at(-1);
      if (last && JSON.stringify(last.args.blocks).includes(expected)) {
        finalMessageRight = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const ended = Date.now();
    const refused = slack.responses.filter((r) => /non è stato salvato|not saved|non è stato registrato|temporaneamente/i.test(JSON.stringify(r.body))).length;
    const chatUpdates = slack.callsTo('chat.update').length - updatesBefore;
    const stopped = await app.ask<{ connectionErrors: number; ackBuckets: Array<{ le: number; count: number }>; loop: { p99Ms: number; maxMs: number } }>({ stop: true }, 'stopped');
    connectionErrors = stopped.connectionErrors;
    latencies.sort((a, b) => a - b);
    const seconds = (allStored - started) / 1000;
    const floor = await measureFloor({ secret: SECRET, bodies, concurrency, timeoutMs });
    return {
      database: scratch ? 'postgres' : 'pglite',
      voters,
      stored,
      seconds: Number(seconds.toFixed(3)),
      votesPerSecond: Number((stored / Math.max(seconds, 0.001)).toFixed(1)),
      ackP50Ms: Number(percentile(latencies, 50).toFixed(2)),
      ackP99Ms: Number(percentile(latencies, 99).toFixed(2)),
      ackMaxMs: Number((latencies.at(-1) ?? 0).toFixed(2)),
      appAckP50AtMostMs: bucketBound(stopped.ackBuckets, 0.5),
      appAckP99AtMostMs: bucketBound(stopped.ackBuckets, 0.99),
      appLoopDelayP99Ms: Number(stopped.loop.p99Ms.toFixed(1)),
      appLoopDelayMaxMs: Number(stopped.loop.maxMs.toFixed(1)),
      non200,
      chatUpdates,
      chatUpdatesPerSecond: Number((chatUpdates / Math.max((ended - started) / 1000, 0.001)).toFixed(2)),
      finalMessageRight,
      floorP50Ms: Number(percentile(floor, 50).toFixed(2)),
      floorP99Ms: Number(percentile(floor, 99).toFixed(2)),
      refused,
      connectionErrors,
    };
  } finally {
    // The app exits by itself once stopped (its CPU profile, if asked for, is written then).
    if (app.child.exitCode === null) {
      const exited = new Promise((resolve) => app.child.once('exit', resolve));
      const kill = setTimeout(() => app.child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(kill);
    }
    await slack.close();
    await scratch?.drop();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const positional = args.find((a) => !a.startsWith('--'));
  const databaseUrl = positional ?? process.env.TEST_DATABASE_URL;
  const report = await runVoteStorm({
    databaseUrl,
    voters: flag('voters') ? Number(flag('voters')) : undefined,
    concurrency: flag('concurrency') ? Number(flag('concurrency')) : undefined,
  });
  console.log(JSON.stringify(report, null, 2));
  if (report.stored !== report.voters || !report.finalMessageRight || report.refused > 0) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
