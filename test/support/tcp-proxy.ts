import net from 'node:net';

/**
 * A TCP proxy between the app and a PostgreSQL server, to make the database "go away" without
 * touching the shared server: `cut()` destroys every open connection and refuses new ones,
 * `hang()` keeps connections open but forwards nothing (a server that stops answering),
 * `restore()` drops what hung and lets connections through again.
 */
export interface TcpProxy {
  port: number;
  /** The target URL rewritten to go through the proxy. */
  url: string;
  cut(): void;
  hang(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const targetHost = target.hostname;
  const targetPort = Number(target.port || 5432);
  const sockets = new Set<net.Socket>();
  let up = true;
  let hanging = false;
  const hung = new Set<net.Socket>();

  const server = net.createServer((client) => {
    if (!up) {
      client.destroy();
      return;
    }
    if (hanging) {
      hung.add(client);
      client.on('error', () => hung.delete(client));
      return;
    }
    const upstream = net.connect(targetPort, targetHost);
    sockets.add(client);
    sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', drop);
    upstream.on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    port,
    url: url.toString(),
    cut() {
      up = false;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
    hang() {
      hanging = true;
      for (const socket of sockets) {
        socket.unpipe();
        socket.pause();
        hung.add(socket);
      }
    },
    restore() {
      up = true;
      hanging = false;
      for (const socket of hung) socket.destroy();
      hung.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        up = false;
        for (const socket of [...sockets, ...hung]) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
