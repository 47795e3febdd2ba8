import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../../src/platform/database';
import { findJobRun } from '../../src/platform/jobs/job-runs-store';
import { startChildApp, type ChildApp } from '../support/child-app';
import { DATABASES, scratchPostgres } from '../support/databases';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { waitFor } from '../support/harness';

/**
 * The process is killed (SIGKILL) in the middle of a job's work: the next start takes the claim
 * over when its lease ends and finishes the work, exactly once.
 */
describe.each(DATABASES)('a job interrupted by SIGKILL (%s)', (kind) => {
  let slack: FakeSlack;
  let databaseEnv: Record<string, string>;
  let cleanup: () => Promise<void>;
  const children: ChildApp[] = [];

  beforeAll(async () => {
    slack = await startFakeSlack();
    if (kind === 'postgres') {
      const scratch = await scratchPostgres();
      databaseEnv = { DATABASE_URL: scratch.url };
      cleanup = () => scratch.drop();
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isonew-sigkill-'));
      databaseEnv = { DATA_DIR: dir };
      cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  afterAll(async () => {
    for (const child of children) await child.kill();
    await slack.close();
    await cleanup();
  });

  const posts = (prefix: string) => slack.callsTo('chat.postMessage').filter((c) => String(c.args.text).startsWith(prefix));
  const start = async (env: Record<string, string>) => {
    const child = await startChildApp({ SLACK_API_URL: slack.apiUrl, TEST_JOB_PERIODS: 'nightly-1', TEST_JOB_LEASE_MS: '3000', ...databaseEnv, ...env });
    children.push(child);
    return child;
  };

  it('finishes the work on the next start, once', async () => {
    const first = await start({ TEST_JOB_WORK_MS: '60000' });
    await waitFor(() => posts('started nightly-1').length === 1, 15_000, 'the job to start working');
    await first.kill();
    expect(posts('effect nightly-1')).toHaveLength(0);

    const second = await start({ TEST_JOB_WORK_MS: '200' });
    await waitFor(() => posts('effect nightly-1').length >= 1, 20_000, 'the next start to finish the work');
    // The second process runs the job twice more (any run in progress is then over): nothing more happens.
    await second.moreTicks(2);
    await second.stop();

    expect(posts('started nightly-1')).toHaveLength(2);
    expect(posts('effect nightly-1')).toHaveLength(1);
    const db: Database = await openDatabase(kind === 'postgres' ? { kind, url: databaseEnv.DATABASE_URL! } : { kind, dataDir: databaseEnv.DATA_DIR! });
    try {
      const effects = await db.knex('test_job_effects').select('period', 'replica');
      expect(effects).toHaveLength(1);
      expect(String(posts('effect nightly-1')[0]!.args.text)).toContain(effects[0].replica);
      expect(await findJobRun(db.knex, 'test-effect', 'nightly-1')).toMatchObject({ status: 'done', attempts: 2 });
    } finally {
      await db.close();
    }
  }, 90_000);
});
