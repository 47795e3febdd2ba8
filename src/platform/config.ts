import path from 'node:path';
import { z } from 'zod';
import { LOCALES, type Locale } from './i18n/locales';

export type { Locale };

/**
 * The only reader of process.env (DESIGN.md §3). Everything else receives an AppConfig.
 * A bad value stops the process with one line naming the variable and how to fix it.
 */

const SLACK_HINT =
  'create the Slack app from manifest.yml ("Create app from manifest"), install it, then copy the Bot User OAuth Token and the Signing Secret (see README, "Slack setup")';

const optionalString = z
  .string()
  .transform((v) => v.trim())
  .optional()
  .transform((v) => (v ? v : undefined));

const slackUserIds = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'each id must look like U0123ABCD')));

const envSchema = z.object({
  SLACK_BOT_TOKEN: optionalString.pipe(
    z.string().regex(/^xox[bp]-/, `must start with xoxb-; ${SLACK_HINT}`).optional(),
  ),
  SLACK_SIGNING_SECRET: optionalString.pipe(
    z.string().min(8, `looks too short; ${SLACK_HINT}`).optional(),
  ),
  SLACK_APP_TOKEN: optionalString.pipe(
    z.string().regex(/^xapp-/, 'must start with xapp- (an app-level token with connections:write), or be unset for HTTP mode').optional(),
  ),
  SLACK_API_URL: optionalString.pipe(z.url('must be a URL such as https://slack.com/api/').optional()),
  PORT: optionalString.pipe(z.coerce.number<string>().int('must be a whole number').min(0).max(65535).optional()),
  HOST: optionalString,
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL, or unset to use the embedded database under DATA_DIR')
      .optional(),
  ),
  DATA_DIR: optionalString,
  APP_TIMEZONE: optionalString.pipe(
    z
      .string()
      .refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Rome')
      .optional(),
  ),
  DEFAULT_LOCALE: optionalString.pipe(z.enum(LOCALES, `must be one of ${LOCALES.join(', ')}`).optional()),
  ADMIN_USER_IDS: slackUserIds,
  LOG_LEVEL: optionalString.pipe(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'must be one of fatal, error, warn, info, debug, trace, silent').optional(),
  ),
  NODE_ENV: optionalString,
  ISONEW_SECRET: optionalString.pipe(
    z
      .string()
      .refine((v) => secretBytes(v) >= 32, 'must be at least 32 random bytes, as hex or base64 (e.g. the output of `openssl rand -base64 32`)')
      .optional(),
  ),
  REFERRAL_RETENTION_MONTHS: optionalString.pipe(
    z.coerce.number<string>().int('must be a whole number of months').min(1).max(240).optional(),
  ),
});

export interface AppConfig {
  slack: {
    botToken: string;
    signingSecret: string;
    appToken?: string;
    apiUrl: string;
  };
  port: number;
  host?: string;
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
  timezone: string;
  defaultLocale: Locale;
  adminUserIds: string[];
  logLevel: string;
  prettyLogs: boolean;
  referralRetentionMonths: number;
  /**
   * The app's secret, kept outside the database (ISONEW_SECRET; unset: a file generated under DATA_DIR,
   * outside the database's own folder). Keys derived from it make what the database holds about anonymous
   * votes unlinkable to people. See src/platform/secrets.ts.
   */
  secret: { value: string } | { file: string };
  /**
   * Set in local mode (no Slack credentials at all): the playground's stand-in for Slack
   * listens here, always on the loopback interface, and keeps its workspace under stateDir.
   */
  local?: LocalModeConfig;
}

export interface LocalModeConfig {
  host: '127.0.0.1';
  port: number;
  stateDir: string;
}

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'];

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    super(`Configuration error: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

/** How many bytes a secret written as hex or base64 holds (0 when it is neither). */
function secretBytes(value: string): number {
  if (/^[0-9a-f]+$/i.test(value) && value.length % 2 === 0) return value.length / 2;
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return Buffer.from(value, 'base64').length;
  return 0;
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Validates the environment. Throws ConfigError naming the first bad variable. Tools that
 * never talk to Slack (the seed) pass `requireSlack: false`.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: { requireSlack?: boolean } = {}): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  const e = parsed.data;
  const requireSlack = options.requireSlack ?? true;
  // No Slack credentials at all: local mode (the playground). One credential without the other
  // stays a configuration error below, so a half-configured deployment never turns local.
  const local = requireSlack && !e.SLACK_BOT_TOKEN && !e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN;
  // A deployment whose secrets failed to load must not quietly run the playground against its
  // real database (jobs would "post" to the stand-in and mark the work done).
  if (local && e.DATABASE_URL) {
    throw new ConfigError('SLACK_BOT_TOKEN', `is not set while DATABASE_URL is: the local playground only runs on its embedded database; unset DATABASE_URL to try the playground, or ${SLACK_HINT}`);
  }
  // NODE_ENV is compared without regard to case or blank space: Production, PRODUCTION and ' production' are production.
  const production = (e.NODE_ENV ?? '').trim().toLowerCase() === 'production';
  if (local && production) {
    throw new ConfigError('SLACK_BOT_TOKEN', `is not set with NODE_ENV=production: the local playground is not for production; ${SLACK_HINT}`);
  }
  if (local && e.HOST && !LOOPBACK_HOSTS.includes(e.HOST)) {
    throw new ConfigError('HOST', `must be 127.0.0.1 (or unset) in local mode: the playground is never reachable from other machines; set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to serve Slack (${SLACK_HINT})`);
  }
  if (requireSlack && !local && !e.SLACK_BOT_TOKEN) throw new ConfigError('SLACK_BOT_TOKEN', `is not set; ${SLACK_HINT}`);
  if (requireSlack && !local && !e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN) {
    throw new ConfigError('SLACK_SIGNING_SECRET', `is not set (required in HTTP mode); ${SLACK_HINT}`);
  }
  return {
    slack: {
      botToken: e.SLACK_BOT_TOKEN ?? '',
      signingSecret: e.SLACK_SIGNING_SECRET ?? '',
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL ?? 'https://slack.com/api/',
    },
    port: e.PORT ?? 3000,
    host: e.HOST,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dataDir: e.DATA_DIR ?? './data' },
    timezone: e.APP_TIMEZONE ?? 'Europe/Rome',
    defaultLocale: e.DEFAULT_LOCALE ?? 'it',
    adminUserIds: e.ADMIN_USER_IDS,
    logLevel: e.LOG_LEVEL ?? 'info',
    prettyLogs: !production,
    referralRetentionMonths: e.REFERRAL_RETENTION_MONTHS ?? 24,
    secret: e.ISONEW_SECRET ? { value: e.ISONEW_SECRET } : { file: path.join(e.DATA_DIR ?? './data', 'isonew-secret.key') },
    local: local ? { host: '127.0.0.1', port: e.PORT ?? 3000, stateDir: e.DATA_DIR ?? './data' } : undefined,
  };
}
