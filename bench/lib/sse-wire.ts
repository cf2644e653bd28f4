// A minimal SSE client for thousands of viewers per process: raw http.request streaming and a scanner
// that only finds each frame's `id:` and stamps it with the time its bytes arrived. No JSON, no
// strings per frame: that is what lets one process hold 10,000 viewers.
import http from 'node:http';
import { preciseNow } from './histogram.js';

const FRAME_END = Buffer.from('\n\n');
const ID_PREFIX = Buffer.from('id: ');

/** Growable (seq, receivedAt) pairs. */
class Receipts {
  seqs = new Int32Array(64);
  times = new Float64Array(64);
  length = 0;

  push(seq: number, at: number): void {
    if (this.length === this.seqs.length) {
      const seqs = new Int32Array(this.seqs.length * 2);
      seqs.set(this.seqs);
      const times = new Float64Array(this.times.length * 2);
      times.set(this.times);
      this.seqs = seqs;
      this.times = times;
    }
    this.seqs[this.length] = seq;
    this.times[this.length] = at;
    this.length += 1;
  }
}

export interface ViewerStream {
  receipts: Receipts;
  /** When the request was sent / the response headers arrived. */
  startedAt: number;
  respondedAt: number;
  status: number;
  bytes: number;
  ended: boolean;
  /** When the stream ended or was closed: deltas still missing then were at least this late. */
  closedAt: number;
  error: string | undefined;
  /** Resolves when the response headers arrive (or the request fails). */
  responded: Promise<void>;
  /** Resolves when the stream ends, fails or is closed. */
  finished: Promise<void>;
  close(): void;
}

export interface OpenOptions {
  url: string;
  method?: string;
  body?: string;
  headers?: Record<string, string>;
  agent: http.Agent;
}

export function openStream(options: OpenOptions): ViewerStream {
  let resolveResponded!: () => void;
  let resolveFinished!: () => void;
  const viewer: ViewerStream = {
    receipts: new Receipts(),
    startedAt: preciseNow(),
    respondedAt: 0,
    status: 0,
    bytes: 0,
    ended: false,
    closedAt: 0,
    error: undefined,
    responded: new Promise((r) => (resolveResponded = r)),
    finished: new Promise((r) => {
      resolveFinished = () => {
        viewer.closedAt ||= preciseNow();
        r();
      };
    }),
    close: () => {
      viewer.closedAt ||= preciseNow();
      request.destroy();
    },
  };
  const headers: Record<string, string> = { accept: 'text/event-stream', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const request = http.request(options.url, { method: options.method ?? 'GET', headers, agent: options.agent });
  let carry: Buffer | undefined;
  request.on('response', (response) => {
    viewer.status = response.statusCode ?? 0;
    viewer.respondedAt = preciseNow();
    resolveResponded();
    response.on('data', (chunk: Buffer) => {
      const at = preciseNow();
      viewer.bytes += chunk.length;
      let buf = chunk;
      if (carry) {
        buf = Buffer.concat([carry, chunk]);
        carry = undefined;
      }
      let pos = 0;
      for (;;) {
        const end = buf.indexOf(FRAME_END, pos);
        if (end < 0) {
          if (pos < buf.length) carry = Buffer.from(buf.subarray(pos));
          break;
        }
        if (buf.compare(ID_PREFIX, 0, 4, pos, pos + 4) === 0) {
          let seq = 0;
          for (let i = pos + 4; i < end; i++) {
            const c = buf[i] ?? 0;
            if (c < 48 || c > 57) break;
            seq = seq * 10 + (c - 48);
          }
          viewer.receipts.push(seq, at);
        }
        pos = end + 2;
      }
    });
    response.on('end', () => {
      viewer.ended = true;
      resolveFinished();
    });
    response.on('error', () => resolveFinished());
    response.on('close', () => resolveFinished());
  });
  request.on('error', (error) => {
    viewer.error = error.message;
    resolveResponded();
    resolveFinished();
  });
  if (options.body !== undefined) request.end(options.body);
  else request.end();
  return viewer;
}

/** The last seq received by a viewer, 0 when none. */
export function lastSeq(viewer: ViewerStream): number {
  const r = viewer.receipts;
  return r.length > 0 ? (r.seqs[r.length - 1] ?? 0) : 0;
}
