import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FollowerSink } from '../../bus/log-follower.js';

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

/** The headers of every event stream (a HEAD of one is answered with them alone). */
export const EVENT_STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  // Tells nginx-like proxies not to buffer the stream.
  'x-accel-buffering': 'no',
} as const;

const PING = ': ping\n\n';
const CRLF = Buffer.from('\r\n');

/** `body` as one HTTP/1.1 chunk (the framing Node's response would add around it). */
function chunk(body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`, 'latin1'), body, CRLF]);
}

const PING_CHUNK = chunk(Buffer.from(PING));
/**
 * The chunk built for the live batch being fanned out: the hub hands the same encoded bytes to every
 * viewer of a channel in turn, so one entry serves them all and each batch is framed once.
 */
let shared: { body: Buffer; chunk: Buffer } | undefined;
function sharedChunk(body: Buffer): Buffer {
  if (shared?.body !== body) shared = { body, chunk: chunk(body) };
  return shared.chunk;
}

/** What is stopped when the stream closes (the viewer's log follower). */
interface Stoppable {
  stop(): void;
}

/**
 * An event stream written straight to Node's response: no per-connection stream objects or timers
 * between the shared fan-out and the socket, which keeps memory per viewer small. It is the
 * follower's sink itself, and holds no handler lists: one `close` listener, one thing to stop and
 * the set of open streams it leaves when its connection is gone (thousands of viewers each hold
 * one of these, so every object saved here counts).
 */
export class SseResponse implements FollowerSink {
  private closed = false;
  /**
   * The connection, written to directly: Node's response would cork it, defer the uncork to the
   * next tick, and write the chunk framing and the body as four pieces, for every write to every
   * viewer. Unset when the response does not own its socket yet (a pipelined request), or sends no
   * chunks (an HTTP/1.0 client, a HEAD): those go through the response.
   */
  private readonly socket: Socket | undefined;
  /** The connection itself has closed (everything sent, or the client gone). */
  private gone = false;
  private stoppable: Stoppable | undefined;

  /** `open` counts this stream from now until its connection is gone, not when writing stops. */
  constructor(
    private readonly res: ServerResponse,
    private readonly options: SseResponseOptions,
    open?: Set<SseResponse>,
  ) {
    res.writeHead(200, { ...EVENT_STREAM_HEADERS, connection: 'keep-alive' });
    // The head goes out now, so whatever is written to the socket after it follows it.
    res.flushHeaders();
    const socket = res.socket;
    const direct =
      socket !== null &&
      res.chunkedEncoding &&
      res.req.method !== 'HEAD' &&
      res.writableLength === socket.writableLength;
    this.socket = direct ? socket : undefined;
    this.write(`retry: ${options.retryMs}\n\n`);
    open?.add(this);
    res.on('close', () => {
      this.cleanUp();
      this.gone = true;
      open?.delete(this);
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** A heartbeat comment: keeps proxies from closing an idle stream. */
  ping(): void {
    if (this.socket && !this.closed) this.send(PING_CHUNK);
    else this.write(PING);
  }

  /** `bytes`, when given, are `frames` already encoded (shared by every viewer of a live batch). */
  write(frames: string, _lastSeq?: number, bytes?: Buffer): void {
    if (this.closed || frames.length === 0) return;
    if (!this.socket) {
      this.res.write(bytes ?? frames);
      this.dropIfTooSlow();
    } else if (bytes) this.send(sharedChunk(bytes));
    else this.send(chunk(Buffer.from(frames)));
  }

  private send(data: Buffer): void {
    const socket = this.socket!;
    // A socket no longer writable is closing: its `close` ends this stream.
    if (socket.writable) socket.write(data);
    this.dropIfTooSlow();
  }

  private dropIfTooSlow(): void {
    // Written to directly, the socket holds all that is unsent (the response buffers nothing).
    if ((this.socket ?? this.res).writableLength > this.options.maxBufferBytes) {
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

  /** Reading the log failed: the connection is dropped, the client resumes later. */
  fail(): void {
    this.abort();
  }

  /** Stopped once the stream closes (at once if it already has). */
  stopOnClose(stoppable: Stoppable): void {
    if (this.closed) stoppable.stop();
    else this.stoppable = stoppable;
  }

  private cleanUp(): void {
    if (this.closed) return;
    this.closed = true;
    const stoppable = this.stoppable;
    this.stoppable = undefined;
    stoppable?.stop();
  }
}
