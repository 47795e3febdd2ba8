import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Database } from '../database';
import type { Logger } from '../logger';

/**
 * How `npm run backup` reaches a running app: a Unix socket in DATA_DIR, readable and writable by
 * the app's own user only (mode 0600), never a network port. The app answers `backup` with a
 * consistent copy of the embedded database (Database.snapshot); the command encrypts it before
 * anything reaches the disk. The socket exists while the app holds the database (DESIGN.md §3: the
 * embedded database belongs to one process at a time).
 *
 * Protocol: the client sends one line, `backup`; the app answers one JSON line,
 * `{"ok":true,"bytes":N}` followed by N bytes, or `{"ok":false,"error":"…"}`.
 */

export function adminSocketPath(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'isonew-admin.sock');
}

export interface AdminSocket {
  path: string;
  close(): Promise<void>;
}

export async function serveAdminSocket(dataDir: string, db: Pick<Database, 'snapshot'>, logger: Logger): Promise<AdminSocket> {
  const socketPath = adminSocketPath(dataDir);
  // We hold the data folder's lock: a socket file left here is a dead process's.
  fs.rmSync(socketPath, { force: true });
  const log = logger.child({ component: 'admin-socket' });
  const server = net.createServer((socket) => {
    let line = '';
    socket.setEncoding('utf8');
    socket.on('error', () => socket.destroy());
    const onData = (chunk: string) => {
      line += chunk;
      if (!line.includes('\n') && line.length < 64) return;
      socket.off('data', onData);
      const command = line.split('\n')[0]!.trim();
      if (command !== 'backup') {
        socket.end(`${JSON.stringify({ ok: false, error: `unknown command ${JSON.stringify(command.slice(0, 20))}` })}\n`);
        return;
      }
      const started = performance.now();
      db.snapshot().then(
        (content) => {
          log.info({ bytes: content.byteLength, ms: Math.round(performance.now() - started) }, 'database snapshot handed to `npm run backup`');
          socket.write(`${JSON.stringify({ ok: true, bytes: content.byteLength })}\n`);
          socket.end(content);
        },
        (error: unknown) => {
          log.error({ err: error instanceof Error ? error.message : String(error) }, 'database snapshot failed');
          socket.end(`${JSON.stringify({ ok: false, error: 'the database snapshot failed (see the app log)' })}\n`);
        },
      );
    };
    socket.on('data', onData);
  });
  // Created with mode 0600 (the umask applies at bind, which listen() does at once), then checked.
  const umask = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } finally {
    process.umask(umask);
  }
  fs.chmodSync(socketPath, 0o600);
  return {
    path: socketPath,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        fs.rmSync(socketPath, { force: true });
      }),
  };
}

/** Asks the running app for a snapshot; undefined when no app listens on DATA_DIR's socket. */
export async function requestSnapshot(dataDir: string): Promise<Uint8Array | undefined> {
  const socketPath = adminSocketPath(dataDir);
  if (!fs.existsSync(socketPath)) return undefined;
  return new Promise<Uint8Array | undefined>((resolve, reject) => {
    const socket = net.createConnection(socketPath);
    const chunks: Buffer[] = [];
    socket.on('connect', () => socket.write('backup\n'));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED' || error.code === 'ENOENT') resolve(undefined);
      else reject(error);
    });
    socket.on('end', () => {
      const all = Buffer.concat(chunks);
      const newline = all.indexOf(10);
      if (newline < 0) return reject(new Error('the running app closed the connection without answering'));
      const answer = JSON.parse(all.subarray(0, newline).toString('utf8')) as { ok: boolean; bytes?: number; error?: string };
      if (!answer.ok) return reject(new Error(`the running app refused: ${answer.error ?? 'no reason given'}`));
      const content = all.subarray(newline + 1);
      if (content.length !== answer.bytes) return reject(new Error(`the running app sent ${content.length} of ${answer.bytes} bytes`));
      resolve(new Uint8Array(content.buffer, content.byteOffset, content.byteLength));
    });
  });
}
