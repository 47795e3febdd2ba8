import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from './config';
import type { Logger } from './logger';

/**
 * The app's secret: never in the database, so that a copy of the database (a dump, a backup, the
 * PGlite folder) does not hold it. Deployments set ISONEW_SECRET; without it (the local playground, a
 * single instance) it is a file generated once under DATA_DIR, beside and outside the database's own
 * folder. Each use gets its own key derived from it (HKDF-SHA256, one `purpose` each), so rotating or
 * losing the secret affects only what those keys protect (README, "Privacy").
 */
export interface Secrets {
  /** A key for one purpose, derived from the secret (32 bytes). */
  key(purpose: string): Buffer;
  /** HMAC-SHA256 of `value` under the purpose's key, hex: the same input gives the same output, and nothing else links them. */
  mac(purpose: string, value: string): string;
}

function decode(secret: string): Buffer {
  return /^[0-9a-f]+$/i.test(secret) && secret.length % 2 === 0 ? Buffer.from(secret, 'hex') : Buffer.from(secret, 'base64');
}

/** Reads the secret file, or creates it (mode 0600) with 32 random bytes when it does not exist. */
function fileSecret(file: string, logger: Logger): Buffer {
  try {
    return decode(fs.readFileSync(file, 'utf8').trim());
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32);
  fs.writeFileSync(file, `${secret.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  logger.warn({ file }, 'generated the app secret (ISONEW_SECRET is not set): back this file up apart from the database; replicas need ISONEW_SECRET');
  return secret;
}

export function loadSecrets(config: Pick<AppConfig, 'secret'>, logger: Logger): Secrets {
  const secret = 'value' in config.secret ? decode(config.secret.value) : fileSecret(config.secret.file, logger);
  const keys = new Map<string, Buffer>();
  const key = (purpose: string): Buffer => {
    let derived = keys.get(purpose);
    if (!derived) {
      derived = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `isonew:${purpose}`, 32));
      keys.set(purpose, derived);
    }
    return derived;
  };
  return {
    key,
    mac: (purpose, value) => createHmac('sha256', key(purpose)).update(value).digest('hex'),
  };
}
