import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import type { ApiDeps } from './deps.js';
import { observeRelays } from '../metrics/relay-observer.js';

export interface ApiServer {
  port: number;
  /** Stops accepting, ends open event streams (clients resume elsewhere), then closes. */
  close(): Promise<void>;
}

/** Starts the process's shared subscriber (with the relay metrics on it) and the HTTP server. */
export async function startApiServer(deps: ApiDeps, port: number): Promise<ApiServer> {
  deps.hub.start();
  const stopObserving = observeRelays(deps.hub, deps.config.REDIS_PREFIX, deps.metrics);
  // One timer for every open stream's heartbeat, rather than one per viewer.
  const heartbeat = setInterval(() => {
    for (const stream of deps.streams) stream.ping();
  }, deps.sse.heartbeatMs);
  heartbeat.unref();
  const app = createApp(deps);
  const timeoutMs = deps.config.REQUEST_TIMEOUT_MS;
  const server = await new Promise<Server>((resolve) => {
    // Node's request timeout covers receiving a request (headers and body), not the answer: a body
    // that has not all arrived in time gets 408 and the connection is closed, while an event stream,
    // whose request is complete once its headers are, stays open as long as it runs. Checked
    // every second (Node's default, 30 s, would let a slow body live twice as long).
    const serverOptions = {
      requestTimeout: timeoutMs,
      headersTimeout: timeoutMs,
      connectionsCheckingInterval: Math.min(1000, timeoutMs),
    };
    const s = serve({ fetch: app.fetch, port, hostname: deps.config.HOST, serverOptions }, () => resolve(s as Server));
  });
  const actualPort = (server.address() as AddressInfo).port;
  deps.logger.info({ host: deps.config.HOST, port: actualPort }, 'api listening');
  return {
    port: actualPort,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const stream of [...deps.streams]) stream.abort();
      clearInterval(heartbeat);
      stopObserving();
      deps.hub.close();
      server.closeIdleConnections();
      await closed;
      await deps.pdf.close();
    },
  };
}
