import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * The backup file: the embedded database's data folder (PGlite's gzipped tarball), encrypted and
 * authenticated with AES-256-GCM (node:crypto) under a key derived from BACKUP_KEY. A backup holds
 * art. 10 data (criminal-record data, DESIGN.md §7), so it is never written in the clear.
 *
 *   "ISONEWBK" | uint32 BE header length | header (JSON) | ciphertext | 16-byte GCM tag
 *
 * The header (format, when, what, the key's fingerprint, the IV) is authenticated with the content
 * (GCM additional data): changing any byte of the file makes it unreadable, never silently different.
 * The key's fingerprint (an HMAC of a fixed label, which reveals nothing of the key) tells "another
 * key" apart from "a damaged file".
 */

const MAGIC = Buffer.from('ISONEWBK', 'ascii');
const FORMAT = 1;
const TAG_BYTES = 16;
const IV_BYTES = 12;
const MAX_HEADER_BYTES = 4096;

export interface BackupHeader {
  format: number;
  /** ISO instant the copy was taken. */
  createdAt: string;
  /** What the content is: PGlite's gzipped data-folder tarball. */
  content: 'pglite-datadir-tgz';
  /** HMAC-SHA256 of a fixed label under the key, first 8 bytes hex: which key encrypted it. */
  keyId: string;
  /** base64 */
  iv: string;
}

export type BackupErrorReason = 'not_a_backup' | 'damaged' | 'wrong_key' | 'unsupported_format';

export class BackupFileError extends Error {
  constructor(
    readonly reason: BackupErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'BackupFileError';
  }
}

function decodeKey(secret: string): Buffer {
  return /^[0-9a-f]+$/i.test(secret) && secret.length % 2 === 0 ? Buffer.from(secret, 'hex') : Buffer.from(secret, 'base64');
}

/** The AES-256 key for backups, derived from BACKUP_KEY (hex or base64, ≥ 32 bytes: config.ts checks it). */
export function backupKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', decodeKey(secret), Buffer.alloc(0), 'isonew:backup', 32));
}

function keyId(key: Buffer): string {
  return createHmac('sha256', key).update('isonew-backup-key-id').digest('hex').slice(0, 16);
}

export function encryptBackup(content: Uint8Array, secret: string, createdAt: Date): Buffer {
  const key = backupKey(secret);
  const iv = randomBytes(IV_BYTES);
  const header: BackupHeader = { format: FORMAT, createdAt: createdAt.toISOString(), content: 'pglite-datadir-tgz', keyId: keyId(key), iv: iv.toString('base64') };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(headerBytes.length);
  const prefix = Buffer.concat([MAGIC, length, headerBytes]);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(prefix);
  const body = Buffer.concat([cipher.update(content), cipher.final()]);
  return Buffer.concat([prefix, body, cipher.getAuthTag()]);
}

function isHeader(value: unknown): value is BackupHeader {
  if (typeof value !== 'object' || value === null) return false;
  const h = value as Record<string, unknown>;
  return typeof h.format === 'number' && typeof h.createdAt === 'string' && typeof h.keyId === 'string' && typeof h.iv === 'string' && typeof h.content === 'string';
}

/** Reads the header without the key (what `restore` shows before it changes anything). */
export function readBackupHeader(file: Uint8Array): { header: BackupHeader; prefixBytes: number } {
  const buf = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (buf.length < MAGIC.length + 4 || !buf.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new BackupFileError('not_a_backup', 'this file is not an ISO.NEW backup (made by `npm run backup`)');
  }
  const headerLength = buf.readUInt32BE(MAGIC.length);
  const prefixBytes = MAGIC.length + 4 + headerLength;
  if (headerLength > MAX_HEADER_BYTES || buf.length < prefixBytes + TAG_BYTES) {
    throw new BackupFileError('damaged', 'the backup file is damaged (truncated or altered): it cannot be restored');
  }
  let header: unknown;
  try {
    header = JSON.parse(buf.subarray(MAGIC.length + 4, prefixBytes).toString('utf8'));
  } catch {
    throw new BackupFileError('damaged', 'the backup file is damaged (its header is unreadable): it cannot be restored');
  }
  if (!isHeader(header)) throw new BackupFileError('damaged', 'the backup file is damaged (its header is incomplete): it cannot be restored');
  if (header.format !== FORMAT || header.content !== 'pglite-datadir-tgz') {
    throw new BackupFileError('unsupported_format', `this backup's format (${header.format}, ${header.content}) is not one this version of the app restores`);
  }
  return { header, prefixBytes };
}

/** Decrypts and authenticates the whole file; throws BackupFileError before returning anything otherwise. */
export function decryptBackup(file: Uint8Array, secret: string): { header: BackupHeader; content: Buffer } {
  const { header, prefixBytes } = readBackupHeader(file);
  const buf = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const key = backupKey(secret);
  if (header.keyId !== keyId(key)) {
    throw new BackupFileError('wrong_key', 'BACKUP_KEY is not the key this backup was made with: set the key in use on the day of the backup');
  }
  const iv = Buffer.from(header.iv, 'base64');
  if (iv.length !== IV_BYTES) throw new BackupFileError('damaged', 'the backup file is damaged (bad IV): it cannot be restored');
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(buf.subarray(0, prefixBytes));
  decipher.setAuthTag(buf.subarray(buf.length - TAG_BYTES));
  try {
    const content = Buffer.concat([decipher.update(buf.subarray(prefixBytes, buf.length - TAG_BYTES)), decipher.final()]);
    return { header, content };
  } catch {
    throw new BackupFileError('damaged', 'the backup file is damaged or was altered (its authentication failed): it cannot be restored');
  }
}
