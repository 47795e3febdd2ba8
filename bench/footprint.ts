/**
 * The embedded database's footprint (issue 18): the app as a server runs it (`npm run serve`: the
 * build, with the memory flags of package.json; built here first) on a
 * PGlite DATA_DIR holding a year of a network's data (digest-bench's generator at scale 0.02: 1,000
 * offers, 4,000 referrals, 20,000 votes, 6,000 audit rows), restarted: start-up to ready (spawn until
 * GET /healthz answers 200), resident memory (VmRSS) after 3 s idle, and again 3 s after a signed
 * `/riepilogo indicatori` for the whole year. Measured once per bench run; both scenarios read it.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/platform/database';
import { startFakeSlack } from '../test/support/fake-slack';
import { commandBody, httpRequest, sign } from '../test/support/slack-requests';
import { seed } from './digest-bench';

const ROOT = path.resolve(__dirname, '..');
const SECRET = 'bench-footprint-secret-0123456789';
const ADMIN = 'UFOOTPRINT1';

export interface Footprint {
  readyMs: number;
  idleMb: number | undefined;
  afterReportMb: number | undefined;
  /** The app's child processes then (the chart renderer drawing the network map, until it ends when idle). */
  childrenAfterReportMb: number;
  reportMs: number;
}

function residentMb(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** The resident memory of a process's children (/proc/PID/task/PID/children). */
function childrenMb(pid: number): number {
  try {
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return children.reduce((sum, child) => sum + (residentMb(Number(child)) ?? 0), 0);
  } catch {
    return 0;
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The node arguments of the npm script that runs the app (`start`: under tsx; `serve`: the build), as package.json has them. */
export function appNodeArgs(script: 'start' | 'serve'): string[] {
  const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const [command, ...args] = (scripts[script] ?? '').split(/\s+/);
  if (command !== 'node') throw new Error(`package.json's ${script} script does not start with node`);
  return args;
}

async function measure(): Promise<Footprint> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'isonew-footprint-'));
  const slack = await startFakeSlack();
  try {
    const db = await openDatabase({ kind: 'pglite', dataDir });
    await db.migrate();
    await seed(db.background, 0.02, () => undefined);
    await db.close();

    execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'ignore' });
    const port = await freePort();
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, appNodeArgs('serve'), {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        SLACK_BOT_TOKEN: 'xoxb-bench',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: slack.apiUrl,
        PORT: String(port),
        HOST: '127.0.0.1',
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        ADMIN_USER_IDS: ADMIN,
        DATA_DIR: dataDir,
      },
    });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout?.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const res = await httpRequest(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
        if (res?.status === 200) break;
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the app did not become ready:\n${stderr}`);
        await sleep(20);
      }
      const readyMs = Number(process.hrtime.bigint() - started) / 1e6;
      await sleep(3000);
      const idleMb = residentMb(child.pid!);

      const body = commandBody({ command: '/riepilogo', text: 'indicatori 2026-01-01 2026-12-31', userId: ADMIN, responseUrl: slack.responseUrl('report') });
      const timestamp = Math.floor(Date.now() / 1000);
      const asked = performance.now();
      const before = slack.calls.length + slack.responses.length;
      const post = () =>
        httpRequest(`http://127.0.0.1:${port}/slack/events`, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sign(SECRET, timestamp, body) },
        });
      // The kept-alive socket of the last /healthz poll may be closed by the server as it is reused: once more.
      const res = await post().catch(post).catch((error: unknown) => {
        throw new Error(`the indicators report got no answer (${String(error)}; app exit code ${child.exitCode}, signal ${child.signalCode}); the app said:\n${stderr}`);
      });
      if (res.status !== 200) throw new Error(`the indicators report was refused (${res.status}): ${res.text.slice(0, 200)}`);
      // The report is the ack itself, or arrives after it (response_url or a file): wait for either.
      const answered = res.text.length > 0;
      const until = Date.now() + 60_000;
      while (!answered && slack.calls.length + slack.responses.length === before && Date.now() < until) await sleep(20);
      const reportMs = performance.now() - asked;
      await sleep(3000);
      return { readyMs, idleMb, afterReportMb: residentMb(child.pid!), childrenAfterReportMb: childrenMb(child.pid!), reportMs };
    } finally {
      if (child.exitCode === null) child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(kill);
    }
  } finally {
    await slack.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

let once: Promise<Footprint> | undefined;

/** The footprint of this bench run (measured at the first call). */
export function measureFootprint(): Promise<Footprint> {
  once ??= measure();
  return once;
}
