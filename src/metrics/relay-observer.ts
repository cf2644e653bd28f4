import { countFrames } from '../domain/event-codec.js';
import type { Metrics } from './metrics.js';

// Watches what an API process's shared subscriber receives, through the EventHub that forwards it:
// a published batch is a header line `first last lastType [appendedAtMs]` and then ready SSE frames
// (src/bus/published-batch.ts). Observing keeps metrics out of the fan-out code.
//
// It measures when this process receives a batch; the hub hands it to the sockets at the end of the
// same event-loop turn (EventHub.flush), so "now - appendedAt" is the relay latency up to that turn.

/**
 * The append time (ms since the epoch) carried by a published batch's header as an optional fourth
 * field, or undefined when the publisher does not send one.
 */
export function appendedAt(message: string): number | undefined {
  const newline = message.indexOf('\n');
  if (newline < 0) return undefined;
  const field = message.slice(0, newline).split(' ')[3];
  if (field === undefined || !/^\d{10,16}$/.test(field)) return undefined;
  return Number(field);
}

/** Counts relayed tokens and observes relay latency for every batch on `prefix`'s generation channels. */
export function observeRelays(
  source: { observe(observer: (channel: string, message: string) => void): () => void },
  prefix: string,
  metrics: Metrics,
): () => void {
  const channelStart = `${prefix}:gen:{`;
  const onMessage = (channel: string, message: string) => {
    if (!channel.startsWith(channelStart)) return;
    const newline = message.indexOf('\n');
    if (newline < 0) return;
    const tokens = countFrames(message.slice(newline), 'token');
    if (tokens > 0) metrics.tokensRelayed.inc(tokens);
    const at = appendedAt(message);
    // A clock step (or skew between hosts) can make it negative: such a sample says nothing.
    if (at !== undefined && Date.now() >= at) metrics.relayLatency.observe((Date.now() - at) / 1000);
  };
  return source.observe(onMessage);
}
