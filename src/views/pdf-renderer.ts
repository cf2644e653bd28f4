import Tinypool from 'tinypool';
import type { PdfDocumentInput } from './pdf-document.js';

// Renders PDFs off the event loop: laying out a long draft takes seconds of CPU (pdfmake measures every
// line), which on the API's own thread would hold up every request and event stream of the process.
// A small pool of worker threads (tinypool) does it instead; the pool is bounded (threads, queue) and
// each render has a deadline, after which its thread is ended, so a flood of downloads or a pathological
// document costs one thread's time and is refused beyond that, never the API's.

export interface PdfRendererOptions {
  /** Threads rendering at once (each is one core while it works). */
  threads: number;
  /** Renders waiting for a thread; past this a download is refused (503) rather than queued. */
  queue: number;
  /** A render still running after this is abandoned and its thread ended. */
  timeoutMs: number;
}

/** Refused: every thread is busy and the queue is full. */
export class PdfRendererBusy extends Error {
  override name = 'PdfRendererBusy';
}

const PDF_RENDERER_DEFAULTS: PdfRendererOptions = { threads: 1, queue: 8, timeoutMs: 60_000 };

// Built (dist/, .js) the worker is plain JavaScript; run from the sources (the tests, tsx) it is
// TypeScript, loaded through tsx as the sources are.
const compiled = import.meta.url.endsWith('.js');
const WORKER_FILE = new URL(`./pdf-render-worker.${compiled ? 'js' : 'ts'}`, import.meta.url);

export class PdfRenderer {
  private readonly pool: Tinypool;
  /** Renders running or waiting: refused past threads + queue. */
  private inFlight = 0;

  constructor(private readonly options: PdfRendererOptions = PDF_RENDERER_DEFAULTS) {
    this.pool = new Tinypool({
      filename: WORKER_FILE.href,
      minThreads: 0,
      maxThreads: options.threads,
      // Started on the first download, ended after a minute without one: an API that serves no PDF
      // keeps no thread (nor pdfmake and its fonts in memory).
      idleTimeout: 60_000,
      // A runaway layout is stopped by its thread's heap limit as well as by the deadline.
      resourceLimits: { maxOldGenerationSizeMb: 512 },
      ...(compiled ? {} : { execArgv: ['--import', 'tsx'] }),
    });
  }

  async render(input: PdfDocumentInput): Promise<Uint8Array<ArrayBuffer>> {
    if (this.inFlight >= this.options.threads + this.options.queue)
      throw new PdfRendererBusy('every PDF thread is busy');
    this.inFlight += 1;
    try {
      return await this.pool.run(input, { signal: AbortSignal.timeout(this.options.timeoutMs) });
    } finally {
      this.inFlight -= 1;
    }
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }
}
