import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

// Helpers of the webhook tests: signing requests as a sender would, and a real HTTP receiver on
// 127.0.0.1 standing in for the sender's callback endpoint.

export const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;
export const WEBHOOK_SECRET = newSecret();
export const CALLBACK_SECRET = newSecret();

/** The settings of a stack that takes signed batches and calls back a receiver on 127.0.0.1. */
export const WEBHOOK_ENV = {
  WEBHOOK_SECRET,
  CALLBACK_SIGNING_SECRET: CALLBACK_SECRET,
  CALLBACK_ALLOW_PRIVATE: 'true',
  CALLBACK_RETRY_DELAYS_MS: '100,200',
};

export interface SignOptions {
  secret?: string;
  id?: string;
  /** Seconds since the epoch; now by default. */
  timestamp?: number;
  /** Signatures sent before ours, e.g. from a rotated-out secret. */
  extraSignatures?: string[];
}

/** The Standard Webhooks headers a sender puts on `body`. */
export function signedHeaders(body: string, options: SignOptions = {}): Record<string, string> {
  const id = options.id ?? `msg_${randomUUID()}`;
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = new Webhook(options.secret ?? WEBHOOK_SECRET).sign(id, new Date(timestamp * 1000), body);
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': [...(options.extraSignatures ?? []), signature].join(' '),
  };
}

export async function sendWebhook(url: string, body: string, headers: Record<string, string>) {
  const response = await fetch(`${url}/api/webhooks/generations`, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as any) : undefined };
}

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface Receiver {
  url: string;
  port: number;
  requests: Received[];
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1; `respond` answers request number `n` (from 0). */
export async function startReceiver(
  respond: (res: ServerResponse, n: number, req: Received) => void = (res) => res.end(),
): Promise<Receiver> {
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      requests.push(received);
      respond(res, requests.length - 1, received);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const batchBody = (callbackUrl: string, prompts: string[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    callbackUrl,
    requests: prompts.map((prompt, i) => ({ prompt, metadata: { ref: `r${i}` } })),
    ...extra,
  });
