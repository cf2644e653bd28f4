// Shared by the security suite: who makes an attempt, and how an attempt is sent.
import { connect, type Socket } from 'node:net';

/** Credentials of one party of a test: headers to send (a key, a session cookie with our Origin). */
export type Party = Record<string, string>;

export const anonymous: Party = {};
export const bearer = (key: string): Party => ({ authorization: `Bearer ${key}` });

/** Signs a browser in with `key` through the form; its cookie, sent with our own Origin. */
export async function browserSignedIn(baseUrl: string, key: string): Promise<Party> {
  const response = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseUrl },
    body: new URLSearchParams({ key }),
    redirect: 'manual',
  });
  if (response.status !== 303) throw new Error(`sign-in answered ${response.status}`);
  return { cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '', origin: baseUrl };
}

/** A browser without keys: its anonymous session cookie, from its first visit. */
export async function anonymousBrowser(baseUrl: string): Promise<Party> {
  const response = await fetch(`${baseUrl}/`, { redirect: 'manual' });
  await response.arrayBuffer();
  return { cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '', origin: baseUrl };
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

/** Sends one attempt; event streams are read only up to their headers, then closed. */
export async function attempt(
  baseUrl: string,
  party: Party,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer> {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...party, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
    redirect: 'manual',
    signal: controller.signal,
  });
  if ((response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    controller.abort();
    return { status: response.status, headers: response.headers, text: '' };
  }
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** Creates a draft as `party` and waits until it is completed; its id. */
export async function completedDraft(baseUrl: string, party: Party, body: Record<string, unknown>): Promise<string> {
  const created = await attempt(baseUrl, party, 'POST', '/api/generations', body);
  if (created.status !== 202) throw new Error(`create answered ${created.status}`);
  const id = (JSON.parse(created.text) as { id: string }).id;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const r = await attempt(baseUrl, party, 'GET', `/api/generations/${id}`);
    if ((JSON.parse(r.text) as { status?: string }).status === 'completed') return id;
    if (Date.now() > deadline) throw new Error(`draft ${id} not completed after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** What came back over a raw connection: the status (undefined: no answer in time), and how soon. */
export interface RawAnswer {
  status: number | undefined;
  head: string;
  body: string;
  ms: number;
}

/** A request under way over a raw TCP connection: more of its body can be sent, its answer awaited. */
export interface RawRequest {
  socket: Socket;
  /** The answer once it is whole (or the connection closed), or what came within `waitMs`. */
  answer(waitMs: number): Promise<RawAnswer>;
}

/**
 * Sends `head` (request line and headers, without the blank line) and `body` over a raw TCP
 * connection; the body may be less than the head declares (a slow or stopped body), and the socket
 * stays open, as a slow client keeps it.
 */
export function rawRequest(baseUrl: string, head: string, body: string | Buffer = ''): RawRequest {
  const { hostname, port } = new URL(baseUrl);
  const started = Date.now();
  const socket = connect(Number(port), hostname);
  socket.on('error', () => {});
  const chunks: Buffer[] = [];
  let closed = false;
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.on('close', () => (closed = true));
  socket.write(`${head}\r\n\r\n`);
  if (body.length > 0) socket.write(body);
  const whole = () => {
    const text = Buffer.concat(chunks).toString('latin1');
    const end = text.indexOf('\r\n\r\n');
    const length = end < 0 ? null : /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end));
    return closed || (length !== null && text.length - end - 4 >= Number(length[1]));
  };
  const answer = async (waitMs: number): Promise<RawAnswer> => {
    await new Promise<void>((resolve) => {
      if (whole()) return resolve();
      const timer = setTimeout(done, waitMs);
      function done() {
        clearTimeout(timer);
        socket.off('data', check);
        socket.off('close', done);
        resolve();
      }
      function check() {
        if (whole()) done();
      }
      socket.on('data', check);
      socket.on('close', done);
    });
    const text = Buffer.concat(chunks).toString('utf8');
    const status = /^HTTP\/1\.1 (\d{3})/.exec(text);
    const end = text.indexOf('\r\n\r\n');
    return {
      status: status ? Number(status[1]) : undefined,
      head: end < 0 ? text : text.slice(0, end),
      body: end < 0 ? '' : text.slice(end + 4),
      ms: Date.now() - started,
    };
  };
  return { socket, answer };
}

/** One raw request and its answer (at most `waitMs`); the connection is closed after. */
export async function rawExchange(
  baseUrl: string,
  head: string,
  body: string | Buffer,
  waitMs: number,
): Promise<RawAnswer> {
  const request = rawRequest(baseUrl, head, body);
  try {
    return await request.answer(waitMs);
  } finally {
    request.socket.destroy();
  }
}
