import net from 'node:net';
import { DATABASES } from '../support/databases';
import { COORDINATOR, SIGNING_SECRET, startTestApp, type TestApp } from '../support/harness';
import { commandBody, postSigned, sign } from '../support/slack-requests';

/**
 * Issue 14, "Logs, requests, escaping": requests the app must answer at once, over real HTTP.
 * A request to any path but POST /slack/events and GET /healthz gets 404 or 405 and a closed
 * connection, signed or not; one signed more than five minutes in the future is refused like
 * a stale one.
 */

/** Sends raw HTTP and resolves with the status line and headers once the server has closed the connection. */
function rawRequest(port: number, request: string): Promise<{ status: number; head: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    // 'end' is the server closing its side: nothing is left open.
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const head = text.split('\r\n\r\n')[0] ?? '';
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head });
      socket.destroy();
    });
    socket.write(request);
  });
}

function httpText(method: string, path: string, options: { body?: string; headers?: Record<string, string> } = {}): string {
  const body = options.body ?? '';
  const headers = { host: '127.0.0.1', 'content-length': String(Buffer.byteLength(body)), ...options.headers };
  return `${method} ${path} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${body}`;
}

describe.each(DATABASES)('what the HTTP server answers (%s)', (kind) => {
  let t: TestApp;
  let port: number;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);

  beforeAll(async () => {
    t = await startTestApp(kind);
    port = Number(new URL(t.url).port);
    process.on('unhandledRejection', onRejection);
  });
  afterAll(async () => {
    process.off('unhandledRejection', onRejection);
    await t.stop();
  });

  const signedHeaders = (body: string, timestamp = Math.floor(Date.now() / 1000)) => ({
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': sign(SIGNING_SECRET, timestamp, body),
  });

  it('refuses a request signed more than five minutes in the future, like a stale one', async () => {
    const body = commandBody({ command: '/rete', text: '', userId: COORDINATOR, responseUrl: t.slack.responseUrl() });
    // Bolt and this check read the machine's time (Slack signs with it), not the app's clock.
    const now = Math.floor(Date.now() / 1000);
    const future = await postSigned(`${t.url}/slack/events`, body, { secret: SIGNING_SECRET, contentType: 'application/x-www-form-urlencoded', timestamp: now + 6 * 60 });
    expect(future.status).toBe(401);
    const farFuture = await postSigned(`${t.url}/slack/events`, body, { secret: SIGNING_SECRET, contentType: 'application/x-www-form-urlencoded', timestamp: now + 365 * 24 * 3600 });
    expect(farFuture.status).toBe(401);
    const stale = await postSigned(`${t.url}/slack/events`, body, { secret: SIGNING_SECRET, contentType: 'application/x-www-form-urlencoded', timestamp: now - 6 * 60 });
    expect(stale.status).toBe(401);
    // A little ahead (a machine's clock a bit fast) is still accepted.
    const ahead = await postSigned(`${t.url}/slack/events`, body, { secret: SIGNING_SECRET, contentType: 'application/x-www-form-urlencoded', timestamp: now + 60 });
    expect(ahead.status).toBe(200);
  });

  it('answers any other path or method at once with 404 or 405 and closes the connection, signed or not', async () => {
    const body = commandBody({ command: '/rete', text: '', userId: COORDINATOR, responseUrl: t.slack.responseUrl() });
    const cases: Array<[string, string, number, { body?: string; headers?: Record<string, string> }]> = [
      ['GET', '/', 404, {}],
      ['GET', '/admin', 404, {}],
      ['POST', '/', 404, { body, headers: signedHeaders(body) }],
      ['POST', '/slack/events/extra', 404, { body, headers: signedHeaders(body) }],
      ['POST', '/slack/commands', 404, { body, headers: signedHeaders(body) }],
      ['POST', '/other', 404, { body: 'x'.repeat(100_000), headers: { 'content-type': 'text/plain' } }],
      ['PUT', '/healthz', 405, { body: '{}' }],
      ['POST', '/healthz', 405, { body, headers: signedHeaders(body) }],
      ['DELETE', '/healthz', 405, {}],
      ['GET', '/slack/events', 405, {}],
      ['PUT', '/slack/events', 405, { body, headers: signedHeaders(body) }],
      ['OPTIONS', '/slack/events', 405, {}],
      ['GET', '/slack/events?x=1', 405, {}],
      ['GET', '/%2e%2e/etc/passwd', 404, {}],
    ];
    for (const [method, path, status, options] of cases) {
      const res = await rawRequest(port, httpText(method, path, options));
      expect({ method, path, status: res.status }).toEqual({ method, path, status });
      expect(res.head.toLowerCase()).toContain('connection: close');
      if (status === 405) expect(res.head.toLowerCase()).toMatch(/allow: (post|get)/);
    }
    // The two real paths still work.
    expect((await t.health()).status).toBe(200);
    expect((await t.command(COORDINATOR, '/rete')).status).toBe(200);
    expect(rejections).toEqual([]);
  });
});
