// Shared by the security suite: who makes an attempt, and how an attempt is sent.

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
