import { ConfigError, loadConfig } from '../../src/platform/config';

const base = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'abcdef0123456789' };

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a configuration error');
}

describe('configuration', () => {
  it('has the documented defaults', () => {
    expect(loadConfig(base)).toEqual({
      slack: { botToken: 'xoxb-1-2-abc', signingSecret: 'abcdef0123456789', appToken: undefined, apiUrl: 'https://slack.com/api/' },
      port: 3000,
      host: undefined,
      database: { kind: 'pglite', dataDir: './data' },
      timezone: 'Europe/Rome',
      defaultLocale: 'it',
      adminUserIds: [],
      logLevel: 'info',
      prettyLogs: true,
      referralRetentionMonths: 24,
      secret: { file: 'data/isonew-secret.key' },
      backup: { key: undefined, dir: './backups', keep: 7 },
      metrics: { enabled: true, port: undefined },
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      ...base,
      SLACK_APP_TOKEN: 'xapp-1-A',
      SLACK_API_URL: 'http://127.0.0.1:9999/api/',
      PORT: '8080',
      DATABASE_URL: 'postgres://u:p@db:5432/isonew',
      APP_TIMEZONE: 'Europe/London',
      DEFAULT_LOCALE: 'en',
      ADMIN_USER_IDS: 'U01ABC, W02DEF',
      LOG_LEVEL: 'debug',
      NODE_ENV: 'production',
      REFERRAL_RETENTION_MONTHS: '36',
      BACKUP_KEY: 'a'.repeat(64),
      BACKUP_DIR: '/var/backups/isonew',
      BACKUP_KEEP: '14',
      METRICS_ENABLED: 'false',
      METRICS_PORT: '9464',
    });
    expect(config).toMatchObject({
      slack: { appToken: 'xapp-1-A', apiUrl: 'http://127.0.0.1:9999/api/' },
      port: 8080,
      database: { kind: 'postgres', url: 'postgres://u:p@db:5432/isonew' },
      timezone: 'Europe/London',
      defaultLocale: 'en',
      adminUserIds: ['U01ABC', 'W02DEF'],
      logLevel: 'debug',
      prettyLogs: false,
      referralRetentionMonths: 36,
      backup: { key: 'a'.repeat(64), dir: '/var/backups/isonew', keep: 14 },
      metrics: { enabled: false, port: 9464 },
    });
  });

  it.each([
    [{ SLACK_SIGNING_SECRET: 'abcdef0123456789' }, 'SLACK_BOT_TOKEN', 'manifest.yml'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_SIGNING_SECRET', 'manifest.yml'],
    [{ ...base, SLACK_BOT_TOKEN: 'abc' }, 'SLACK_BOT_TOKEN', 'xoxb-'],
    [{ ...base, PORT: 'eighty' }, 'PORT', ''],
    [{ ...base, PORT: '70000' }, 'PORT', ''],
    [{ ...base, DATABASE_URL: 'mysql://x' }, 'DATABASE_URL', 'postgres://'],
    [{ ...base, APP_TIMEZONE: 'Europe/Gorizia' }, 'APP_TIMEZONE', 'IANA'],
    [{ ...base, DEFAULT_LOCALE: 'fr' }, 'DEFAULT_LOCALE', 'one of it, en'],
    [{ ...base, ADMIN_USER_IDS: 'maria' }, 'ADMIN_USER_IDS', 'U0123ABCD'],
    [{ ...base, LOG_LEVEL: 'loud' }, 'LOG_LEVEL', 'one of'],
    [{ ...base, SLACK_API_URL: 'not a url' }, 'SLACK_API_URL', 'URL'],
    [{ ...base, BACKUP_KEY: 'short' }, 'BACKUP_KEY', '32 random bytes'],
    [{ ...base, BACKUP_KEEP: '0' }, 'BACKUP_KEEP', ''],
    [{ ...base, METRICS_ENABLED: 'no' }, 'METRICS_ENABLED', 'true or false'],
  ])('stops on a bad environment with one line naming the variable (%#)', (env, variable, hint) => {
    const error = configError(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(new RegExp(`^Configuration error: ${variable} `));
    expect(error.message).toContain(hint);
    expect(error.message).not.toContain('\n');
  });

  it('needs no signing secret in Socket Mode', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack.appToken).toBe('xapp-1');
  });
});

describe('the app secret (ISONEW_SECRET)', () => {
  const slack = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'abcdef0123456789' };
  it('takes 32 bytes or more as hex or base64, and refuses less, naming the variable', () => {
    expect(loadConfig({ ...slack, ISONEW_SECRET: 'ab'.repeat(32) }).secret).toEqual({ value: 'ab'.repeat(32) });
    expect(loadConfig({ ...slack, ISONEW_SECRET: Buffer.alloc(32, 7).toString('base64') }).secret).toEqual({ value: Buffer.alloc(32, 7).toString('base64') });
    expect(() => loadConfig({ ...slack, ISONEW_SECRET: 'too-short' })).toThrow(/ISONEW_SECRET/);
  });
  it('is a file beside the database folder when not set', () => {
    expect(loadConfig({ ...slack, DATA_DIR: '/srv/isonew' }).secret).toEqual({ file: '/srv/isonew/isonew-secret.key' });
  });
});
