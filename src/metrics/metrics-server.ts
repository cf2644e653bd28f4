import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * A worker has no HTTP API, so when WORKER_METRICS_PORT is set it serves its own registry here:
 * `GET /metrics` for Prometheus and `GET /healthz` for the container healthcheck. Each process is
 * scraped on its own (as Prometheus expects), so counters stay monotonic and nothing is counted twice.
 * With `token` (METRICS_TOKEN), /metrics wants it as a Bearer token (401 otherwise).
 */
export async function startMetricsServer(
  registry: Registry,
  port: number,
  host: string,
  token?: string,
): Promise<MetricsServer> {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  const authorized = (header: string | undefined) =>
    token === undefined || timingSafeEqual(digest(header ?? ''), digest(`Bearer ${token}`));
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (path === '/metrics' && !authorized(req.headers.authorization)) {
      res.writeHead(401, { 'www-authenticate': 'Bearer realm="metrics"' }).end();
    } else if (path === '/metrics') {
      registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
    } else if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
