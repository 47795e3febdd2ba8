/**
 * `npm run bench [-- --database-url=postgres://… --duration=4000]`
 *
 * Measures, on this machine and in one run:
 * - the request path through Bolt's real HTTP receiver: each scenario of bench/scenarios.ts sent
 *   to the app (on PostgreSQL: a scratch database on the server of BENCH_DATABASE_URL or
 *   --database-url, default postgres://postgres@127.0.0.1:5432/postgres; PGlite when no server
 *   answers) and to a bare Bolt app that only acks, with the same load generator, at 1 and 20
 *   clients: p50/p99 ack latency, requests/s, and the ratio to bare Bolt;
 * - start-up to ready (process spawned until GET /healthz answers 200) and resident memory when
 *   idle, on PGlite and on PostgreSQL, first start (creates and migrates) and restart.
 * Prints a markdown table and writes it to bench/README.md. Loopback only; bounded in time.
 * `--only=offerList,offerSubmission` measures just those scenarios (printed, README untouched);
 * `--cpu-prof` also writes the app server's CPU profile to bench/profiles/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appNodeArgs } from './footprint';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startFakeSlack, type FakeSlack } from '../test/support/fake-slack';
import { httpRequest, sign } from '../test/support/slack-requests';
import { runLoad, type LoadResult } from './load';
import { BENCH_SIGNING_SECRET, BENCH_USER, CONCURRENCY, REQUEST_SCENARIOS, type BenchRequest, type Send } from './scenarios';

const ROOT = path.resolve(__dirname, '..');
const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

function arg(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

const ADMIN_URL = arg('database-url') ?? process.env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL;
const DURATION_MS = Number(arg('duration') ?? 4000);
const MAX_REQUESTS = 20_000;
const ONLY = arg('only')?.split(',');
/** `--cpu-prof`: the app server writes a V8 CPU profile to bench/profiles/ when it stops (open it in Chrome DevTools). */
const CPU_PROFILE = process.argv.includes('--cpu-prof');
const RUN = Math.random().toString(36).slice(2, 6).toUpperCase();

// ---------------------------------------------------------------- processes

interface Child {
  process: ChildProcess;
  output: () => string;
  exited: Promise<void>;
}

function spawnNode(args: string[], env: Record<string, string>, nodeArgs: string[] = ['--import', 'tsx']): Child {
  const child = spawn(process.execPath, [...nodeArgs, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { process: child, output: () => output, exited };
}

async function stopChild(child: Child): Promise<void> {
  if (child.process.exitCode === null) child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), 10_000);
  await child.exited;
  clearTimeout(timer);
}

