import { BLOCK, CALLBACK } from '../src/slack/views/ids';
import { commandBody, input, viewSubmissionPayload } from '../test/support/slack-requests';

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

export interface BenchRequest {
  body: string;
  contentType: string;
}

/** Sends a signed request to the app under test (for setup). */
export type Send = (request: BenchRequest) => Promise<{ status: number; text: string }>;

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
  measure?: (ctx: { url: string; send: Send; run: string }) => Promise<{ result: string }>;
  /** The target the issue sets, relative to bare Bolt's p50. */
  targetRatio?: number;
  /** Why the scenario is not measured on this branch (its feature is not here yet). */
  pending?: string;
}

const form = (body: string): BenchRequest => ({ body, contentType: 'application/x-www-form-urlencoded' });
const interactive = (payload: Record<string, unknown>): BenchRequest => form(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
const RESPONSE_URL = 'http://127.0.0.1:9/response';

export const REQUEST_SCENARIOS: RequestScenario[] = [
  {
    id: 'readCommand',
    label: 'signed read command: `/rete lista`',
    targetRatio: 3,
    request: () => form(commandBody({ command: '/rete', text: 'lista', userId: BENCH_USER, responseUrl: RESPONSE_URL })),
  },
  {
    id: 'modalSubmission',
    label: 'signed modal submission: new organization (validation + insert + audit, one transaction)',
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
  // Hooks for the features being built on other branches: give each a `request` (and `setup`).
  { id: 'offerList', label: 'signed read command: `/offerta lista`', targetRatio: 3, pending: 'offers (`/offerta`) are not on this branch' },
  { id: 'offerSubmission', label: 'signed modal submission: new offer', targetRatio: 10, pending: 'offers (`/offerta`) are not on this branch' },
  { id: 'voteStorm', label: 'vote storm: many voters on one poll', pending: 'polls (`/sondaggio`) are not on this branch' },
  { id: 'digestAtScale', label: 'weekly digest at scale', pending: 'digests (`/riepilogo`) are not on this branch' },
];

/** Client counts every request scenario is measured at. */
export const CONCURRENCY = [1, 20];
