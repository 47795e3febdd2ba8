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
  return {
    pid: child.pid!,
    port,
    url,
    output: () => output,
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
