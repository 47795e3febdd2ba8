import { ConfigError, loadConfig } from '../../src/platform/config';

/** Local mode (the playground) starts only with no Slack credentials, and only on loopback. */
describe('loadConfig: local mode', () => {
  it('is chosen when no Slack credential is set, on 127.0.0.1 and PORT', () => {
    const config = loadConfig({ PORT: '3100', DATA_DIR: '/tmp/x' });
    expect(config.local).toEqual({ host: '127.0.0.1', port: 3100, stateDir: '/tmp/x' });
    expect(loadConfig({}).local).toEqual({ host: '127.0.0.1', port: 3000, stateDir: './data' });
  });

  it('never binds to a non-loopback address', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.org']) {
      expect(() => loadConfig({ HOST: host })).toThrow(ConfigError);
      expect(() => loadConfig({ HOST: host })).toThrow(/HOST must be 127\.0\.0\.1/);
    }
    for (const host of ['127.0.0.1', 'localhost', '::1']) expect(loadConfig({ HOST: host }).local?.host).toBe('127.0.0.1');
  });

  it('never starts when Slack credentials are set', () => {
    const slack = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-3', SLACK_SIGNING_SECRET: 'secret-0123456789', HOST: '0.0.0.0' });
    expect(slack.local).toBeUndefined();
    expect(slack.host).toBe('0.0.0.0');
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-3', SLACK_APP_TOKEN: 'xapp-1-2' }).local).toBeUndefined();
  });

  it('keeps one credential without the other a configuration error', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-3' })).toThrow(/SLACK_SIGNING_SECRET is not set/);
    expect(() => loadConfig({ SLACK_SIGNING_SECRET: 'secret-0123456789' })).toThrow(/SLACK_BOT_TOKEN is not set/);
    expect(() => loadConfig({ SLACK_APP_TOKEN: 'xapp-1-2' })).toThrow(/SLACK_BOT_TOKEN is not set/);
  });

  it('refuses to start against a real database or in production instead of turning local', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/isonew' })).toThrow(/SLACK_BOT_TOKEN is not set while DATABASE_URL is/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SLACK_BOT_TOKEN is not set with NODE_ENV=production/);
    // The guard ignores case and blank space: a deployment spelling it differently is still production.
    for (const spelling of ['Production', 'PRODUCTION', ' production ', 'pRoDuCtIoN']) {
      expect(() => loadConfig({ NODE_ENV: spelling })).toThrow(/SLACK_BOT_TOKEN is not set with NODE_ENV=production/);
    }
    expect(loadConfig({ NODE_ENV: 'Production', SLACK_BOT_TOKEN: 'xoxb-test-0000000000', SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef' }).prettyLogs).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/isonew' }, { requireSlack: false }).database).toEqual({ kind: 'postgres', url: 'postgres://db/isonew' });
  });

  it('is not used by tools that never talk to Slack', () => {
    expect(loadConfig({}, { requireSlack: false }).local).toBeUndefined();
  });
});
