import type { ServerResponse } from 'node:http';

/** How long an ended stream's unread rest may keep the connection before it is dropped. */
const END_GRACE_MS = 30_000;

export interface SseResponseOptions {
  /** Interval of the `: ping` comments, sent to every open stream by one timer (startApiServer). */
  heartbeatMs: number;
  /** Unsent bytes beyond which the client is too slow and is dropped (it resumes from the log). */
  maxBufferBytes: number;
  /** The client's reconnect delay, sent as `retry:`. */
  retryMs: number;
}

/**
 * An event stream written straight to Node's response: no per-connection stream objects or timers
 * between the shared fan-out and the socket, which keeps memory per viewer small.
 */
export class SseResponse {
  private closed = false;
  private readonly closeHandlers: (() => void)[] = [];
  private readonly goneHandlers: (() => void)[] = [];
  private gone = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly options: SseResponseOptions,
  ) {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Tells nginx-like proxies not to buffer the stream.
      'x-accel-buffering': 'no',
    });
    res.write(`retry: ${options.retryMs}\n\n`);
    res.on('close', () => {
      this.cleanUp();
      this.gone = true;
      for (const handler of this.goneHandlers.splice(0)) handler();
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** A heartbeat comment: keeps proxies from closing an idle stream. */
  ping(): void {
    this.write(': ping\n\n');
  }

  write(chunk: string | Buffer): void {
    if (this.closed) return;
    this.res.write(chunk);
    if (this.res.writableLength > this.options.maxBufferBytes) {
      this.res.destroy();
      this.cleanUp();
    }
  }

  /**
   * Ends the stream normally (after `done`). A client that does not read what is left is
   * disconnected after a grace period rather than keeping it buffered for ever.
   */
  end(): void {
    if (this.closed) return;
    this.res.end();
    this.cleanUp();
    if (!this.gone) setTimeout(() => this.res.destroy(), END_GRACE_MS).unref();
  }

  /** Drops the connection (an error mid-stream); the client reconnects with Last-Event-ID. */
  abort(): void {
    if (this.closed) return;
    this.res.destroy();
    this.cleanUp();
  }

  /** Runs once the connection itself has closed (everything sent, or the client gone). */
  onGone(handler: () => void): void {
    if (this.gone) handler();
    else this.goneHandlers.push(handler);
  }

  onClose(handler: () => void): void {
    if (this.closed) handler();
    else this.closeHandlers.push(handler);
  }

  private cleanUp(): void {
    if (this.closed) return;
    this.closed = true;
    for (const handler of this.closeHandlers.splice(0)) handler();
  }
}
