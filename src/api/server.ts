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
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port }, () => resolve(s as Server));
  });
  // Streams are long-lived by design; Node's default request timeouts would cut them.
  server.requestTimeout = 0;
  server.headersTimeout = 30_000;
  const actualPort = (server.address() as AddressInfo).port;
  deps.logger.info({ port: actualPort }, 'api listening');
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
    },
  };
}
