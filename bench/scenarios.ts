import { measureFootprint } from './footprint';
import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { calendarDateIn, dayjs } from '../src/platform/time';
import { BLOCK, CALLBACK } from '../src/areas/network/slack/ids';
import { OFFERS } from '../src/areas/offers/slack/ids';
import { commandBody, input, viewSubmissionPayload } from '../test/support/slack-requests';
import { runDigestBench } from './digest-bench';
import { runVoteStorm, type VoteStormReport } from './vote-storm';

/**
 * What `npm run bench` measures, as data. A request scenario is one signed Slack request shape
 * sent to the real app and, with the same bodies, to a bare Bolt app that only acks; the table
 * shows both and their ratio. To measure a new feature, fill in its hook below (give it a
 * `request`, and a `setup` if it needs data first; or a `measure` for what is not one request)
 * and drop its `pending`: nothing else changes.
 */
export const BENCH_SIGNING_SECRET = 'bench-signing-secret-0123456789';
/** The user every request comes from: a coordinator (in ADMIN_USER_IDS of the app under test). */
export const BENCH_USER = 'UBENCH01';
/** A partner of one organization (bench/server.ts adds them to the directory): the offers scenarios' user. */
export const BENCH_PARTNER = 'UBENCHPARTNER';
/** Their organization, created by bench/server.ts with this id so requests can name it. */
export const BENCH_PARTNER_ORGANIZATION_ID = 9001;
/** Offers on the database before `/offerta lista` is measured. */
const OFFERS_BEFORE_LIST = 500;
const OFFERS_CHANNEL = 'CBENCHOFFERS';
const TZ = 'Europe/Rome';

export interface BenchRequest {
  body: string;
  contentType: string;
}

/** Sends a signed request to the app under test (for setup). */
export type Send = (request: BenchRequest) => Promise<{ status: number; text: string }>;

/**
 * A scenario that measures itself runs after the request-path servers have stopped, in processes of
 * its own: the app that took the request path's load is still digesting it for a while (App Home
 * refreshes, notifications), and would share the machine with what is measured.
 */
export interface MeasureContext {
  run: string;
  /** The PostgreSQL server the bench uses (a scenario makes its own scratch database on it); unset: PGlite. */
  databaseUrl?: string;
}

export interface RequestScenario {
  id: string;
  label: string;
  /** The request number `i` of a run; `run` is unique per bench run (for unique names). */
  request?: (i: number, run: string) => BenchRequest;
  /** Unmeasured requests that create what the scenario needs (e.g. the poll a vote storm votes on). */
  setup?: (send: Send, run: string) => Promise<void>;
  /**
   * For what is not one request (the digest at scale): measures it against the running app (its
   * URL, a signed `send`) and returns the cells of its row. Request scenarios leave it out.
   */
  measure?: (ctx: MeasureContext) => Promise<{ result: string }>;
  /** The target the issue sets, relative to bare Bolt's p50. */
  targetRatio?: number;
  /** Why the scenario is not measured on this branch (its feature is not here yet). */
  pending?: string;
}