/** `slack`: the fake Slack Web API in a process of its own (its URL); `app`, `bare`: a server using it. */
async function startServer(mode: 'app' | 'bare' | 'slack', database = ':memory:', slackApiUrl?: string): Promise<{ child: Child; url: string }> {
  const profile = CPU_PROFILE && mode === 'app' ? ['--cpu-prof', `--cpu-prof-dir=${path.join(ROOT, 'bench', 'profiles')}`] : [];
  const child = spawnNode([path.join('bench', 'server.ts'), mode, database, ...(slackApiUrl ? [slackApiUrl] : [])], { NODE_ENV: 'production' }, [...profile, '--import', 'tsx']);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const match = /READY (\S+)/.exec(child.output());
    if (match) return { child, url: mode === 'slack' ? match[1]! : `http://127.0.0.1:${match[1]}/slack/events` };
    if (child.process.exitCode !== null || Date.now() > deadline) throw new Error(`bench server (${mode}) did not start:\n${child.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function signedHeaders(request: BenchRequest): Record<string, string> {
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    'content-type': request.contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': sign(BENCH_SIGNING_SECRET, timestamp, request.body),
  };
}

const sender = (url: string): Send => async (request) => {
  const res = await httpRequest(url, { method: 'POST', body: request.body, headers: signedHeaders(request) });
  return { status: res.status, text: res.text };
};

// ---------------------------------------------------------------- machine load

/** The 1-minute load average, sampled every second while the bench runs (the machine may be shared). */
function sampleLoad(): { stop(): { min: number; max: number; mean: number; atStart: number[] } } {
  const atStart = os.loadavg();
  const samples = [atStart[0]!];
  const timer = setInterval(() => samples.push(os.loadavg()[0]!), 1000);
  return {
    stop() {
      clearInterval(timer);
      return { min: Math.min(...samples), max: Math.max(...samples), mean: samples.reduce((a, b) => a + b, 0) / samples.length, atStart };
    },
  };
}

// ---------------------------------------------------------------- databases

async function reachable(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ version: string }>("select current_setting('server_version') as version");
    return rows[0]?.version;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const scratchNames: string[] = [];
async function scratchDatabase(label: string): Promise<string> {
  const name = `isonew_bench_${label}_${process.pid}`;
  await adminQuery(`drop database if exists ${name} with (force)`);
  await adminQuery(`create database ${name}`);
  scratchNames.push(name);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

// ---------------------------------------------------------------- request path

interface RequestRow {
  label: string;
  clients: number;
  bare: LoadResult;
  app: LoadResult;
  targetRatio?: number;
}

async function measureRequests(database: string, serverUrl: string | undefined): Promise<{ rows: RequestRow[]; measured: Array<{ label: string; result: string }> }> {
  const slack = await startServer('slack');
  const app = await startServer('app', database, slack.url);
  const bare = await startServer('bare', undefined, slack.url);
  const rows: RequestRow[] = [];
  const measured: Array<{ label: string; result: string }> = [];
  let sequence = 0;
  try {
    for (const scenario of REQUEST_SCENARIOS) {
      if (scenario.pending || (ONLY && !ONLY.includes(scenario.id))) continue;
      if (scenario.measure) continue;
      await scenario.setup?.(sender(app.url), RUN);
      const request = scenario.request;
      if (!request) continue;
      for (const clients of CONCURRENCY) {
        const load = (url: string) =>
          runLoad({
            url,
            concurrency: clients,
            durationMs: DURATION_MS,
            maxRequests: MAX_REQUESTS,
            warmupRequests: 50,
            build: () => {
              // One sequence for the whole run, so names meant to be unique stay unique.
              const r = request(sequence++, RUN);
              return { body: r.body, headers: signedHeaders(r) };
            },
          });
        const bareResult = await load(bare.url);
        const appResult = await load(app.url);
        rows.push({ label: scenario.label, clients, bare: bareResult, app: appResult, targetRatio: scenario.targetRatio });
        process.stderr.write(`  ${scenario.id} × ${clients}: app p50 ${appResult.p50Ms.toFixed(2)} ms, bare ${bareResult.p50Ms.toFixed(2)} ms\n`);
      }
    }
  } finally {
    await stopChild(app.child);
    await stopChild(bare.child);
    await stopChild(slack.child);
  }
  // The scenarios that measure themselves, once the servers above are gone (see MeasureContext).
  for (const scenario of REQUEST_SCENARIOS) {
    if (scenario.pending || !scenario.measure || (ONLY && !ONLY.includes(scenario.id))) continue;
    process.stderr.write(`  ${scenario.id}…\n`);
    measured.push({ label: scenario.label, ...(await scenario.measure({ run: RUN, databaseUrl: serverUrl })) });
  }
  return { rows, measured };
}

// ---------------------------------------------------------------- database round trips

interface RoundTrips {
  selectP50Ms: number;
  commitP50Ms: number;
}

/** What one round trip and one committed insert cost on this server: the floor under the app's latency. */
async function measureRoundTrips(url: string): Promise<RoundTrips> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const p50 = async (times: number, work: () => Promise<unknown>) => {
    const samples: number[] = [];
    for (let i = 0; i < times; i++) {
      const t0 = process.hrtime.bigint();
      await work();
      samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    samples.sort((a, b) => a - b);
    return samples[Math.floor(samples.length / 2)]!;
  };
  try {
    await client.query('create temporary table bench_commit (id serial primary key, at timestamptz default now())');
    return {
      selectP50Ms: await p50(500, () => client.query('select 1')),
      commitP50Ms: await p50(200, () => client.query('insert into bench_commit default values')),
    };
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------- start-up and memory

interface StartRow {
  label: string;
  readyMs: number;
  rssMb: number | undefined;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function residentMb(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Spawns the app as `npm start` does (its node arguments from package.json, without npm's own start-up), polls /healthz. */
async function measureStart(label: string, slack: FakeSlack, databaseEnv: Record<string, string>): Promise<StartRow> {
  const port = await freePort();
  const started = process.hrtime.bigint();
  const child = spawnNode(appNodeArgs('start'), {
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    ADMIN_USER_IDS: BENCH_USER,
    ...databaseEnv,
  }, []);
  try {
    const deadline = Date.now() + 180_000; // a first PGlite start (initdb, migrations) took 66 s on a loaded shared machine
    for (;;) {
      const res = await httpRequest(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
      if (res?.status === 200) break;
      if (child.process.exitCode !== null || Date.now() > deadline) throw new Error(`the app did not become ready:\n${child.output()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const readyMs = Number(process.hrtime.bigint() - started) / 1e6;
    // Idle: the start-up catch-up of jobs has run (1 s after start) and the heap has settled.
    await new Promise((r) => setTimeout(r, 3000));
    return { label, readyMs, rssMb: residentMb(child.process.pid!) };
  } finally {
    await stopChild(child);
  }
}

async function measureStarts(postgresAvailable: boolean): Promise<StartRow[]> {
  const slack = await startFakeSlack();
  const rows: StartRow[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'isonew-bench-'));
  try {
    rows.push(await measureStart('PGlite, first start (creates the database, migrates)', slack, { DATA_DIR: dataDir }));
    rows.push(await measureStart('PGlite, restart', slack, { DATA_DIR: dataDir }));
    if (postgresAvailable) {
      const url = await scratchDatabase('start');
      rows.push(await measureStart('PostgreSQL, first start (migrates)', slack, { DATABASE_URL: url }));
      rows.push(await measureStart('PostgreSQL, restart', slack, { DATABASE_URL: url }));
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
    await slack.close();
  }
  return rows;
}

// ---------------------------------------------------------------- report

const ms = (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(2) : v.toFixed(1)) : 'n/a');
const rate = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : 'n/a');

