// Serves the simulator over HTTP with @hono/node-server. Used by the composition root (`npm run sim`,
// and the whole service when no OPENAI_API_KEY is set) and by tests, which pass port 0.
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createSimApp, type SimOptions } from './app.js';

export interface RunningSim {
  /** The port actually listened on (the real one when 0 was asked for). */
  port: number;
  /** Base URL without the `/v1` suffix, e.g. `http://127.0.0.1:4010`. */
  url: string;
  /** Stops listening and drops open connections, stalled streams included. */
  close(): Promise<void>;
}

export async function startSim(options: SimOptions): Promise<RunningSim> {
  const app = createSimApp(options);
  const { server, info } = await new Promise<{ server: ReturnType<typeof serve>; info: AddressInfo }>(
    (resolve, reject) => {
      const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host ?? '127.0.0.1' }, (info) =>
        resolve({ server, info }),
      );
      server.once('error', reject);
    },
  );
  const url = `http://127.0.0.1:${info.port}`;
  options.logger?.info({ port: info.port, url, tokensPerSec: options.tokensPerSec }, 'sim listening');

  let closing: Promise<void> | undefined;
  return {
    port: info.port,
    url,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // A stalled stream never ends by itself; without this, close() would wait for its client.
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      return closing;
    },
  };
}
