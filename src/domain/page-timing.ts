// How long the generation page waits before it stops trusting its live stream, and how often it polls
// instead. The server writes them into the page (data-stall-ms, data-poll-ms: a test can shorten them);
// the browser scripts read them from there and fall back to these when they are missing. The browser
// loads this file as it is (src/views/assets.ts serves it under /static/domain/): no imports, erasable
// syntax.
//
// Not to be confused with STREAM_STALL_MS (src/config.ts), the worker's limit on the MODEL's silence.

/**
 * No event for this long while the status says the model is writing: something on the way (a proxy that
 * buffers) holds the stream back, and the page polls instead. Three times as long in chunked mode, where
 * each section arrives in one piece.
 */
export const PAGE_SILENCE_MS = 45_000;

/** How often the page polls once it has fallen back from the stream. */
export const PAGE_POLL_MS = 3_000;
