import { describe, expect, it } from 'vitest';
import { readBoundedBody } from '../../src/api/read-body.js';
import { ApiError } from '../../src/api/errors.js';

// A body read within a size and a time: the webhook route's, whose body is buffered for its signature.

const request = (parts: string[], headers: Record<string, string> = {}, end = true) =>
  new Request('http://localhost/x', {
    method: 'POST',
    headers,
    duplex: 'half',
    body: new ReadableStream({
      start(controller) {
        for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
        if (end) controller.close();
      },
    }),
  } as RequestInit);

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return [(error as ApiError).status, (error as ApiError).code, (error as ApiError).headers.connection];
};

describe('readBoundedBody', () => {
  const bounds = { maxBytes: 10, timeoutMs: 200 };

  it('returns the whole body within the bounds', async () => {
    const bytes = await readBoundedBody(request(['abc', 'defg']), bounds);
    expect(Buffer.from(bytes).toString()).toBe('abcdefg');
  });

  it('refuses a declared size past the limit before reading, and a sent one as soon as it passes it', async () => {
    expect(await refusal(readBoundedBody(request([], { 'content-length': '11' }), bounds))).toEqual([
      413,
      'payload_too_large',
      'close',
    ]);
    expect(await refusal(readBoundedBody(request(['123456', '78901']), bounds))).toEqual([
      413,
      'payload_too_large',
      'close',
    ]);
  });

  it('gives up on a body that stops arriving, after timeoutMs', async () => {
    const started = Date.now();
    expect(await refusal(readBoundedBody(request(['abc'], {}, false), bounds))).toEqual([
      408,
      'request_timeout',
      'close',
    ]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });
});
