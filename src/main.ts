import { ConfigError, loadConfig, type AppConfig } from './platform/config';
import { DataDirLockedError } from './platform/database/data-dir-lock';
import { startApp, type RunningApp } from './app/start';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
  let running: RunningApp;
  try {
    if (config.local) {
      // No Slack credentials: the local playground (src/local), loaded lazily so a Slack
      // deployment never loads it.
      const { startLocal } = await import('./local/start');
      const playground = await startLocal({ ...config, local: config.local });
      running = { ...playground.app, stop: playground.stop };
      running.logger.info({ url: playground.url }, `local mode (no Slack credentials): open ${playground.url} to try the app`);
      console.log(`\n  ISO.NEW playground: ${playground.url}\n`);
    } else {
      running = await startApp(config);
    }
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DataDirLockedError) {
      console.error(error.message);
      process.exit(error instanceof ConfigError ? 78 : 75);
    }
    throw error;
  }
  const shutdown = (signal: string) => {
    running.logger.info({ signal }, 'signal received');
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        running.logger.error({ err: String(error) }, 'unclean stop');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.on('unhandledRejection', (reason) => running.logger.error({ err: String(reason) }, 'unhandled rejection'));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  });
}
