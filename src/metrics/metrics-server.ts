import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { metricsAccess, type MetricsAccessSettings } from './metrics-access.js';

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * A worker has no HTTP API, so when WORKER_METRICS_PORT is set it serves its own registry here:
 * `GET /metrics` for Prometheus and `GET /healthz` for the container healthcheck. Each process is
 * scraped on its own (as Prometheus expects), so counters stay monotonic and nothing is counted twice.
 * /metrics follows the rule of every /metrics (src/metrics/metrics-access.ts, the API's too): with
 * METRICS_TOKEN only to that Bearer token (401), without it open without API keys and off (404) with.
 */
export async function startMetricsServer(
  registry: Registry,
  port: number,
  access: MetricsAccessSettings,
  host: string,
): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const rule = path === '/metrics' ? metricsAccess(access, req.headers.authorization) : undefined;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (rule === 'off') {
      res.writeHead(404).end();
    } else if (rule === 'unauthorized') {
      res.writeHead(401, { 'www-authenticate': 'Bearer realm="metrics"' }).end();
    } else if (rule === 'allowed') {
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
