import http from 'node:http';

/**
 * A small closed-loop load generator: `concurrency` clients on keep-alive connections, each
 * sending its next request as soon as the previous one is answered, for `durationMs` (or until
 * `maxRequests`). Latency is measured per request with the monotonic clock, in microseconds, so
 * sub-millisecond acks (a bare Bolt app) are not rounded away.
 */
export interface LoadRequest {
  body: string;
  headers: Record<string, string>;
}

export interface LoadResult {
  requests: number;
  errors: number;
  /** Non-2xx answers, by status. */
  statuses: Record<string, number>;
  durationMs: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export async function runLoad(input: {
  url: string;
  concurrency: number;
  durationMs: number;
  maxRequests: number;
  warmupRequests?: number;
  build: (i: number) => LoadRequest;
}): Promise<LoadResult> {
  const target = new URL(input.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: input.concurrency });
  const send = (request: LoadRequest) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers: { ...request.headers, 'content-length': Buffer.byteLength(request.body) } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(request.body);
    });

  let next = 0;
  for (let i = 0; i < (input.warmupRequests ?? 0); i++) await send(input.build(next++));

  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(input.durationMs) * 1_000_000n;
  await Promise.all(
    Array.from({ length: input.concurrency }, async () => {
      while (process.hrtime.bigint() < deadline && latencies.length + errors < input.maxRequests) {
        const request = input.build(next++);
        const t0 = process.hrtime.bigint();
        try {
          const status = await send(request);
          latencies.push(Number(process.hrtime.bigint() - t0) / 1000);
          if (status < 200 || status >= 300) statuses[status] = (statuses[status] ?? 0) + 1;
        } catch {
          errors++;
        }
      }
    }),
  );
  const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)]! / 1000 : Number.NaN);
  return {
    requests: latencies.length,
    errors,
    statuses,
    durationMs,
    requestsPerSecond: (latencies.length / durationMs) * 1000,
    p50Ms: pct(50),
    p99Ms: pct(99),
    maxMs: latencies.length ? latencies[latencies.length - 1]! / 1000 : Number.NaN,
  };
}
