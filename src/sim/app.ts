// The simulated OpenAI-compatible model server as a Hono app: the two OpenAI routes the service uses
// (model list, chat completions) plus a small control surface (`/_sim/*`) for fault-injecting tests.
// The composition root reads SIM_PORT / SIM_TOKENS_PER_SEC and passes them in; nothing here reads env.
import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { z } from 'zod';
import { chatCompletionStream, sleep } from './chat-stream.js';
import { parseDirectives, type PromptDirectives } from './directives.js';
import { faultBody, parameterRefusal } from './model-rules.js';
import { hostileAnswer } from './hostile-answers.js';
import { shapeAnswer } from './answer-shapes.js';
import { RequestLedger, type ServedRequest } from './request-ledger.js';
import { FaultBook, faultSpecSchema, type ActiveFault } from './faults.js';
import { writeDocument } from './legal-writer.js';
import { isSuggestionRequest, writeSuggestions } from './suggestion-writer.js';
import {
  chatRequestSchema,
  completionObject,
  allUserText,
  errorBody,
  messageText,
  modelListObject,
  newCompletionIdentity,
  type ChatRequest,
  type FinishReason,
  type Usage,
} from './openai-format.js';
import { countTokens, tokenize } from './tokenizer.js';
import { StreamLedger } from './stream-ledger.js';

interface SimLogger {
  info(obj: object, msg?: string): void;
}

export interface SimOptions {
  /** Port for `startSim` to listen on; 0 picks a free one. */
  port: number;
  /** Address for `startSim` to listen on (default: the loopback interface). */
  host?: string;
  /** Streaming pace per stream; 0 = as fast as possible. A `tps=` directive overrides it. */
  tokensPerSec: number;
  logger?: SimLogger;
}

// A non-streamed answer waits as long as streaming it would, but never longer than this.
const MAX_NON_STREAMED_DELAY_MS = 5_000;

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  // Explicitly chunked: the Node adapter then sends the headers at once instead of reading ahead
  // into the body, so a client sees the response start before the first token is due.
  'transfer-encoding': 'chunked',
};

export function createSimApp(options: SimOptions): Hono {
  const faults = new FaultBook();
  const ledger = new StreamLedger();
  const requests = new RequestLedger();
  const startedAt = Math.floor(Date.now() / 1000);
  const app = new Hono();

  app.get('/v1/models', (c) => c.json(modelListObject(startedAt)));

  app.post('/v1/chat/completions', async (c) => {
    const body = await readJson(c.req.raw);
    const parsed = chatRequestSchema.safeParse(body);
    if (!parsed.success) {
      const param = parsed.error.issues[0]?.path.join('.') || null;
      return jsonResponse(400, errorBody(400, z.prettifyError(parsed.error), param));
    }
    const request = parsed.data;
    const directives = parseDirectives(allUserText(request.messages));
    if (!directives.ok) return jsonResponse(400, errorBody(400, directives.message));

    const streamed = request.stream === true;
    const prompt = directives.directives;
    const served = servedRequest(request, body, prompt?.key);
    const refusal = parameterRefusal(body);
    if (refusal) {
      requests.add({ ...served, status: 400 });
      return jsonResponse(400, refusal);
    }
    const fault = faults.decide(streamed, prompt?.fault && { key: prompt.key, spec: prompt.fault });
    const tokensPerSec = prompt?.tps ?? options.tokensPerSec;
    options.logger?.info({ model: request.model, streamed, tokensPerSec, fault }, 'sim chat completion');
    if (fault?.kind === 'status') {
      requests.add({ ...served, status: fault.status });
      return faultResponse(fault, prompt?.refuse);
    }

    const { tokens, finishReason } = completionTokens(request, prompt);
    const usage = prompt?.usage === 'none' ? undefined : usageOf(request, tokens.length);
    requests.add({ ...served, status: 200, usage: usage && toLedgerUsage(usage) });
    const identity = newCompletionIdentity(request.model);
    const signal = c.req.raw.signal;

    if (streamed) {
      const served = ledger.open(prompt?.key, tokens.length);
      const body = chatCompletionStream({
        identity,
        tokens,
        finishReason,
        tokensPerSec,
        usage: request.stream_options?.include_usage ? usage : undefined,
        fault,
        cutConnection: () => cutSocket(c.env),
        signal,
        onEnd: (end, chunksSent) => ledger.close(served, end, chunksSent),
      });
      return new Response(body, { headers: SSE_HEADERS });
    }

    if (tokensPerSec > 0) {
      await sleep(Math.min(MAX_NON_STREAMED_DELAY_MS, (tokens.length / tokensPerSec) * 1000), signal);
    }
    const completion = completionObject(identity, tokens.join(''), finishReason, usage ?? NO_USAGE);
    return c.json(usage ? completion : { ...completion, usage: undefined });
  });

  app.post('/_sim/faults', async (c) => {
    const parsed = faultSpecSchema.safeParse(await readJson(c.req.raw));
    if (!parsed.success) return jsonResponse(400, errorBody(400, z.prettifyError(parsed.error)));
    const pending = faults.enqueue(parsed.data);
    options.logger?.info({ fault: parsed.data, pending }, 'sim fault queued');
    return c.json({ queued: parsed.data, pending }, 201);
  });

  app.delete('/_sim/faults', (c) => {
    faults.clearQueue();
    return c.json({ pending: 0 });
  });

  app.get('/_sim/stats', (c) => c.json(faults.stats()));

  // Every streamed answer served (the newest 2,000), or those whose directive contains ?key=.
  app.get('/_sim/streams', (c) => c.json({ streams: ledger.list(c.req.query('key')) }));

  // Every chat request, answered or refused (the newest 5,000), or those whose directive contains ?key=.
  app.get('/_sim/requests', (c) => c.json({ requests: requests.list(c.req.query('key')) }));

  app.notFound((c) => jsonResponse(404, errorBody(404, `Unknown route: ${c.req.method} ${c.req.path}`)));
  app.onError((error) => jsonResponse(500, errorBody(500, `Simulator error: ${error.message}`)));

  return app;
}

