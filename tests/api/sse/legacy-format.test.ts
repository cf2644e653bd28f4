import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legacyTranslation } from '../../../src/api/sse/legacy-format.js';
import { getJson, startStack, type Stack } from '../../support/stack.js';
import { readWithin } from '../../support/sse-client.js';

// The older data-only format stays whole through a fallback, a takeover and a reset: a client written
// for it, which knows no reset, ends with exactly the stored document.

/**
 * The first product's client (its RealTimeStreamingPage, as the README's older-format section describes it), minus its React
 * state: `content` is appended to the current section and to the whole text, `section_complete` keeps
 * the current section and starts the next, `complete` ends; anything else is ignored. (It read lines
 * per network read; this one buffers a line cut across two reads, which changes nothing else.)
 */
class OriginalClient {
  streamedContent = '';
  currentSection = '';
  sections: string[] = [];
  completed = false;
  private buffer = '';

  feed(chunk: string): void {
    const lines = (this.buffer + chunk).split('\n');
    this.buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('data: ') || this.completed) continue;
      const data = JSON.parse(line.slice(6)) as { type: string; content?: string };
      if (data.type === 'content') {
        this.currentSection += data.content;
        this.streamedContent += data.content;
      } else if (data.type === 'section_complete') {
        this.sections.push(this.currentSection);
        this.currentSection = '';
      } else if (data.type === 'complete') {
        this.completed = true;
      }
    }
  }
}

const frame = (seq: number, event: string, data: object) =>
  `id: ${seq}\nevent: ${event}\ndata: ${JSON.stringify({ seq, ...data })}\n\n`;

describe('the legacy translation', () => {
  it('sends each section once, whole, at its end, whatever was reset, repaired or replayed before', () => {
    const client = new OriginalClient();
    const sink = legacyTranslation('00000000-0000-4000-8000-000000000000', {
      write: (t) => client.feed(t),
      end() {},
      fail() {},
    });
    const one = 'First section text.';
    const two = 'Second section text.';
    let seq = 0;
    const log = [
      frame(++seq, 'status', { status: 'streaming', mode: 'stream' }),
      frame(++seq, 'section_start', { index: 1, title: 'One' }),
      frame(++seq, 'token', { section: 1, text: 'First sect' }),
      // The stream is cut: section 1 is thrown away and written again.
      frame(++seq, 'reset', { section: 1 }),
      frame(++seq, 'section_start', { index: 1, title: 'One' }),
      frame(++seq, 'token', { section: 1, text: one }),
      frame(++seq, 'section_end', { index: 1, title: 'One', content: one }),
      frame(++seq, 'section_start', { index: 2, title: 'Two' }),
      frame(++seq, 'token', { section: 2, text: 'Sec' }),
      // A takeover: the new holder resets the open section and replays it whole from its checkpoint.
      frame(++seq, 'reset', { section: 2 }),
      frame(++seq, 'token', { section: 2, text: two }),
      frame(++seq, 'section_end', { index: 2, title: 'Two', content: two }),
      // A replay of section 1 (a rebuilt log) sends nothing twice.
      frame(++seq, 'section_end', { index: 1, title: 'One', content: one }),
      frame(++seq, 'status', { status: 'completed', mode: 'stream' }),
      frame(++seq, 'done', { status: 'completed' }),
    ];
    // Delivered in batches of every size, as the log and the live channel deliver them.
    sink.write(log.slice(0, 3).join(''), 3);
    for (const [i, f] of log.slice(3).entries()) sink.write(f, i + 4);
    expect(client.completed).toBe(true);
    expect(client.sections).toEqual([`## 1. One\n\n${one}`, `\n\n## 2. Two\n\n${two}`]);
    expect(client.streamedContent).toBe(`## 1. One\n\n${one}\n\n## 2. Two\n\n${two}`);
  });
});

describe('the legacy translation of section_end with a version and a source (live edits, restores)', () => {
  it('sends the section whole, with only the fields the older format had', () => {
    const out: string[] = [];
    const sink = legacyTranslation('00000000-0000-4000-8000-000000000001', {
      write: (t) => out.push(t),
      end() {},
      fail() {},
    });
    const text = 'An **edited** section.\n\n- one';
    sink.write(
      frame(1, 'reset', { section: 1 }) +
        frame(2, 'section_start', { index: 1, title: 'One' }) +
        frame(3, 'token', { section: 1, text }) +
        frame(4, 'section_end', { index: 1, title: 'One', content: text, version: 2, source: 'edited' }),
      4,
    );
    const messages = out
      .join('')
      .split('\n\n')
      .filter(Boolean)
      .map((m) => JSON.parse(m.slice(6)) as Record<string, unknown>);
    expect(messages).toEqual([
      { type: 'content', content: `## 1. One\n\n${text}`, sessionId: '00000000-0000-4000-8000-000000000001' },
      {
        type: 'section_complete',
        section: 1,
        title: 'One',
        content: text,
        sessionId: '00000000-0000-4000-8000-000000000001',
      },
    ]);
  });
});

describe('POST /api/contract/tos/stream through a fallback to chunked mode', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ workers: 1, tokensPerSec: 0 });
  });
  afterAll(() => stack.close());

  it('leaves a client of the older format with exactly the stored document', async () => {
    const response = await fetch(`${stack.apiUrl}/api/contract/tos/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // Every stream is cut after 260 chunks: resets, then the fall back to chunked calls.
      body: JSON.stringify({ prompt: 'An old client [[sim:cut=260;id=legacy-fallback]]' }),
    });
    expect(response.status).toBe(200);
    const client = new OriginalClient();
    const decoder = new TextDecoder();
    let sessionId: string | undefined;
    const reader = response.body!.getReader();
    for (;;) {
      const { done, value: chunk } = await readWithin(
        reader,
        `the older format's stream of ${sessionId ?? 'a new run'}`,
      );
      if (done) break;
      const text = decoder.decode(chunk, { stream: true });
      sessionId ??= /"sessionId":"([0-9a-f-]{36})"/.exec(text)?.[1];
      client.feed(text);
    }
    expect(client.completed).toBe(true);

    const { body: generation } = await getJson(`${stack.apiUrl}/api/generations/${sessionId}`);
    expect(generation.status).toBe('completed');
    const modes = generation.sections.map((s: { mode: string }) => s.mode);
    expect(modes).toContain('stream');
    expect(modes).toContain('chunked');
    const stored = generation.sections.map(
      (s: { index: number; title: string; content: string }) => `## ${s.index}. ${s.title}\n\n${s.content}`,
    );
    expect(client.sections.map((s) => s.trim())).toEqual(stored);
    expect(client.streamedContent).toBe(stored.join('\n\n'));
  });
});
