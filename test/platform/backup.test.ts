import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Knex } from 'knex';
import { BackupRefusedError, backupToFile, restoreFromFile } from '../../src/platform/backup/backups';
import { BackupFileError } from '../../src/platform/backup/backup-file';
import { DataDirLockedError } from '../../src/platform/database/data-dir-lock';
import { RestoreRefusedError } from '../../src/platform/database/restore';
import type { AppConfig } from '../../src/platform/config';
import { calendarDateIn, dayjs } from '../../src/platform/time';
import { TestClock } from '../support/clock';
import { COORDINATOR, startTestApp, waitFor, type TestApp } from '../support/harness';
import { buildNetwork } from '../support/network';
import { blockActionPayload, input } from '../support/slack-requests';

/**
 * Backups of the embedded database (README, "Backups"): taken while the app serves signed requests,
 * restored into a new folder, and the app started on it finds every row; a wrong key, a damaged file,
 * a missing key, a running app or a folder that already holds a database are refused and change nothing.
 */

const KEY = 'k'.repeat(8) + Buffer.from('backup key for the tests, 32 bytes!').toString('hex');
const OTHER_KEY = Buffer.from('another key entirely, 32 bytes long').toString('base64');
const COOP = 'UCOOP0001';
const UEPE = 'UUEPE0001';
const CISL = 'UCISL0001';
const CHANNEL = 'CPOLLS1';
const TABLES = ['offers', 'referrals', 'poll_votes', 'audit_log'] as const;

const exec = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

const clock = new TestClock();
let tmp: string;
let t: TestApp;
let orgs: Record<string, number>;

function day(offset: number): string {
  return dayjs.utc(calendarDateIn(clock.now(), 'Europe/Rome')).add(offset, 'day').format('YYYY-MM-DD');
}

/** `key: null`: BACKUP_KEY unset. */
const backupConfig = (dataDir: string, key: string | null = KEY): Pick<AppConfig, 'database' | 'backup'> => ({
  database: { kind: 'pglite', dataDir },
  backup: { key: key ?? undefined, dir: path.join(tmp, 'nightly'), keep: 2 },
});

async function rows(knex: Knex): Promise<Record<(typeof TABLES)[number], unknown[]>> {
  const out = {} as Record<(typeof TABLES)[number], unknown[]>;
  for (const table of TABLES) out[table] = await knex(table).select('*').orderBy('id');
  return out;
}

async function createOffer(title: string): Promise<number> {
  const res = await t.submitView(
    COOP,
    'offer_new',
    {
      offer_title: input.text(title),
      offer_sector: input.select('catering'),
      offer_positions: input.number('1'),
      offer_contract: input.select('internship'),
      offer_hours: input.number('30'),
      offer_location: input.text('Gorizia'),
      offer_start: input.date(day(20)),
      offer_deadline: input.date(day(10)),
      offer_requirements: input.text('Disponibilità su turni'),
      offer_eligibility: input.checkboxes(['outside_work']),
      offer_organization: input.select(String(orgs.LEGACOOP)),
    },
    JSON.stringify({ channelId: 'COFFERS' }),
  );
  expect(res.status).toBe(200);
  expect(res.text).toBe('');
  return Number((await t.app.db.knex('offers').where({ title }).first()).id);
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'isonew-backup-'));
  const dataDir = path.join(tmp, 'data');
  t = await startTestApp('pglite', {
    clock,
    database: { target: { kind: 'pglite', dataDir }, cleanup: async () => {} },
    config: { backup: { key: KEY, dir: path.join(tmp, 'nightly'), keep: 2 } },
  });
  ({ orgs } = await buildNetwork(t.byHand, [
    { user: COOP, org: 'LEGACOOP' },
    { user: UEPE, org: 'UEPE' },
    { user: CISL, org: 'CISL' },
  ]));
  // An offer, a referral to it, a poll and votes: every kind of row the backup must carry.
  const offerId = await createOffer('Addetta alla cucina');
  const referral = await t.submitView(
    UEPE,
    'offer_referral_new',
    { referral_code: input.text('UEPE-2026-014'), referral_organization: input.select(String(orgs.UEPE)), referral_note: input.text('Disponibile da subito') },
    JSON.stringify({ offerId, channelId: 'COFFERS' }),
  );
  expect(referral.status).toBe(200);
  const poll = await t.submitView(
    COORDINATOR,
    'poll_new',
    {
      poll_kind: input.radio('choice'),
      poll_question: input.text('Quale tema al primo punto?'),
      poll_options: input.text('Tirocini\nBorse lavoro'),
      poll_slots: input.text(''),
      poll_settings: input.checkboxes([]),
      poll_scope: input.radio('person'),
      poll_organizations: input.multi([]),
      poll_deadline_date: input.date(null),
      poll_deadline_time: input.time(null),
      poll_channel: input.channel(CHANNEL),
    },
    JSON.stringify({ channelId: CHANNEL }),
  );
  expect(poll.status).toBe(200);
  const pollRow = (await t.app.db.knex('polls').first())!;
  const options = await t.app.db.knex('poll_options').where({ poll_id: pollRow.id }).orderBy('position');
  for (const [user, option] of [[UEPE, options[0]], [CISL, options[1]], [COOP, options[0]]] as const) {
    const res = await t.postInteractive(blockActionPayload({ userId: user, actionId: `poll_vote:${option!.id}`, value: String(pollRow.id), channelId: CHANNEL, responseUrl: t.slack.responseUrl(`v-${user}`) }));
    expect(res.status).toBe(200);
  }
  await waitFor(async () => (await t.app.db.knex('poll_votes').count<Array<{ count: number }>>({ count: '*' }))[0]!.count >= 3, 5000, 'the votes');
  await t.settled();
}, 240_000);

