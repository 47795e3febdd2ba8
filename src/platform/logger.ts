import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs: one JSON object a line in production, readable in development.
 * Redaction is a safety net; the rule is still never to log tokens, secrets, candidate
 * codes or free text a user typed (DESIGN.md §3).
 */
export function createLogger(options: { level: string; pretty: boolean; destination?: pino.DestinationStream }): Logger {
  return pino({
    level: options.level,
    base: { app: 'isonew' },
    redact: {
      paths: ['token', 'botToken', 'signingSecret', 'appToken', '*.token', '*.signingSecret', 'candidateCode', '*.candidateCode', 'text', '*.text'],
      censor: '[redacted]',
    },
    transport:
      options.pretty && !options.destination
        ? { target: 'pino-pretty', options: { colorize: false, translateTime: 'SYS:standard', ignore: 'pid,hostname,app' } }
        : undefined,
  }, options.destination);
}

/** A logger that drops everything: for tests and tools that do not want output. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