/** The reply's tokens, truncated by `max_completion_tokens` / `max_tokens` as a real model would be. */
function completionTokens(
  request: ChatRequest,
  directives: PromptDirectives | undefined,
): { tokens: string[]; finishReason: FinishReason } {
  const suggestions = isSuggestionRequest(request.messages);
  const written = suggestions ? writeSuggestions(request) : writeDocument(request);
  const shaped = suggestions
    ? { text: written, cut: false }
    : shapeAnswer(written, directives?.shape, request.messages);
  const tokens = tokenize(hostileAnswer(shaped.text, directives));
  const limit = request.max_completion_tokens ?? request.max_tokens;
  if (limit != null && tokens.length > limit) return { tokens: tokens.slice(0, limit), finishReason: 'length' };
  return { tokens, finishReason: shaped.cut ? 'length' : 'stop' };
}

function usageOf(request: ChatRequest, completionTokens: number): Usage {
  // Roughly what OpenAI counts: the text of each message plus a few tokens of framing per message.
  const promptTokens = request.messages.reduce((sum, message) => sum + 4 + countTokens(messageText(message)), 0);
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
}

function faultResponse(fault: Extract<ActiveFault, { kind: 'status' }>, refuse: 'quota' | undefined): Response {
  const headers: Record<string, string> = {};
  if (fault.status === 429 || fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter ?? 1);
  return jsonResponse(fault.status, faultBody(fault.status, fault.status === 429 ? refuse : undefined), headers);
}

const NO_USAGE: Usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };

const toLedgerUsage = (usage: Usage) => ({
  promptTokens: usage.prompt_tokens,
  completionTokens: usage.completion_tokens,
});

/** What the request ledger keeps of a request, before it is answered. */
function servedRequest(request: ChatRequest, body: unknown, key: string | undefined): ServedRequest {
  const raw = body as Record<string, unknown>;
  return {
    key,
    model: request.model,
    streamed: request.stream === true,
    task: isSuggestionRequest(request.messages) ? 'suggestions' : 'draft',
    maxCompletionTokens: request.max_completion_tokens ?? null,
    temperature: typeof raw.temperature === 'number' ? raw.temperature : null,
    inputChars: request.messages.reduce((sum, message) => sum + messageText(message).length, 0),
    status: 0,
    usage: undefined,
    at: Date.now(),
  };
}

function jsonResponse(status: number, body: object, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** The parsed JSON body, or undefined when it is not JSON (which the schemas then reject). */
async function readJson(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    return undefined;
  }
}

// Under @hono/node-server the Node socket is reachable through `c.env`. Ending it mid-body (after the
// data already written is flushed) gives the client a truncated chunked response: a network error,
// never a clean end. Elsewhere (app.request() in tests) there is no socket and the caller errors the
// body stream instead.
function cutSocket(env: unknown): boolean {
  const socket = (env as Partial<HttpBindings> | undefined)?.incoming?.socket;
  if (!socket || socket.destroyed) return false;
  socket.end(() => socket.destroy());
  return true;
}
