import { describe, expect, it } from 'vitest';
import type { HubListener } from '../../src/bus/event-hub.js';
import type { PublishedBatch } from '../../src/bus/published-batch.js';
import { useEventLog } from '../support/event-log-fixture.js';

// One subscriber connection per API process, shared by every viewer: a generation's channel is
// subscribed with its first viewer and dropped with its last, and what one turn of the event loop
// brought reaches each viewer as one batch.

const t = useEventLog();

/** A viewer that keeps what it is handed; `until` waits (bounded) for a batch reaching `seq`. */
function viewer() {
  const batches: PublishedBatch[] = [];
  const waiters: (() => void)[] = [];
  const listener: HubListener = {
    onBatch(batch) {
      batches.push(batch);
      for (const wake of waiters.splice(0)) wake();
    },
    onResync() {},
  };
  const until = async (seq: number) => {
    const deadline = Date.now() + 20_000;
    while (!batches.some((b) => b.last >= seq)) {
      if (Date.now() > deadline) throw new Error(`no batch reached seq ${seq}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 500);
      });
    }
  };
  return { batches, listener, until };
}

describe('EventHub', () => {
  it('hands every viewer of a generation the appended events, in order, and only theirs', async () => {
    const a = await t.claimed();
    const b = await t.claimed();
    const [first, second, other] = [viewer(), viewer(), viewer()];
    const leave = await Promise.all([
      t.hub.subscribe(a.id, first.listener),
      t.hub.subscribe(a.id, second.listener),
      t.hub.subscribe(b.id, other.listener),
    ]);
    expect(t.hub.channelCount).toBe(2);
    const last = await t.log.append(a.id, 1, a.seq, [
      { type: 'section_start', index: 1, title: 'Scope' },
      { type: 'token', section: 1, text: 'Hello' },
    ]);
    await Promise.all([first.until(last), second.until(last)]);
    for (const v of [first, second]) {
      expect(v.batches.map((x) => [x.first, x.last])).toEqual([[a.seq + 1, last]]);
      expect(v.batches[0]?.frames).toContain('event: token\n');
      expect(v.batches[0]?.lastType).toBe('token');
    }
    expect(other.batches).toEqual([]);
    for (const stop of leave) stop();
  });

  it('drops a channel with its last viewer and takes it again with the next one', async () => {
    const g = await t.claimed();
    const before = t.hub.channelCount;
    const [one, two] = [viewer(), viewer()];
    const leaveOne = await t.hub.subscribe(g.id, one.listener);
    const leaveTwo = await t.hub.subscribe(g.id, two.listener);
    expect(t.hub.channelCount).toBe(before + 1);
    leaveOne();
    expect(t.hub.channelCount).toBe(before + 1);
    leaveTwo();
    expect(t.hub.channelCount).toBe(before);
    const again = viewer();
    const leave = await t.hub.subscribe(g.id, again.listener);
    const seq = await t.log.append(g.id, 1, g.seq, [{ type: 'status', status: 'streaming', mode: 'stream' }]);
    await again.until(seq);
    expect(one.batches).toEqual([]);
    leave();
  });
});