afterAll(async () => {
  await t?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('backups of the embedded database', () => {
  it('backs up while signed requests are served, restores into a new folder, and the app started on it finds every row', async () => {
    const before = await rows(t.app.db.knex);
    expect(before.offers).toHaveLength(1);
    expect(before.referrals).toHaveLength(1);
    expect(before.poll_votes.length).toBeGreaterThanOrEqual(3);
    expect(before.audit_log.length).toBeGreaterThan(3);

    // Requests that write (new offers) and read (lists) while the backup is taken through the running app.
    const file = path.join(tmp, 'manual.backup');
    const served = Promise.all([
      ...Array.from({ length: 6 }, (_, i) => createOffer(`Offerta durante il backup ${i}`)),
      ...Array.from({ length: 6 }, () => t.command(CISL, '/offerta', 'lista').then((r) => expect(r.status).toBe(200))),
    ]);
    const backup = await backupToFile(backupConfig(path.join(tmp, 'data')), file, clock.now());
    await served;
    expect(backup.via).toBe('running app');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    // Encrypted: neither the pseudonymous code nor an offer's title appears in the file.
    const bytes = fs.readFileSync(file);
    expect(bytes.includes(Buffer.from('UEPE-2026-014'))).toBe(false);

    const restoredDir = path.join(tmp, 'restored');
    const restored = await restoreFromFile(backupConfig(restoredDir), file);
    expect(restored.migrations).toBeGreaterThan(5);

    const second = await startTestApp('pglite', { clock, database: { target: { kind: 'pglite', dataDir: restoredDir }, cleanup: async () => {} } });
    try {
      const after = await rows(second.app.db.knex);
      // Every row that existed before the backup started, exactly as it was.
      for (const table of TABLES) {
        const byId = new Map((after[table] as Array<{ id: number }>).map((r) => [r.id, r]));
        for (const row of before[table] as Array<{ id: number }>) expect(byId.get(row.id)).toEqual(row);
      }
      // A consistent copy: an offer written during the backup is there with its audit row, or not at all.
      const offerIds = (after.offers as Array<{ id: number }>).map((o) => o.id);
      const audited = (after.audit_log as Array<{ action: string; entity_id: string | number }>).filter((a) => a.action === 'offer.create').map((a) => Number(a.entity_id));
      expect(audited.sort()).toEqual(offerIds.sort());
      // The restored app serves from it.
      const list = await second.command(CISL, '/offerta', 'lista');
      expect(list.status).toBe(200);
      expect(JSON.stringify(list.json)).toContain('Addetta alla cucina');
      // Refused while an app runs on that folder, and when the folder already holds a database.
      await expect(restoreFromFile(backupConfig(restoredDir), file)).rejects.toBeInstanceOf(DataDirLockedError);
    } finally {
      await second.stop();
    }
    await expect(restoreFromFile(backupConfig(restoredDir), file)).rejects.toBeInstanceOf(RestoreRefusedError);
  }, 240_000);

  it('refuses a wrong key, a damaged or truncated file, a missing key, and an existing output file, changing nothing', async () => {
    const file = path.join(tmp, 'refusals.backup');
    await backupToFile(backupConfig(path.join(tmp, 'data')), file, clock.now());
    const target = path.join(tmp, 'never-created');
    const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

    const wrongKey = await refusal(restoreFromFile(backupConfig(target, OTHER_KEY), file));
    expect(wrongKey).toBeInstanceOf(BackupFileError);
    expect((wrongKey as BackupFileError).reason).toBe('wrong_key');

    const original = fs.readFileSync(file);
    const damaged = Buffer.from(original);
    damaged[Math.floor(damaged.length / 2)]! ^= 0x01;
    fs.writeFileSync(path.join(tmp, 'damaged.backup'), damaged);
    expect(((await refusal(restoreFromFile(backupConfig(target), path.join(tmp, 'damaged.backup')))) as BackupFileError).reason).toBe('damaged');
    // The header is authenticated too: a changed date is damage, not a different backup.
    const header = Buffer.from(original.toString('latin1').replace(/"createdAt":"2/, '"createdAt":"3'), 'latin1');
    fs.writeFileSync(path.join(tmp, 'header.backup'), header);
    expect(((await refusal(restoreFromFile(backupConfig(target), path.join(tmp, 'header.backup')))) as BackupFileError).reason).toBe('damaged');
    fs.writeFileSync(path.join(tmp, 'truncated.backup'), original.subarray(0, original.length - 100));
    expect(((await refusal(restoreFromFile(backupConfig(target), path.join(tmp, 'truncated.backup')))) as BackupFileError).reason).toBe('damaged');
    fs.writeFileSync(path.join(tmp, 'other.backup'), 'not a backup at all');
    expect(((await refusal(restoreFromFile(backupConfig(target), path.join(tmp, 'other.backup')))) as BackupFileError).reason).toBe('not_a_backup');

    const noKey = await refusal(restoreFromFile(backupConfig(target, null), file));
    expect(noKey).toBeInstanceOf(BackupRefusedError);
    expect((noKey as Error).message).toContain('art. 10');
    expect(fs.existsSync(target)).toBe(false);

    const noKeyBackup = await refusal(backupToFile(backupConfig(path.join(tmp, 'data'), null), path.join(tmp, 'plain.backup'), clock.now()));
    expect((noKeyBackup as Error).message).toContain('art. 10');
    expect(fs.existsSync(path.join(tmp, 'plain.backup'))).toBe(false);
    await expect(backupToFile(backupConfig(path.join(tmp, 'data')), file, clock.now())).rejects.toThrow('already exists');
    expect(fs.readFileSync(file).equals(original)).toBe(true);
    await expect(backupToFile({ database: { kind: 'postgres', url: 'postgres://x@127.0.0.1/x' }, backup: { key: KEY, dir: tmp, keep: 1 } }, path.join(tmp, 'pg.backup'), clock.now())).rejects.toThrow('pg_dump');
  }, 240_000);

  it('npm run backup and npm run restore: through the running app, and refusals with a clear message', async () => {
    const env = { ...process.env, DATA_DIR: path.join(tmp, 'data'), BACKUP_KEY: KEY, LOG_LEVEL: 'silent', SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: '', DATABASE_URL: '' };
    const file = path.join(tmp, 'cli.backup');
    const backup = await exec(TSX, ['src/cli/backup.ts', '--out', file], { cwd: ROOT, env });
    expect(backup.stdout).toContain(`backup written to ${file}`);
    expect(backup.stdout).toContain('running app');

    const refused = await exec(TSX, ['src/cli/restore.ts', file], { cwd: ROOT, env: { ...env, BACKUP_KEY: OTHER_KEY } }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused?.code).toBe(1);
    expect(refused?.stderr).toContain('restore refused: BACKUP_KEY is not the key this backup was made with');
    expect(refused?.stderr).toContain('nothing was changed');

    const running = await exec(TSX, ['src/cli/restore.ts', file], { cwd: ROOT, env }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(running?.stderr).toMatch(/restore refused: the app \(pid \d+\) is running on .*: stop it first; nothing was changed/);

    const noKey = await exec(TSX, ['src/cli/backup.ts', '--out', path.join(tmp, 'cli-plain.backup')], { cwd: ROOT, env: { ...env, BACKUP_KEY: '' } }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(noKey?.stderr).toContain('backup refused: BACKUP_KEY is not set: backups hold art. 10 GDPR data');
    expect(fs.existsSync(path.join(tmp, 'cli-plain.backup'))).toBe(false);
  }, 240_000);

  it('the nightly job writes one backup a day however often it runs, keeps the last BACKUP_KEEP, and logs where', async () => {
    const job = t.app.jobs.find((j) => j.name === 'backup')!;
    expect(job).toBeDefined();
    const nightly = path.join(tmp, 'nightly');
    const files = () => (fs.existsSync(nightly) ? fs.readdirSync(nightly).sort() : []);

    const first = clock.now();
    // Twice (PGlite runs statements one at a time, so a race is two runs in a row: the claim is one
    // statement) and once more later the same day: one file.
    expect((await job.run(first)).backups).toBe(1);
    expect((await job.run(first)).backups).toBe(0);
    expect((await job.run(new Date(first.getTime() + 60 * 60_000))).backups).toBe(0);
    expect(files()).toEqual([`isonew-${calendarDateIn(first, 'Europe/Rome')}.backup`]);
    const claims = await t.app.db.knex('job_runs').where({ job: 'backup' });
    expect(claims).toHaveLength(1);
    expect(claims[0].status).toBe('done');

    // Three more days: the last two are kept (BACKUP_KEEP=2).
    const days = [1, 2, 3].map((n) => new Date(first.getTime() + n * 86_400_000));
    for (const now of days) expect((await job.run(now)).backups).toBe(1);
    expect(files()).toEqual(days.slice(1).map((d) => `isonew-${calendarDateIn(d, 'Europe/Rome')}.backup`));

    // And a nightly file restores like a manual one.
    const restored = await restoreFromFile(backupConfig(path.join(tmp, 'from-nightly')), path.join(nightly, files()[1]!));
    expect(restored.migrations).toBeGreaterThan(5);
  }, 240_000);
});
