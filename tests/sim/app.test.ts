// The simulated model server, driven the way the service drives it: over HTTP with the real openai SDK.
import OpenAI, { InternalServerError, RateLimitError } from 'openai';
import type { ChatCompletionChunk, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createSimApp,
  requestedSections,
  startSim,
  tokenize,
  writeDocument,
  type RunningSim,
  type SimStats,
} from '../../src/sim/index.js';
import { SECTION_WORDS, wordCount } from '../../src/sim/legal-writer.js';

const SECTIONS = [
  'Acceptance of Terms',
  'Accounts and Eligibility',
  'Fees and Payment',
  'Intellectual Property',
  'Limitation of Liability',
  'Governing Law',
];

/** A prompt shaped like the service's task message, with optional text (directives) after it. */
function prompt(extra = '', titles: readonly string[] = SECTIONS): string {
  const headings = titles.map((title, i) => `## ${i + 1}. ${title}`).join('\n');
  return `Draft Terms of Service for "PawPals", a dog-walking marketplace based in Oregon. ${extra}\n\nWrite exactly these sections, in this order:\n${headings}\n\nBegin directly with the first heading line.`;
}

function messages(extra = '', titles?: readonly string[]): ChatCompletionMessageParam[] {
  return [
    { role: 'system', content: 'You are an experienced commercial lawyer.' },
    { role: 'user', content: prompt(extra, titles) },
  ];
}

function headingsOf(text: string): string[] {
  return [...text.matchAll(/^## (\d+)\. (.+)$/gm)].map((m) => `${m[1]}. ${m[2]}`);
}

const expectedHeadings = (titles: readonly string[] = SECTIONS) => titles.map((title, i) => `${i + 1}. ${title}`);

let sim: RunningSim;
let client: OpenAI;

beforeAll(async () => {
  sim = await startSim({ port: 0, tokensPerSec: 0 });
  client = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'sim', maxRetries: 0 });
});

afterAll(async () => {
  await sim?.close();
});

interface StreamResult {
  chunks: ChatCompletionChunk[];
  text: string;
  /** Content chunks received, the role-only first chunk and the usage chunk excluded. */
  contentChunks: number;
  error: unknown;
}

async function streamChat(
  msgs: ChatCompletionMessageParam[],
  options: { signal?: AbortSignal; maxTokens?: number } = {},
): Promise<StreamResult> {
  const result: StreamResult = { chunks: [], text: '', contentChunks: 0, error: undefined };
  try {
    const stream = await client.chat.completions.create(
      {
        model: 'gpt-4o-mini',
        messages: msgs,
        stream: true,
        stream_options: { include_usage: true },
        ...(options.maxTokens ? { max_tokens: options.maxTokens } : {}),
      },
      { signal: options.signal },
    );
    for await (const chunk of stream) {
      result.chunks.push(chunk);
      const content = chunk.choices[0]?.delta.content;
      if (content) {
        result.text += content;
        result.contentChunks += 1;
      }
    }
  } catch (error) {
    result.error = error;
  }
  return result;
}

async function stats(): Promise<SimStats> {
  return (await (await fetch(`${sim.url}/_sim/stats`)).json()) as SimStats;
}

