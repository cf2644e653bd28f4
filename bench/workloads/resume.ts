// Workload 5 (and the resume half of 6): a whole 10-section document replayed to a client that
// reconnects from the start. Ours: `Last-Event-ID: 0` on a completed generation, timed to the end of
// the stream (the server closes it after `done`). The peer: resumable-stream cannot replay a stream
// once it is done (it returns null and asks you to keep a copy in a database), so its producer holds
// the finished document open and the replay is timed until the last delta has arrived.
import http from 'node:http';
import { percentile, preciseNow, round } from '../lib/histogram.js';
import { lastSeq, openStream } from '../lib/sse-wire.js';
import {
  benchKey,
  createGeneration,
  fetchTimelines,
  postJson,
  promptFor,
  readLog,
  sleep,
  waitForStatus,
  waitSimIdle,
} from '../lib/service-client.js';
import type { BenchStack } from '../lib/stack.js';

export interface ResumeResult {
  system: 'ours' | 'resumable-stream';
  replays: number;
  fullReplayMs: number;
  fullReplayP95Ms: number;
  /** What one replay carries: events (frames) and bytes; the model deltas of the document. */
  frames: number;
  bytes: number;
  deltas: number;
}

const agent = new http.Agent({ keepAlive: false });
/** The document is written fast (so the bench does not wait 45 s), at a pace where events still mostly carry one delta each. */
const PACE = '[[sim:tps=400]]';

export async function runResumeOurs(stack: BenchStack, replays: number): Promise<ResumeResult> {
  await waitSimIdle(stack.simUrl);
  const key = benchKey();
  const id = await createGeneration(stack.apiUrl, `${promptFor(key)} ${PACE}`);
  await waitForStatus(stack.apiUrl, id, ['completed', 'failed'], 60_000);
  const deltas = (await fetchTimelines(stack.simUrl, [key]))[key]?.deltas.length ?? 0;
  const events = (await readLog(stack.redis, stack.prefix, id)).length;
  const times: number[] = [];
  let frames = 0;
  let bytes = 0;
  for (let i = 0; i < replays; i++) {
    const started = preciseNow();
    const viewer = openStream({
      url: `${stack.apiUrl}/api/generations/${id}/events`,
      headers: { 'last-event-id': '0' },
      agent,
    });
    await viewer.finished;
    times.push(preciseNow() - started);
    frames = viewer.receipts.length;
    bytes = viewer.bytes;
    if (frames !== events) throw new Error(`resume: replay carried ${frames} events, the log has ${events}`);
    await sleep(50);
  }
  return summarize('ours', times, frames, bytes, deltas);
}

export async function runResumePeer(stack: BenchStack, replays: number): Promise<ResumeResult> {
  await waitSimIdle(stack.simUrl);
  const key = benchKey();
  await postJson(`${stack.peerProducerUrl}/produce`, {
    streamId: key,
    prompt: `${promptFor(key)} ${PACE}`,
    hold: true,
  });
  await sleep(500);
  await waitSimIdle(stack.simUrl, 60_000);
  await sleep(200);
  const deltas = (await fetchTimelines(stack.simUrl, [key]))[key]?.deltas.length ?? 0;
  const times: number[] = [];
  let frames = 0;
  let bytes = 0;
  for (let i = 0; i < replays; i++) {
    const started = preciseNow();
    const viewer = openStream({ url: `${stack.peerApiUrl}/streams/${key}`, agent });
    const deadline = Date.now() + 10_000;
    // Poll tightly: the replay is timed to the frame of the last delta.
    while (lastSeq(viewer) < deltas && !viewer.error && Date.now() < deadline)
      await new Promise((r) => setImmediate(r));
    const lastAt = viewer.receipts.times[viewer.receipts.length - 1] ?? Number.NaN;
    times.push(lastAt - started);
    frames = viewer.receipts.length;
    bytes = viewer.bytes;
    viewer.close();
    if (lastSeq(viewer) < deltas) throw new Error(`resume (peer): got ${lastSeq(viewer)} of ${deltas} deltas`);
    await sleep(50);
  }
  await postJson(`${stack.peerProducerUrl}/release`, { streamId: key });
  return summarize('resumable-stream', times, frames, bytes, deltas);
}

function summarize(
  system: ResumeResult['system'],
  times: number[],
  frames: number,
  bytes: number,
  deltas: number,
): ResumeResult {
  return {
    system,
    replays: times.length,
    fullReplayMs: round(percentile(times, 0.5)),
    fullReplayP95Ms: round(percentile(times, 0.95)),
    frames,
    bytes,
    deltas,
  };
}