const form = (body: string): BenchRequest => ({ body, contentType: 'application/x-www-form-urlencoded' });
const interactive = (payload: Record<string, unknown>): BenchRequest => form(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
const RESPONSE_URL = 'http://127.0.0.1:9/response';

async function expectOk(send: Send, request: BenchRequest, what: string): Promise<void> {
  const res = await send(request);
  if (res.status !== 200 || res.text.includes('"errors"')) throw new Error(`bench setup: ${what} failed (${res.status}): ${res.text.slice(0, 300)}`);
}

/** A calendar date `offset` days from today in Europe/Rome, computed when the request is built. */
function day(offset: number): string {
  return dayjs.utc(calendarDateIn(new Date(), TZ)).add(offset, 'day').format('YYYY-MM-DD');
}

const SECTORS = ['catering', 'agriculture', 'cleaning_services'];

/** A valid new-offer modal submission by the partner for their own organization, with a unique title. */
function offerSubmission(i: number, run: string): BenchRequest {
  return interactive(
    viewSubmissionPayload({
      userId: BENCH_PARTNER,
      callbackId: OFFERS.callbackNew,
      values: {
        [OFFERS.blockTitle]: input.text(`Addetto/a di prova ${run} n. ${i}`),
        [OFFERS.blockSector]: input.select(SECTORS[i % SECTORS.length]!),
        [OFFERS.blockPositions]: input.number(String(1 + (i % 3))),
        [OFFERS.blockContract]: input.select('internship'),
        [OFFERS.blockHours]: input.number('30'),
        [OFFERS.blockLocation]: input.text('Gorizia'),
        [OFFERS.blockStart]: input.date(day(20)),
        [OFFERS.blockDeadline]: input.date(day(10)),
        [OFFERS.blockRequirements]: input.text('Disponibilità su turni, HACCP gradito'),
        [OFFERS.blockEligibility]: input.checkboxes(['outside_work', 'former_prisoners']),
        [OFFERS.blockOrganization]: input.select(String(BENCH_PARTNER_ORGANIZATION_ID)),
      },
      // No channel: the offers channel setting is used, and no ephemeral confirmation is posted.
      privateMetadata: '',
    }),
  );
}

/** The offers channel (a coordinator's `/offerta canale`), and one submission that must be accepted. */
async function offersChannelSetup(send: Send, run: string): Promise<void> {
  await expectOk(send, form(commandBody({ command: '/offerta', text: `canale <#${OFFERS_CHANNEL}|offerte>`, userId: BENCH_USER, responseUrl: RESPONSE_URL })), 'offers channel');
  await expectOk(send, offerSubmission(0, `${run}-check`), 'an offer');
}

/** The offers channel and OFFERS_BEFORE_LIST offers, ten at a time. */
async function offersSetup(send: Send, run: string): Promise<void> {
  await offersChannelSetup(send, run);
  for (let i = 0; i < OFFERS_BEFORE_LIST; i += 10) {
    await Promise.all(Array.from({ length: 10 }, (_, k) => expectOk(send, offerSubmission(1_000_000 + i + k, `${run}-setup`), 'an offer')));
  }
}

export const REQUEST_SCENARIOS: RequestScenario[] = [
  {
    id: 'readCommand',
    label: 'signed read command: `/rete lista`',
    targetRatio: 3,
    request: () => form(commandBody({ command: '/rete', text: 'lista', userId: BENCH_USER, responseUrl: RESPONSE_URL })),
  },
  {
    id: 'modalSubmission',
    label: 'signed modal submission: new organization (validation + case-insensitive clash check, then one statement: insert + audit)',
    targetRatio: 10,
    request: (i, run) =>
      interactive(
        viewSubmissionPayload({
          userId: BENCH_USER,
          callbackId: CALLBACK.organizationNew,
          values: {
            [BLOCK.orgName]: input.text(`Ente di prova ${run} n. ${i}`),
            [BLOCK.orgShortName]: input.text(`B${run}-${i}`),
            [BLOCK.orgKind]: input.select('association'),
          },
          // No channel: the confirmation (posted after the ack) is not part of the measurement.
          privateMetadata: '',
        }),
      ),
  },
  {
    id: 'offerList',
    label: `signed read command: \`/offerta lista\` by a partner (${OFFERS_BEFORE_LIST} offers on the database)`,
    targetRatio: 3,
    setup: offersSetup,
    request: () => form(commandBody({ command: '/offerta', text: 'lista', userId: BENCH_PARTNER, responseUrl: RESPONSE_URL })),
  },
  {
    id: 'offerSubmission',
    label: 'signed modal submission: new offer (validation + one statement: insert + announcement request + audit)',
    targetRatio: 10,
    setup: offersChannelSetup,
    request: offerSubmission,
  },
  {
    id: 'voteStorm',
    label: 'busy poll (issue 18): 1000 voters at once on one poll, PostgreSQL (the app in a process of its own with the node flags of `npm run serve`, the fake Slack and the voters in the bench’s; target ack p99 < 1 s)',
    measure: async ({ databaseUrl }) => voteStormResult(await runVoteStorm({ databaseUrl, voters: 1000, timeoutMs: 120_000 }), 1000),
  },
  {
    id: 'voteStormPglite',
    label: 'busy poll (issue 18): 1000 voters at once on one poll, PGlite (the app in a process of its own with the node flags of `npm run serve`, the fake Slack and the voters in the bench’s; target ack p99 < 2 s)',
    measure: async () => voteStormResult(await runVoteStorm({ voters: 1000, timeoutMs: 120_000 }), 2000),
  },
  {
    id: 'digestAtScale',
    label: 'weekly digest at scale (scale 0.1 of the issue\'s network: 5,000 offers, 20,000 referrals, 500 polls, 100,000 votes, 500 meetings; `npx tsx bench/digest-bench.ts` runs scale 1)',
    measure: async ({ databaseUrl }) => {
      const r = await runDigestBench({ databaseUrl, scale: 'bench', log: () => undefined });
      const unindexed = r.explains.filter((e) => !e.usesIndex).map((e) => e.label);
      return {
        result:
          r.timings.map((x) => `${x.label} ${x.ms.toFixed(1)} ms`).join('; ') +
          `; EXPLAIN: ${r.explains.length - unindexed.length}/${r.explains.length} queries read large tables only through an index` +
          (unindexed.length ? ` (the other ${unindexed.length} are the one-year indicators and coordinators' network-wide totals, which read most rows anyway)` : ''),
      };
    },
  },
  {
    id: 'memoryIdleAfterReport',
    label: 'memory idle / after report: the app as `npm run serve` runs it, on PGlite (a DATA_DIR with a year of data: 1,000 offers, 4,000 referrals, 20,000 votes), resident memory 3 s after a restart, and 3 s after a one-year `/riepilogo indicatori` (targets: < 200 MB, < 250 MB)',
    measure: async () => {
      const f = await measureFootprint();
      const mb = (v: number | undefined) => (v === undefined ? 'n/a' : `${v.toFixed(0)} MB`);
      const met = (v: number | undefined, limit: number) => (v === undefined ? '' : v < limit ? ' (met)' : ' (**not met**)');
      return { result: `idle ${mb(f.idleMb)}${met(f.idleMb, 200)}; after the one-year indicators report ${mb(f.afterReportMb)}${met(f.afterReportMb, 250)} (report answered in ${f.reportMs.toFixed(0)} ms; the chart renderer drawing its network map, a process of its own that ends 10 s after its last picture, held ${f.childrenAfterReportMb.toFixed(0)} MB then)` };
    },
  },
  {
    id: 'restartToReady',
    label: 'restart to ready: the same app (`npm run serve`) and DATA_DIR, from spawning node until GET /healthz answers 200 (target: < 3 s)',
    measure: async () => {
      const f = await measureFootprint();
      return { result: `${f.readyMs.toFixed(0)} ms${f.readyMs < 3000 ? ' (met)' : ' (**not met**)'}` };
    },
  },
  {
    id: 'chartRender',
    label: 'a chart rendered to PNG on the server (echarts SVG → resvg, shipped font) by the renderer’s own process: funnel, 12-week trend, 20-organization network map (targets: < 200 ms, < 50 MB added to the idle app)',
    measure: async () => {
      const r = await runChartBench();
      const worst = Math.max(...Object.values(r.stats).map((s) => s.max));
      const ok = worst < 200 && r.addedMb < 50;
      return {
        result:
          Object.entries(r.stats).map(([name, s]) => `${name} p50 ${s.p50.toFixed(1)} ms / max ${s.max.toFixed(1)} ms`).join('; ') +
          `; first render (starts the renderer: node, echarts, resvg, the font) ${r.firstMs.toFixed(0)} ms; ` +
          `the app +${r.addedMb.toFixed(1)} MB RSS over an idle ${r.idleMb.toFixed(0)} MB process once the renderer has ended (it peaked at ${r.rendererPeakMb.toFixed(0)} MB while it ran; ` +
          `the same renders in the app's own process would add ${r.inProcessAddedMb.toFixed(0)} MB for good)` +
          (ok ? ' — within targets' : ' — **OVER TARGET**'),
      };
    },
  },
];

/** One line of the results table for a vote storm. */
function voteStormResult(r: VoteStormReport, targetP99Ms: number): { result: string } {
  const ok = r.stored === r.voters && r.finalMessageRight && r.non200 === 0 && r.refused === 0;
  return {
    result:
      `ack p50 ${r.ackP50Ms} ms / p99 ${r.ackP99Ms} ms as the voters saw it (target < ${targetP99Ms} ms: ${r.ackP99Ms < targetP99Ms ? 'met' : '**not met**'}; ` +
      `the same voters against a server that answers at once: p50 ${r.floorP50Ms} ms / p99 ${r.floorP99Ms} ms); ` +
      `as the app measured it (arrival to answer, its /metrics histogram) p50 ≤ ${r.appAckP50AtMostMs} ms / p99 ≤ ${r.appAckP99AtMostMs} ms, its event loop delayed by at most ${r.appLoopDelayMaxMs} ms (p99 ${r.appLoopDelayP99Ms} ms); ` +
      `${r.votesPerSecond} votes/s stored; ${r.chatUpdatesPerSecond} chat.update/s (${r.chatUpdates} in all); ` +
      `${r.stored}/${r.voters} stored, ${r.refused} told "not stored", ${r.connectionErrors} connection-acquisition log lines` +
      `${ok ? ', final counts right' : ' — **INCOMPLETE**'}`,
  };
}

interface ChartBenchResult {
  firstMs: number;
  stats: Record<string, { p50: number; max: number }>;
  addedMb: number;
  idleMb: number;
  rendererPeakMb: number;
  inProcessAddedMb: number;
}

/** bench/chart-bench.ts in a child process (with --expose-gc), so its memory is measured against an idle process; the build first, which it draws with. */
function runChartBench(): Promise<ChartBenchResult> {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: path.join(__dirname, '..'), stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(__dirname, 'chart-bench.ts')], { timeout: 120_000 }, (error, stdout) => {
      if (error) return reject(error);
      resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ChartBenchResult);
    });
  });
}

/** Client counts every request scenario is measured at. */
export const CONCURRENCY = [1, 20];