describe('legal writer (pure)', () => {
  it('writes exactly the requested sections, in order, deterministically', () => {
    const request = { messages: messages() };
    const text = writeDocument(request);
    expect(headingsOf(text)).toEqual(expectedHeadings());
    expect(writeDocument({ messages: messages() })).toBe(text);
    // A different client gives a different text.
    const other = writeDocument({ messages: [{ role: 'user', content: prompt().replace('PawPals', 'Lexicorp') }] });
    expect(other).not.toBe(text);
    expect(other).toContain('Lexicorp');
  });

  it('keeps each section body within 60–140 words and separates sections by a blank line', () => {
    const text = writeDocument({ messages: messages() });
    const sections = text.split(/\n\n(?=## \d+\. )/);
    expect(sections).toHaveLength(SECTIONS.length);
    for (const section of sections) {
      const [heading, blank, ...body] = section.split('\n');
      expect(heading).toMatch(/^## \d+\. /);
      expect(blank).toBe('');
      const words = wordCount(body.join('\n'));
      expect(words).toBeGreaterThanOrEqual(SECTION_WORDS.min);
      expect(words).toBeLessThanOrEqual(SECTION_WORDS.max);
    }
  });

  it('writes three generic sections when no section list is given', () => {
    const text = writeDocument({ messages: [{ role: 'user', content: 'Write me something legal.' }] });
    expect(headingsOf(text)).toEqual(['1. General', '2. Terms', '3. Miscellaneous']);
  });

  it('reads the section list from the last user message only, up to the first blank line', () => {
    expect(
      requestedSections(
        'Write exactly these sections, in this order:\n## 4. Privacy\n##  5.  Notices \n\n## 6. Not this',
      ),
    ).toEqual([
      { number: '4', title: 'Privacy' },
      { number: '5', title: 'Notices' },
    ]);
    const text = writeDocument({
      messages: [
        { role: 'user', content: prompt('', ['Old One', 'Old Two']) },
        { role: 'assistant', content: '## 1. Old One\n\nDone.' },
        {
          role: 'user',
          content: 'Write exactly these sections, in this order:\n## 3. Confidentiality\n## 4. Termination',
        },
      ],
    });
    expect(headingsOf(text)).toEqual(['3. Confidentiality', '4. Termination']);
  });

  it('tokenizes losslessly and splits headings into several tokens', () => {
    const text = writeDocument({ messages: messages() });
    const tokens = tokenize(text);
    expect(tokens.join('')).toBe(text);
    expect(tokens.slice(0, 4)).toEqual(['##', ' 1', '.', ' Acceptance']);
    expect(tokens).toContain('\n');
  });
});

describe('OpenAI-compatible API', () => {
  it('lists the models', async () => {
    const ids = (await client.models.list()).data.map((model) => model.id);
    expect(ids).toEqual(expect.arrayContaining(['gpt-4o-mini', 'sim-legal-1']));
  });

  it('streams the requested document, the same on every run, with role, finish and usage chunks', async () => {
    const first = await streamChat(messages());
    const second = await streamChat(messages());
    expect(first.error).toBeUndefined();
    expect(headingsOf(first.text)).toEqual(expectedHeadings());
    expect(second.text).toBe(first.text);

    const chunks = first.chunks;
    expect(chunks[0]?.object).toBe('chat.completion.chunk');
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    const finish = chunks.at(-2);
    expect(finish?.choices[0]?.finish_reason).toBe('stop');
    const usageChunk = chunks.at(-1);
    expect(usageChunk?.choices).toEqual([]);
    expect(usageChunk?.usage?.completion_tokens).toBe(first.contentChunks);
    expect(usageChunk?.usage?.total_tokens).toBe(
      (usageChunk?.usage?.prompt_tokens ?? 0) + (usageChunk?.usage?.completion_tokens ?? 0),
    );
    // Relay-latency timestamps on every chunk, as fractional epoch milliseconds.
    for (const chunk of chunks) {
      const sentAt = (chunk as unknown as { sim_sent_at: unknown }).sim_sent_at;
      expect(typeof sentAt).toBe('number');
      expect(Math.abs((sentAt as number) - Date.now())).toBeLessThan(60_000);
    }
  });

  it('sends a heading over several chunks, one token each', async () => {
    const { chunks } = await streamChat(messages());
    const contents = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').filter((c) => c !== '');
    const at = contents.findIndex((content, i) => content === '##' && contents[i + 1] === ' 3');
    expect(at).toBeGreaterThan(0);
    expect(contents.slice(at, at + 4)).toEqual(['##', ' 3', '.', ' Fees']);
  });

  it('answers a non-streamed request with the same text as the stream', async () => {
    const streamed = await streamChat(messages());
    const completion = await client.chat.completions.create({ model: 'sim-legal-1', messages: messages() });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]?.message.content).toBe(streamed.text);
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage?.completion_tokens).toBe(streamed.contentChunks);
  });

  it('truncates at max_tokens with finish_reason "length"', async () => {
    const result = await streamChat(messages(), { maxTokens: 12 });
    expect(result.contentChunks).toBe(12);
    expect(result.chunks.at(-2)?.choices[0]?.finish_reason).toBe('length');
  });

  it('rejects a malformed body with an OpenAI-style 400', async () => {
    const response = await fetch(`${sim.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: 'not a list' }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string; type: string } };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/messages/);

    const notJson = await fetch(`${sim.url}/v1/chat/completions`, { method: 'POST', body: '{oops' });
    expect(notJson.status).toBe(400);
  });
});

describe('prompt directives', () => {
  it('cut=N ends the stream with a network error after N content chunks, and no [DONE]', async () => {
    const result = await streamChat(messages('[[sim:cut=9]]'));
    expect(result.error).toBeInstanceOf(Error);
    expect(result.contentChunks).toBe(9);
    expect(result.text).not.toContain('sim:');
    expect(result.chunks.some((chunk) => chunk.choices[0]?.finish_reason)).toBe(false);
  });

  it('cut and stall do not touch a non-streamed request', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: messages('[[sim:cut=3;stall=1]]'),
    });
    expect(headingsOf(completion.choices[0]?.message.content ?? '')).toEqual(expectedHeadings());
  });

  it('stall=N stops after N chunks and holds the connection until the client aborts', async () => {
    const full = await streamChat(messages());
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 400);
    const started = performance.now();
    const result = await streamChat(messages('[[sim:stall=5]]'), { signal: controller.signal });
    clearTimeout(timer);
    expect(controller.signal.aborted).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(350);
    expect(result.contentChunks).toBe(5);
    expect(result.contentChunks).toBeLessThan(full.contentChunks);
  });

  it('status=429 is a RateLimitError with Retry-After, streamed or not', async () => {
    const streamed = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: messages('[[sim:status=429;retryAfter=7]]'), stream: true })
      .catch((error: unknown) => error);
    expect(streamed).toBeInstanceOf(RateLimitError);
    expect((streamed as RateLimitError).headers?.get('retry-after')).toBe('7');

    const plain = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: messages('[[sim:status=429]]') })
      .catch((error: unknown) => error);
    expect(plain).toBeInstanceOf(RateLimitError);
    expect((plain as RateLimitError).headers?.get('retry-after')).toBe('1');
  });

  it('times=1 faults only the first request carrying the directive', async () => {
    const directive = '[[sim:status=500;times=1;id=times-test]]';
    const first = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: messages(directive) })
      .catch((error: unknown) => error);
    expect(first).toBeInstanceOf(InternalServerError);
    const second = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: messages(directive) });
    expect(headingsOf(second.choices[0]?.message.content ?? '')).toEqual(expectedHeadings());
  });

  it('a cut with times=1 is not used up by a non-streamed request', async () => {
    const directive = '[[sim:cut=4;times=1;id=cut-budget]]';
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: messages(directive) });
    const cut = await streamChat(messages(directive));
    expect(cut.error).toBeInstanceOf(Error);
    const whole = await streamChat(messages(directive));
    expect(whole.error).toBeUndefined();
    expect(headingsOf(whole.text)).toEqual(expectedHeadings());
  });

  it('inject=xss puts the payloads into section prose, never into headings', async () => {
    const { text } = await streamChat(messages('[[sim:inject=xss]]'));
    for (const payload of [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '[click](javascript:alert(1))',
      '![p](http://attacker.invalid/pixel.png)',
    ]) {
      expect(text).toContain(payload);
    }
    expect(headingsOf(text)).toEqual(expectedHeadings());
    expect(headingsOf(text).join('\n')).not.toMatch(/[<[]/);
  });

  it('inject=control puts NUL and other control characters into section prose', async () => {
    const { text } = await streamChat(messages('[[sim:inject=control]]'));
    expect(text).toContain('null\u0000byte');
    expect(text).toContain('\u001b[31m');
    expect(headingsOf(text)).toEqual(expectedHeadings());
  });

  it('inject=unicode puts unpaired surrogates, noncharacters and bidi overrides into section prose', async () => {
    const { text } = await streamChat(messages('[[sim:inject=unicode]]'));
    expect(text).toContain('lone\uD800surrogate');
    expect(text).toContain('non\uFFFFcharacter\uFFFE');
    expect(text).toContain('pay \u202Eplh\u202C');
    expect(headingsOf(text)).toEqual(expectedHeadings());
  });

  it('extra=N runs on for N sections past the last one asked for', async () => {
    const { text } = await streamChat(messages('[[sim:extra=2]]'));
    expect(headingsOf(text)).toEqual([
      ...expectedHeadings(),
      '7. Additional Provisions 1',
      '8. Additional Provisions 2',
    ]);
  });

  it('records each stream it served: completed, or closed by a client that went away', async () => {
    await streamChat(messages('[[sim:id=ledger-whole]]'));
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'sim', messages: messages('[[sim:tps=50;id=ledger-left]]'), stream: true },
      { signal: controller.signal },
    );
    for await (const _chunk of stream) {
      controller.abort();
    }
    const read = async (key: string) =>
      (
        (await (await fetch(`${sim.url}/_sim/streams?key=${key}`)).json()) as {
          streams: { end?: string; chunksSent: number; chunksPlanned: number }[];
        }
      ).streams;
    const [whole] = await read('ledger-whole');
    expect(whole).toMatchObject({ end: 'completed' });
    expect(whole!.chunksSent).toBe(whole!.chunksPlanned);
    let left = await read('ledger-left');
    for (let i = 0; i < 100 && !left[0]?.end; i++) {
      await new Promise((r) => setTimeout(r, 50));
      left = await read('ledger-left');
    }
    expect(left[0]).toMatchObject({ end: 'closed' });
    expect(left[0]!.chunksSent).toBeLessThan(left[0]!.chunksPlanned);
  });

  it('reads directives and the client from an earlier user message than the task, as the service sends them', async () => {
    const msgs: ChatCompletionMessageParam[] = [
      { role: 'system', content: 'You are an experienced commercial lawyer.' },
      {
        role: 'user',
        content:
          'Draft a Terms of Service for the client described below.\n\n<client_requirements>\n"Acme Rentals" rents bikes. [[sim:cut=3;id=brief]]\n</client_requirements>',
      },
      {
        role: 'user',
        content:
          'Write exactly these sections, in this order:\n## 1. Acceptance\n## 2. Fees\n\nBegin directly with the first heading line.',
      },
    ];
    const streamed = await streamChat(msgs);
    expect(streamed.error).toBeInstanceOf(Error);
    expect(streamed.contentChunks).toBe(3);
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: msgs });
    const text = completion.choices[0]?.message.content ?? '';
    expect(headingsOf(text)).toEqual(['1. Acceptance', '2. Fees']);
    expect(text).toContain('Acme Rentals');
    expect(text).not.toContain('sim:');
  });

  it('rejects an unknown directive key with a 400', async () => {
    const error = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: messages('[[sim:explode=1]]') })
      .catch((e: unknown) => e);
    expect((error as { status?: number }).status).toBe(400);
  });

  it('tps paces the stream: 30 tokens at 50/s take several times longer than unpaced', async () => {
    const time = async (extra: string) => {
      const started = performance.now();
      const result = await streamChat(messages(extra), { maxTokens: 30 });
      expect(result.contentChunks).toBe(30);
      return performance.now() - started;
    };
    const unpaced = await time('[[sim:tps=0]]');
    const paced = await time('[[sim:tps=50]]');
    expect(paced).toBeGreaterThan(3 * unpaced);
    expect(paced).toBeGreaterThanOrEqual(550); // 30 tokens due by 600 ms; allow timer granularity
  });
});

describe('fault control endpoint', () => {
  beforeEach(async () => {
    await fetch(`${sim.url}/_sim/faults`, { method: 'DELETE' });
  });

  it('applies a queued fault to the next requests only, and counts it', async () => {
    const before = await stats();
    const queued = await fetch(`${sim.url}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 503, times: 2 }),
    });
    expect(queued.status).toBe(201);
    for (let i = 0; i < 2; i++) {
      const error = await client.chat.completions
        .create({ model: 'gpt-4o-mini', messages: messages() })
        .catch((e: unknown) => e);
      expect((error as { status?: number }).status).toBe(503);
    }
    const ok = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: messages() });
    expect(ok.choices[0]?.finish_reason).toBe('stop');
    const after = await stats();
    expect(after.requests - before.requests).toBe(3);
    expect(after.faultsInjected.status - before.faultsInjected.status).toBe(2);
  });

  it('a queued cut waits for a streamed request; streamOnly status skips non-streamed ones', async () => {
    const post = (body: object) =>
      fetch(`${sim.url}/_sim/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await post({ cut: 6 });
    const plain = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: messages() });
    expect(plain.choices[0]?.finish_reason).toBe('stop');
    const cut = await streamChat(messages());
    expect(cut.error).toBeInstanceOf(Error);
    expect(cut.contentChunks).toBe(6);

    await post({ status: 500, streamOnly: true });
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: messages() });
    const failed = await streamChat(messages());
    expect(failed.error).toBeInstanceOf(InternalServerError);
  });

  it('DELETE clears the queue and a bad fault is refused', async () => {
    await fetch(`${sim.url}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 500 }),
    });
    await fetch(`${sim.url}/_sim/faults`, { method: 'DELETE' });
    const result = await streamChat(messages());
    expect(result.error).toBeUndefined();

    const bad = await fetch(`${sim.url}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ times: 2 }),
    });
    expect(bad.status).toBe(400);
  });
});

describe('without a Node socket (app.request)', () => {
  it('a cut errors the response body instead', async () => {
    const app = createSimApp({ port: 0, tokensPerSec: 0 });
    const response = await app.request('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: messages('[[sim:cut=2]]') }),
    });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });
});
