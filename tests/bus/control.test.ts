import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { publishStop, StopListener } from '../../src/bus/control.js';
import { eventually } from '../support/logging.js';
import { testConfig, uniquePrefix } from '../support/stack.js';

// Stop requests reach only the run they name: a late one cannot stop the run that came after it.

const config = testConfig();
const publisher = new Redis(config.REDIS_URL);
const subscriber = new Redis(config.REDIS_URL);
afterAll(() => {
  publisher.disconnect();
  subscriber.disconnect();
});

describe('stop requests', () => {
  it('abort the named run of a generation, and not its next run', async () => {
    const prefix = uniquePrefix();
    const listener = new StopListener(subscriber, prefix);
    await listener.start();
    const generationId = 'f2d1c9a4-8c55-4d0e-9a57-0d6c2b1e7a10';
    const paused = listener.register({ generationId, run: 1 });
    const resumed = listener.register({ generationId, run: 2 });
    const other = listener.register({ generationId: '0b0c0d0e-0000-4000-8000-000000000000', run: 1 });

    // The pause's stop for run 1 arrives after run 2 (the resume) has started on this worker.
    await publishStop(publisher, prefix, { generationId, run: 1 });
    await eventually(async () => (paused.signal.aborted ? true : undefined), 'run 1 to be stopped');
    expect(resumed.signal.aborted).toBe(false);
    expect(other.signal.aborted).toBe(false);

    await publishStop(publisher, prefix, { generationId, run: 2 });
    await eventually(async () => (resumed.signal.aborted ? true : undefined), 'run 2 to be stopped');
    expect(other.signal.aborted).toBe(false);
    for (const r of [paused, resumed, other]) r.release();
  });

  it('ignore anything on the channel that is not a stop request naming a run', async () => {
    const prefix = uniquePrefix();
    const listener = new StopListener(subscriber, prefix);
    await listener.start();
    const kept = listener.register({ generationId: 'g', run: 1 });
    const marker = listener.register({ generationId: 'h', run: 1 });
    // The old message (just the generation id), and a run that is not a number.
    await publisher.publish(`${prefix}:control`, 'g');
    await publisher.publish(`${prefix}:control`, '{"generationId":"g","run":"1"}');
    // Messages on one channel arrive in order: once this one is through, the two above were handled.
    await publishStop(publisher, prefix, { generationId: 'h', run: 1 });
    await eventually(async () => (marker.signal.aborted ? true : undefined), 'the marker request');
    expect(kept.signal.aborted).toBe(false);
    kept.release();
    marker.release();
  });
});
