// A process of SSE viewers, driven by the bench over IPC: opens streams (ours, the direct baseline or
// the peer: all speak `id:`-numbered frames), stamps each frame's arrival, and at the end turns the
// receipts into a latency histogram from the delivery maps the bench sends (seq -> send times of the
// model deltas that event delivers). Only the histogram travels back, whatever the viewer count.
import http from 'node:http';
import { Histogram, preciseNow } from '../lib/histogram.js';
import { openStream, type ViewerStream } from '../lib/sse-wire.js';
import type { ViewerCommand, ViewerReply, ViewerReport } from '../lib/viewer-protocol.js';

const agent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
const viewers: { gen: string; stream: ViewerStream }[] = [];

function reply(message: ViewerReply): void {
  process.send?.(message);
}

async function open(command: Extract<ViewerCommand, { t: 'open' }>): Promise<void> {
  let ok = 0;
  let failed = 0;
  const errors = new Set<string>();
  const queue = [...command.conns];
  const worker = async () => {
    for (let spec = queue.shift(); spec; spec = queue.shift()) {
      const stream = openStream({ ...spec, agent });
      viewers.push({ gen: spec.gen, stream });
      await stream.responded;
      if (stream.status === 200) ok++;
      else {
        failed++;
        errors.add(stream.error ?? `HTTP ${stream.status}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, command.concurrency) }, worker));
  reply({ t: 'opened', id: command.id, ok, failed, errors: [...errors].slice(0, 5) });
}

function report(command: Extract<ViewerCommand, { t: 'report' }>): void {
  const histogram = new Histogram();
  const frameHistogram = new Histogram();
  const out: ViewerReport = {
    viewers: viewers.length,
    ended: 0,
    errors: 0,
    bytes: 0,
    frames: 0,
    delivered: 0,
    missing: 0,
    histogram: histogram.toData(),
    frameHistogram: frameHistogram.toData(),
  };
  const now = preciseNow();
  const expected = new Map<string, number>();
  for (const [gen, map] of Object.entries(command.maps)) {
    expected.set(
      gen,
      Object.values(map).reduce((n, times) => n + times.length, 0),
    );
  }
  for (const { gen, stream } of viewers) {
    out.bytes += stream.bytes;
    out.frames += stream.receipts.length;
    if (stream.ended) out.ended++;
    if (stream.error) out.errors++;
    const map = command.maps[gen];
    if (!map) continue;
    const { seqs, times, length } = stream.receipts;
    let highest = 0;
    let delivered = 0;
    for (let i = 0; i < length; i++) {
      const seq = seqs[i] ?? 0;
      if (seq <= highest) continue;
      highest = seq;
      const sent = map[seq];
      if (!sent) continue;
      const at = times[i] ?? 0;
      for (const t of sent) histogram.add(at - t);
      frameHistogram.add(at - Math.max(...sent));
      delivered += sent.length;
    }
    out.delivered += delivered;
    out.missing += (expected.get(gen) ?? 0) - delivered;
    // Never delivered before the stream closed: at least that late. Counted so (censored), not dropped.
    const closedAt = stream.closedAt || now;
    for (const [seq, sent] of Object.entries(map)) {
      if (Number(seq) <= highest) continue;
      for (const t of sent) histogram.add(closedAt - t);
      frameHistogram.add(closedAt - Math.max(...sent));
    }
  }
  out.histogram = histogram.toData();
  out.frameHistogram = frameHistogram.toData();
  reply({ t: 'report', id: command.id, report: out });
}

/** Disconnects every viewer; their receipts stay for the report until `clear`. */
async function closeAll(id: number): Promise<void> {
  for (const { stream } of viewers) stream.close();
  reply({ t: 'closed', id });
}

function clear(id: number): void {
  viewers.splice(0);
  reply({ t: 'cleared', id });
}

async function waitEnded(id: number, timeoutMs: number): Promise<void> {
  const all = Promise.all(viewers.map((v) => v.stream.finished));
  await Promise.race([all, new Promise((r) => setTimeout(r, timeoutMs))]);
  reply({ t: 'ended', id, ended: viewers.filter((v) => v.stream.ended).length });
}

process.on('message', (command: ViewerCommand) => {
  switch (command.t) {
    case 'open':
      void open(command);
      break;
    case 'report':
      report(command);
      break;
    case 'close':
      void closeAll(command.id);
      break;
    case 'clear':
      clear(command.id);
      break;
    case 'wait-ended':
      void waitEnded(command.id, command.timeoutMs);
      break;
  }
});
process.on('disconnect', () => process.exit(0));
reply({ t: 'ready', id: 0 });
