import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { postSigned, commandBody, type HttpResult } from './slack-requests';
import { SIGNING_SECRET } from './harness';

const ROOT = path.resolve(__dirname, '..', '..');

/** The app as a separate process (test/support/app-with-test-jobs.ts), so it can be SIGKILLed or run twice. */
export interface ChildApp {
  pid: number;
  port: number;
  url: string;
  output(): string;
  /** How many runs of the test job this process has finished (its `TICK` lines). */
  ticks(): number;
  /**
   * Resolves once the process prints a line matching `pattern` from now on (call it before what
   * causes the line): e.g. `CHANGED members`, once it has heard a change to that table.
   */
  nextLine(pattern: RegExp): Promise<void>;
  /** Resolves once the test job has finished `runs` more runs from now: every run in progress now is over. */
  moreTicks(runs: number): Promise<void>;
  command(userId: string, command: string, text: string, responseUrl: string): Promise<HttpResult>;
  /** SIGKILL: no cleanup at all. */
  kill(): Promise<void>;
  /** SIGTERM: the graceful stop. */
  stop(): Promise<void>;
}

export async function startChildApp(env: Record<string, string>, options: { readyTimeoutMs?: number } = {}): Promise<ChildApp> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test', 'support', 'app-with-test-jobs.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      TZ: 'America/Los_Angeles',
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      ADMIN_USER_IDS: 'UCOORD01',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child app not ready:\n${output}`)), options.readyTimeoutMs ?? 30_000);
    const check = () => {
      const match = /READY (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child app exited (${code}) before ready:\n${output}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const ticks = () => output.match(/^TICK$/gm)?.length ?? 0;
  /** Resolves when the output so far satisfies `done` (checked at each chunk of output). */
  const outputWhere = (done: () => boolean, what: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!done()) return;
        child.stdout?.off('data', check);
        child.off('exit', gone);
        resolve();
      };
      const gone = () => reject(new Error(`child app exited before ${what}:\n${output}`));
      child.stdout?.on('data', check);
      child.once('exit', gone);
      check();
    });
  return {
    pid: child.pid!,
    port,
    url,
    output: () => output,
    ticks,
    moreTicks(runs) {
      const target = ticks() + runs;
      return outputWhere(() => ticks() >= target, `${runs} more runs of the test job`);
    },
    nextLine(pattern) {
      const from = output.length;
      const line = new RegExp(pattern.source, pattern.flags.includes('m') ? pattern.flags : `${pattern.flags}m`);
      return outputWhere(() => line.test(output.slice(from)), `a line matching ${pattern}`);
    },
    command: (userId, command, text, responseUrl) =>
      postSigned(`${url}/slack/events`, commandBody({ command, text, userId, responseUrl }), { secret: SIGNING_SECRET, contentType: 'application/x-www-form-urlencoded' }),
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
