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
