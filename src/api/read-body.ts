import { ApiError } from './errors.js';

/** How a body is read: its most bytes, and by when (ms from now) it must have arrived whole. */
export interface BodyBounds {
  maxBytes: number;
  timeoutMs: number;
}

/**
 * Every refusal leaves the rest of the body unread, which makes the connection unusable: the client
 * is told not to reuse it, and Node closes it once the answer is sent.
 */
const close = { connection: 'close' };

/**
 * Reads a request body as bytes, within `bounds`: 413 as soon as it declares (Content-Length) or
 * sends more than `maxBytes`, 408 when it has not all arrived after `timeoutMs`. Both stop reading
 * at once, so a slow or oversized body costs at most `maxBytes` and `timeoutMs`, never the whole
 * REQUEST_TIMEOUT_MS of the server.
 */
export async function readBoundedBody(request: Request, bounds: BodyBounds): Promise<Uint8Array> {
  const tooLarge = () => new ApiError('payload_too_large', `the body exceeds ${bounds.maxBytes} bytes`, close);
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > bounds.maxBytes) throw tooLarge();
  const reader = request.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new ApiError('request_timeout', `the body did not arrive within ${bounds.timeoutMs} ms`, close));
    }, bounds.timeoutMs);
  });
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), late]);
      if (done) break;
      size += value.byteLength;
      if (size > bounds.maxBytes) throw tooLarge();
      chunks.push(value);
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(chunks, size);
}
