import { testConfig } from '../support/platform';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/platform/database';
import { DataDirLockedError } from '../../src/platform/database/data-dir-lock';
import { startApp } from '../../src/app/start';
import { silentLogger } from '../../src/platform/logger';
import type { AppConfig } from '../../src/platform/config';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { SIGNING_SECRET, COORDINATOR, visibleText } from '../support/harness';
import { commandBody, httpRequest, postSigned } from '../support/slack-requests';

const ROOT = path.resolve(__dirname, '..', '..');

describe('start, stop and the embedded database on disk', () => {
  let slack: FakeSlack;
  let dataDir: string;
  let config: AppConfig;

  beforeAll(async () => {
    slack = await startFakeSlack();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'isonew-life-'));
    config = testConfig({ apiUrl: slack.apiUrl, database: { kind: 'pglite', dataDir }, signingSecret: SIGNING_SECRET }, { adminUserIds: [COORDINATOR] });
  });
  afterAll(async () => {
    await slack.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const rete = (port: number, text: string) =>
    postSigned(`http://127.0.0.1:${port}/slack/events`, commandBody({ command: '/rete', text, userId: COORDINATOR, responseUrl: slack.responseUrl() }), {
      secret: SIGNING_SECRET,
      contentType: 'application/x-www-form-urlencoded',
    });

  it('keeps data across a normal stop and start, and refuses a second owner of DATA_DIR', async () => {
    const first = await startApp(config, { logger: silentLogger(), scheduleJobs: false });
    await first.areas.network.seedNetwork();
    const added = await rete(first.port, 'aggiungi <@UKEEP01> UEPE');
    expect(visibleText(added.json)).toContain('UEPE Udine');
    await expect(openDatabase({ kind: 'pglite', dataDir })).rejects.toBeInstanceOf(DataDirLockedError);

    // A second process on the same DATA_DIR stops with a clear message instead of risking the data.
    const second = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' },
    });
    let stderr = '';
    second.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => second.on('exit', resolve));
    expect(code).toBe(75);
    expect(stderr).toContain(`The embedded database in ${dataDir} is in use by another process (pid ${process.pid})`);

    await first.stop();
    const again = await startApp(config, { logger: silentLogger(), scheduleJobs: false });
    try {
      const listed = await rete(again.port, 'lista');
      expect(visibleText(listed.json)).toContain('<@UKEEP01> (partner)');
    } finally {
      await again.stop();
    }
    expect(fs.existsSync(path.join(dataDir, 'isonew.lock'))).toBe(false);
  }, 60_000);

  it('answers 503 on /healthz and "nothing was saved" to users when the database is gone', async () => {
    const app = await startApp({ ...config, database: { kind: 'pglite', dataDir: ':memory:' } }, { logger: silentLogger(), scheduleJobs: false });
    try {
      expect((await httpRequest(`http://127.0.0.1:${app.port}/healthz`)).status).toBe(200);
      await app.db.knex.destroy();
      const health = await httpRequest(`http://127.0.0.1:${app.port}/healthz`);
      expect(health.status).toBe(503);
      expect(health.json).toEqual({ status: 'unavailable', database: 'pglite' });
      // Answered (not left to Slack's timeout) although the database is gone.
      const res = await rete(app.port, 'aggiungi <@UX1> UEPE');
      expect(res.status).toBe(200);
      expect(visibleText(res.json)).toContain('temporaneamente non disponibile: non è stato salvato nulla');
    } finally {
      await app.stop();
    }
  });

  it('stops cleanly on SIGTERM with nothing lost, and logs which database it used', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isonew-term-'));
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', ADMIN_USER_IDS: COORDINATOR, NODE_ENV: 'production', LOG_LEVEL: 'info' },
    });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    // Ready when it says on which port it listens (or failed when it exits first).
    const listening = new Promise<number>((resolve, reject) => {
      const check = () => {
        const match = /listening on port (\d+)/.exec(stdout);
        if (match) resolve(Number(match[1]));
      };
      child.stdout.on('data', check);
      child.once('exit', (code) => reject(new Error(`the app exited (${code}) before listening:\n${stdout}`)));
    });
    try {
      const port = await listening;
      const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.find((l) => l.database === 'pglite')).toMatchObject({ location: dir, msg: 'using the embedded PostgreSQL (PGlite)' });
      const added = await rete(port, 'aggiungi <@UTERM01> PROV-GO osservatore');
      expect(visibleText(added.json)).toContain('<@UTERM01> ora è *osservatore*');
      child.kill('SIGTERM');
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(0);
      expect(stdout).toContain('stopped; database closed');
      const db = await openDatabase({ kind: 'pglite', dataDir: dir });
      try {
        expect(await db.knex('members').where({ user_id: 'UTERM01' }).first()).toMatchObject({ role: 'observer' });
      } finally {
        await db.close();
      }
    } finally {
      child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

