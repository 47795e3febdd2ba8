import crypto from 'node:crypto';
import path from 'node:path';
import { ConfigError, type AppConfig, type LocalModeConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { startApp, type RunningApp, type StartOptions } from '../app/start';
import { directoryIsEmpty, seedDemo } from './demo-data';
import { LOCAL_BOT } from './demo-users';
import { startStandIn, type StandIn } from './stand-in';

export interface LocalPlayground {
  /** The page: http://127.0.0.1:<PORT>/ */
  url: string;
  app: RunningApp;
  standIn: StandIn;
  stop(): Promise<void>;
}

/**
 * Local mode: the stand-in for Slack first (loopback only), then the real app, unchanged,
 * pointed at it through SLACK_API_URL with a generated signing secret and a fake token. The
 * app listens on an ephemeral loopback port; only the stand-in talks to it. On an empty
 * database the ISO.NEW organizations and the demo members are loaded.
 */
export async function startLocal(config: AppConfig & { local: LocalModeConfig }, options: StartOptions & { stateFile?: string | null } = {}): Promise<LocalPlayground> {
  const logger = options.logger ?? createLogger({ level: config.logLevel, pretty: config.prettyLogs });
  const signingSecret = crypto.randomBytes(24).toString('hex');
  const botToken = `xoxb-local-${crypto.randomBytes(8).toString('hex')}`;
  const stateFile = options.stateFile !== undefined ? options.stateFile : path.join(config.local.stateDir, 'playground-workspace.json');
  const standIn = await startStandIn({ host: config.local.host, port: config.local.port, signingSecret, botToken, stateFile, logger, record: false }).catch((error: unknown) => {
    if ((error as { code?: string }).code === 'EADDRINUSE') {
      throw new ConfigError('PORT', `${config.local.port} is already in use on ${config.local.host}: stop what uses it or set PORT to a free port for the local playground`);
    }
    throw error;
  });
  let app: RunningApp;
  try {
    app = await startApp(
      {
        ...config,
        slack: { botToken, signingSecret, apiUrl: standIn.apiUrl },
        port: 0,
        host: config.local.host,
      },
      { ...options, logger },
    );
  } catch (error) {
    await standIn.close();
    throw error;
  }
  standIn.connect(`http://${config.local.host}:${app.port}/slack/events`);
  if (await directoryIsEmpty(app.areas.network, config.adminUserIds)) {
    const added = await seedDemo(app.areas.network, LOCAL_BOT.teamId);
    logger.info({ members: added }, 'empty database: loaded the ISO.NEW organizations and the demo members');
  }
  const url = `${standIn.baseUrl}/`;
  let stopping: Promise<void> | undefined;
  return {
    url,
    app,
    standIn,
    stop: () =>
      (stopping ??= (async () => {
        await app.stop();
        await standIn.close();
      })()),
  };
}
