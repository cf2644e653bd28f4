// The IPC between the bench and its viewer processes (bench/procs/viewers.ts), and the bench-side
// handle that spreads viewers over several such processes.
import type { Child } from './children.js';
import { Histogram, type HistogramData } from './histogram.js';

export interface ConnSpec {
  /** Which stream (generation) this viewer watches: the key of its delivery map. */
  gen: string;
  url: string;
  method?: string;
  body?: string;
  headers?: Record<string, string>;
}

export type ViewerCommand =
  | { t: 'open'; id: number; conns: ConnSpec[]; concurrency: number }
  | { t: 'report'; id: number; maps: Record<string, Record<number, number[]>> }
  | { t: 'wait-ended'; id: number; timeoutMs: number }
  | { t: 'close'; id: number }
  | { t: 'clear'; id: number };

export interface ViewerReport {
  viewers: number;
  ended: number;
  errors: number;
  bytes: number;
  frames: number;
  /**
   * Measured deltas that reached a viewer, and those that never did before it was closed (these are
   * in the histogram too, at the time they had waited when the viewer closed: a lower bound).
   */
  delivered: number;
  missing: number;
  histogram: HistogramData;
  /**
   * Per event, from the send of the newest delta it carries: what the relay adds once a frame's text
   * is all there, without the wait of its older deltas for the frame (frame pacing holds them on
   * purpose). The same as `histogram` where every event carries one delta (the direct design).
   */
  frameHistogram: HistogramData;
}

export type ViewerReply =
  | { t: 'ready'; id: 0 }
  | { t: 'opened'; id: number; ok: number; failed: number; errors: string[] }
  | { t: 'report'; id: number; report: ViewerReport }
  | { t: 'ended'; id: number; ended: number }
  | { t: 'closed'; id: number }
  | { t: 'cleared'; id: number };

let nextId = 1;

function ask<T extends ViewerReply['t']>(
  child: Child,
  command: ViewerCommand,
  expect: T,
): Promise<Extract<ViewerReply, { t: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ViewerReply) => {
      if (message.t !== expect || message.id !== command.id) return;
      child.process.off('message', onMessage);
      child.process.off('exit', onExit);
      resolve(message as Extract<ViewerReply, { t: T }>);
    };
    const onExit = () => reject(new Error(`${child.name} exited (see ${child.logFile})`));
    child.process.on('message', onMessage);
    child.process.once('exit', onExit);
    child.process.send(command);
  });
}

/** Viewers spread round-robin over a few processes. */
export class ViewerPool {
  /** Round-robin position carried across calls, so one-by-one opens spread too. */
  private cursor = 0;

  constructor(private readonly children: Child[]) {
    // One listener pair per request in flight; many opens run at once.
    for (const child of children) child.process.setMaxListeners(0);
  }

  get size(): number {
    return this.children.length;
  }

  async open(
    conns: ConnSpec[],
    concurrencyPerProcess = 100,
  ): Promise<{ ok: number; failed: number; errors: string[] }> {
    const parts = this.children.map(() => [] as ConnSpec[]);
    for (const c of conns) parts[this.cursor++ % parts.length]?.push(c);
    const replies = await Promise.all(
      this.children
        .map((child, i) => ({ child, conns: parts[i] ?? [] }))
        .filter((p) => p.conns.length > 0)
        .map(({ child, conns: mine }) =>
          ask(child, { t: 'open', id: nextId++, conns: mine, concurrency: concurrencyPerProcess }, 'opened'),
        ),
    );
    return {
      ok: replies.reduce((n, r) => n + r.ok, 0),
      failed: replies.reduce((n, r) => n + r.failed, 0),
      errors: [...new Set(replies.flatMap((r) => r.errors))],
    };
  }

  async report(
    maps: Record<string, Record<number, number[]>>,
  ): Promise<ViewerReport & { latency: Histogram; frameLatency: Histogram }> {
    const replies = await Promise.all(
      this.children.map((child) => ask(child, { t: 'report', id: nextId++, maps }, 'report')),
    );
    const latency = new Histogram();
    const frameLatency = new Histogram();
    const total: ViewerReport = {
      viewers: 0,
      ended: 0,
      errors: 0,
      bytes: 0,
      frames: 0,
      delivered: 0,
      missing: 0,
      histogram: latency.toData(),
      frameHistogram: frameLatency.toData(),
    };
    for (const { report } of replies) {
      latency.merge(report.histogram);
      frameLatency.merge(report.frameHistogram);
      total.viewers += report.viewers;
      total.ended += report.ended;
      total.errors += report.errors;
      total.bytes += report.bytes;
      total.frames += report.frames;
      total.delivered += report.delivered;
      total.missing += report.missing;
    }
    return {
      ...total,
      histogram: latency.toData(),
      frameHistogram: frameLatency.toData(),
      latency,
      frameLatency,
    };
  }

  async waitEnded(timeoutMs: number): Promise<number> {
    const replies = await Promise.all(
      this.children.map((child) => ask(child, { t: 'wait-ended', id: nextId++, timeoutMs }, 'ended')),
    );
    return replies.reduce((n, r) => n + r.ended, 0);
  }

  /** Disconnects every viewer (receipts are kept for `report`). */
  async close(): Promise<void> {
    await Promise.all(this.children.map((child) => ask(child, { t: 'close', id: nextId++ }, 'closed')));
  }

  /** Forgets every viewer. */
  async clear(): Promise<void> {
    await Promise.all(this.children.map((child) => ask(child, { t: 'clear', id: nextId++ }, 'cleared')));
  }
}