function errorsOf(r: LoadResult): string {
  const bad = Object.entries(r.statuses).map(([s, n]) => `${n}×${s}`);
  if (r.errors) bad.push(`${r.errors} errors`);
  return bad.length ? ` (${bad.join(', ')})` : '';
}

function report(input: {
  rows: RequestRow[];
  measured: Array<{ label: string; result: string }>;
  starts: StartRow[];
  roundTrips?: RoundTrips;
  load: ReturnType<ReturnType<typeof sampleLoad>['stop']>;
  database: string;
  started: Date;
  elapsedS: number;
}): string {
  const cpus = os.cpus();
  const lines: string[] = [];
  lines.push('# Benchmarks', '');
  lines.push(
    `Measured ${input.started.toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run bench\` (${Math.round(input.elapsedS)} s) on ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ${os.platform()} ${os.release()}, Node ${process.version}. Database for the request path: ${input.database}.`,
    '',
    `Load average (1 min) during the run: ${input.load.min.toFixed(2)} to ${input.load.max.toFixed(2)}, mean ${input.load.mean.toFixed(2)} ` +
      `(at the start: ${input.load.atStart.map((l) => l.toFixed(2)).join(', ')} over 1/5/15 min) on ${os.cpus().length} cores.`,
    '',
    'The load generator (bench/load.ts: closed loop, keep-alive, latency per request in µs) runs on the same machine ' +
      'as the server under load, each in its own process; the machine may be shared, so compare the app with bare Bolt ' +
      'from the same run (the ratio), not numbers across runs. Loopback only.',
    '',
    '## Request path (ack latency through Bolt\'s HTTP receiver)',
    '',
    `Each cell: ${DURATION_MS / 1000} s of signed requests after 50 warm-up requests. "bare Bolt" is a Bolt app whose handlers only ack the same bodies.`,
    '',
    '| scenario | clients | bare Bolt p50 / p99 (ms) | bare Bolt req/s | app p50 / p99 (ms) | app req/s | p50 vs bare | req/s vs bare |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const r of input.rows) {
    const ratio = r.app.p50Ms / r.bare.p50Ms;
    const target = r.targetRatio ? ` (target ≤ ${r.targetRatio}×: ${ratio <= r.targetRatio ? 'met' : 'not met'})` : '';
    lines.push(
      `| ${r.label} | ${r.clients} | ${ms(r.bare.p50Ms)} / ${ms(r.bare.p99Ms)}${errorsOf(r.bare)} | ${rate(r.bare.requestsPerSecond)} | ` +
        `${ms(r.app.p50Ms)} / ${ms(r.app.p99Ms)}${errorsOf(r.app)} | ${rate(r.app.requestsPerSecond)} | ${ratio.toFixed(1)}×${target} | ` +
        `${(r.app.requestsPerSecond / r.bare.requestsPerSecond).toFixed(2)} |`,
    );
  }
  for (const m of input.measured) lines.push(`| ${m.label} | | | | ${m.result} | | | |`);
  for (const s of REQUEST_SCENARIOS.filter((x) => x.pending)) lines.push(`| ${s.label} | | | | not measured: ${s.pending} (hook \`${s.id}\` in bench/scenarios.ts) | | | |`);
  const worstP99 = Math.max(...input.rows.map((r) => r.app.p99Ms));
  lines.push('', `Slowest app p99 in this run: ${ms(worstP99)} ms, against Slack's 3000 ms ack limit.`, '');
  if (input.roundTrips) {
    lines.push(
      `For scale, measured from the bench process on the same database: one round trip (\`select 1\`) p50 ${ms(input.roundTrips.selectP50Ms)} ms; ` +
        `one committed insert (flushed to disk) p50 ${ms(input.roundTrips.commitP50Ms)} ms. Bare Bolt makes no database round trip; ` +
        'who is asking comes from memory (the change cache below) unless the directory changed since the last request; ' +
        '`/rete lista` and `/offerta lista` serve the directory and the page from memory too, built once per language and day (one query after a change), ' +
        'the organization submission makes two (the case-insensitive clash check, on indexes over lower(name) and lower(short_name), then the organization and its audit row in one statement), ' +
        'the offer submission one: the offer, its announcement request and its audit row in one statement (the offers channel setting is in memory); ' +
        'after the ack, the publisher posts the announcement (claim, render, chat.postMessage to the fake Slack in its own process, mark posted).',
      '',
    );
  }
  lines.push(
    '### Where the app spends its time (profile)',
    '',
    'Profiled with `node --cpu-prof` (`npm run bench -- --only=offerList --cpu-prof`) on the app process under this load, and with per-stage timings inside it. ' +
      'Bare Bolt answers in ~0.2–0.3 ms with no I/O. On this machine (a VM on 2 shared cores) a database round trip under load costs 0.3–0.5 ms, ' +
      'mostly waking the PostgreSQL backend and then the app again, not the query itself: so the ratios come down to how many round trips a request waits for. ' +
      'What keeps the request path short: (1) who is asking, the pages of `/offerta lista` and their rendered message (per page, language and day), the `/rete lista` directory ' +
      'and the offers channel setting are kept in ChangeCaches (src/platform/cache.ts, the one cache module), emptied at commit by any change to their tables, from any process ' +
      '(statement triggers NOTIFY, every process LISTENs; a write path names the tables it changes so its own process forgets them at once); nothing is kept while the listener ' +
      'is disconnected, so a removed member still loses access at once (test/fault/two-replicas.test.ts); (2) the offer, its announcement request and its audit row are one ' +
      'statement (data-modifying CTEs), atomic without BEGIN/COMMIT; (3) the offers page counts in a subquery instead of a window over every matching offer, on an index over ' +
      '(created_at, id); (4) texts are typed message functions (no lookup, no parsing) and short calendar dates are plain string work (src/platform/time.ts); (5) the guard ' +
      'against `payload=null` does not verify and parse each body a second time. At 20 clients both servers are CPU-bound on the shared 2-core machine, so the ratio there is ' +
      'the ratio of CPU per request: Bolt itself, the router, JSON for 20 offers and writing the larger answer, against an empty ack.',
    '',
  );
  lines.push('## Start-up and memory', '');
  lines.push(
    `From spawning \`node ${appNodeArgs('start').join(' ')}\` (what \`npm start\` runs, without npm's own start-up) until \`GET /healthz\` answers 200; ` +
      'resident memory (VmRSS) of that process after 3 s idle. Slack is a local fake Web API.',
    '',
    '| database | start-up to ready (ms) | resident memory idle (MB) |',
    '|---|---:|---:|',
  );
  for (const s of input.starts) lines.push(`| ${s.label} | ${Math.round(s.readyMs)} | ${s.rssMb === undefined ? 'n/a' : s.rssMb.toFixed(0)} |`);
  lines.push('', 'Re-run: `npm run bench` (options: `--database-url=postgres://…` or `BENCH_DATABASE_URL` for the server that holds the scratch databases, `--duration=<ms>` per cell, `--only=offerList,offerSubmission` to measure some scenarios without writing this file, `--cpu-prof` to write the app server\'s CPU profile to bench/profiles/).', '');
  return lines.join('\n');
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const started = new Date();
  const t0 = Date.now();
  const version = await reachable(ADMIN_URL);
  let database: string;
  let target: string;
  if (version) {
    target = await scratchDatabase('requests');
    const redacted = new URL(ADMIN_URL);
    if (redacted.password) redacted.password = '***';
    database = `PostgreSQL ${version} (a scratch database on ${redacted.host})`;
  } else {
    target = ':memory:';
    database = `PGlite in memory — **no PostgreSQL server answered at the configured URL, so these numbers are not the PostgreSQL ones**`;
  }
  process.stderr.write(`bench: request path on ${database}\n`);
  const load = sampleLoad();
  try {
    const { rows, measured } = await measureRequests(target, version ? ADMIN_URL : undefined);
    const roundTrips = version ? await measureRoundTrips(target) : undefined;
    process.stderr.write('bench: start-up and memory\n');
    const starts = ONLY ? [] : await measureStarts(Boolean(version));
    const markdown = report({ rows, measured, starts, roundTrips, load: load.stop(), database, started, elapsedS: (Date.now() - t0) / 1000 });
    process.stdout.write(`${markdown}\n`);
    if (!ONLY) fs.writeFileSync(path.join(ROOT, 'bench', 'README.md'), markdown);
  } finally {
    load.stop();
    for (const name of scratchNames) await adminQuery(`drop database if exists ${name} with (force)`).catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
