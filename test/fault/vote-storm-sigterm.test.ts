import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type DatabaseTarget } from '../../src/platform/database';
import { requestMessage } from '../../src/platform/outbox/published-messages-store';
import { insertPoll } from '../../src/areas/polls/store/polls-store';
import { startChildApp, type ChildApp } from '../support/child-app';
import { DATABASES, scratchPostgres, type DatabaseKind } from '../support/databases';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { SIGNING_SECRET } from '../support/harness';
import { buildNetwork } from '../support/network';
import { blockActionPayload, postSigned, type HttpResult } from '../support/slack-requests';

const CHANNEL = 'CSTORM1';
const VOTERS = 120;

/**
 * Issue 18: a SIGTERM in the middle of a burst of votes. The app stops taking requests, then
 * finishes each vote it has acknowledged (stored, and the voter told so; or refused, and the voter
 * told so) before it closes the database. No vote is stored without its voter being told, none is
 * told "stored" without being stored, and the log has no connection-acquisition errors.
 */
describe.each(DATABASES)('SIGTERM during a vote storm (%s)', (kind: DatabaseKind) => {
  let slack: FakeSlack;
  let cleanup: () => Promise<void> = async () => {};
  let target: DatabaseTarget;
  let env: Record<string, string>;

  beforeAll(async () => {
    slack = await startFakeSlack();
    if (kind === 'postgres') {
      const scratch = await scratchPostgres();
      target = { kind: 'postgres', url: scratch.url };
      env = { DATABASE_URL: scratch.url };
      cleanup = () => scratch.drop();
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isonew-storm-'));
      target = { kind: 'pglite', dataDir: dir };
      env = { DATA_DIR: dir };
      cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
  afterAll(async () => {
    await slack.close();
    await cleanup();
  });

  /** The network, the voters and an open poll, written before the app starts (PGlite's folder belongs to one process). */
  async function prepare(): Promise<number[]> {
    const db = await openDatabase(target);
    try {
      await db.migrate();
      const orgs = ['UEPE', 'CISL', 'LEGACOOP', 'AGCI'];
      await buildNetwork(
        (work) => work(db.knex),
        Array.from({ length: VOTERS }, (_, i) => ({ user: `USTORM${String(i).padStart(4, '0')}`, org: orgs[i % orgs.length]!, locale: 'it' as const })),
      );
      const organizations = (await db.knex('organizations').select('id')) as Array<{ id: number }>;
      const now = new Date();
      const poll = await insertPoll(
        db.knex,
        {
          kind: 'choice',
          question: 'Tempesta di voti',
          multipleChoice: false,
          anonymous: false,
          voteScope: 'person',
          resultsHidden: false,
          closesAt: null,
          channelId: CHANNEL,
          locale: 'it',
          createdByUserId: 'UCOORD01',
          createdByOrganizationId: null,
        },
        [{ label: 'A' }, { label: 'B' }],
        organizations.map((o) => o.id),
        now,
      );
      await requestMessage(db.knex, { entityType: 'poll', entityId: poll.id, channelId: CHANNEL, locale: 'it' });
      return ((await db.knex('poll_options').where({ poll_id: poll.id }).orderBy('position')) as Array<{ id: number }>).map((o) => o.id);
    } finally {
      await db.close();
    }
  }

  it('every acknowledged vote is finished (stored and confirmed) or refused with a message; nothing half-done; no acquisition errors', async () => {
    const options = await prepare();
    const app: ChildApp = await startChildApp({ SLACK_API_URL: slack.apiUrl, ...env }, { readyTimeoutMs: 60_000 });
    const sent: Array<Promise<HttpResult | 'refused'>> = [];
    let acked = 0;
    const firstAcks = new Promise<void>((resolve) => {
      for (let i = 0; i < VOTERS; i++) {
        const user = `USTORM${String(i).padStart(4, '0')}`;
        const body = new URLSearchParams({
          payload: JSON.stringify(blockActionPayload({ userId: user, actionId: `poll_vote:${options[i % 2]}`, channelId: CHANNEL, responseUrl: slack.responseUrl(`storm${i}`) })),
        }).toString();
        sent.push(
          postSigned(`${app.url}/slack/events`, body, { secret: SIGNING_SECRET, contentType: 'application/x-www-form-urlencoded' }).then(
            (res) => {
              if (++acked === 10) resolve();
              return res;
            },
            () => 'refused' as const,
          ),
        );
      }
    });
    // SIGTERM while the storm is under way: after the first acks, with the rest in flight.
    await firstAcks;
    const stopping = app.stop();
    const results = await Promise.all(sent);
    await stopping;

    const ackedIds = results.map((r, i) => (r !== 'refused' && r.status === 200 ? `storm${i}` : undefined)).filter((x): x is string => x !== undefined);
    expect(ackedIds.length).toBeGreaterThanOrEqual(10);
    const replyOf = (id: string) => slack.responses.filter((r) => r.path === `/response/${id}`);
    // Each acknowledged click got exactly one answer before the process exited.
    for (const id of ackedIds) expect(replyOf(id)).toHaveLength(1);
    const text = (id: string) => JSON.stringify(replyOf(id)[0]?.body ?? {});
    const confirmed = ackedIds.filter((id) => !/non è stato|non disponibile|temporaneamente/i.test(text(id)));

    const db = await openDatabase(target);
    try {
      const votes = (await db.knex('poll_votes').select('voter_user_id')) as Array<{ voter_user_id: string }>;
      const stored = new Set(votes.map((v) => v.voter_user_id));
      expect(stored.size).toBe(votes.length);
      // Stored ⇔ confirmed: no vote stored that its voter was told failed, none confirmed that is missing.
      expect([...stored].sort()).toEqual(confirmed.map((id) => `USTORM${id.slice('storm'.length).padStart(4, '0')}`).sort());
      const participants = await db.knex('poll_participants').count<Array<{ n: string | number }>>('* as n');
      expect(Number(participants[0]!.n)).toBe(votes.length);
    } finally {
      await db.close();
    }
    expect(app.output()).not.toMatch(/Timeout acquiring a connection|acquir.*abort|aborted.*acquir|Acquire connection error/i);
  }, 180_000);
});
