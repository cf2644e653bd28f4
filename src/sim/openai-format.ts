// The OpenAI chat-completions wire format as far as the simulator speaks it: the validated request,
// the response bodies (streamed chunks, whole completions, model list) and the error envelope. Kept
// apart from the HTTP routes so the shapes can be read in one place and checked against the SDK types.
import { z } from 'zod';

const SIM_MODELS = ['gpt-4o-mini', 'sim-legal-1'] as const;

const contentPartSchema = z.object({ type: z.string(), text: z.string().optional() });

const messageSchema = z.object({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: z.union([z.string(), z.array(contentPartSchema), z.null()]).optional(),
});

// Only the fields the simulator acts on are listed; unknown fields (temperature, seed, ...) are
// accepted and ignored, as a real server would accept them.
export const chatRequestSchema = z.object({
  model: z.string().min(1),
  messages: z.array(messageSchema).min(1),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
  max_tokens: z.int().positive().nullish(),
  max_completion_tokens: z.int().positive().nullish(),
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;
export type ChatMessage = z.infer<typeof messageSchema>;
export type FinishReason = 'stop' | 'length';

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** The text of a message, whether its content is a string or an array of content parts. */
export function messageText(message: Pick<ChatMessage, 'content'>): string {
  const { content } = message;
  if (typeof content === 'string') return content;
  if (!content) return '';
  return content.map((part) => part.text ?? '').join('');
}

/** The text of the last `user` message: the one that names the task (the sections to write). */
export function lastUserText(messages: readonly Pick<ChatMessage, 'role' | 'content'>[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.role === 'user') return messageText(message);
  }
  return '';
}

/**
 * The text of every `user` message, in order. Client-supplied text (and so any `[[sim:...]]` directive
 * a test put in a prompt) may sit in an earlier user message than the task: the service sends the
 * client's brief first and the sections to write last.
 */
export function allUserText(messages: readonly Pick<ChatMessage, 'role' | 'content'>[]): string {
  return messages
    .filter((message) => message.role === 'user')
    .map(messageText)
    .join('\n\n');
}

// --- errors ---------------------------------------------------------------------------------------

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export function errorBody(status: number, message: string, param: string | null = null): OpenAIErrorBody {
  const [type, code] = errorKind(status);
  return { error: { message, type, param, code } };
}

// The `type`/`code` pairs the OpenAI API uses, so clients that branch on them see familiar values.
function errorKind(status: number): [type: string, code: string | null] {
  if (status === 401) return ['authentication_error', 'invalid_api_key'];
  if (status === 403) return ['permission_error', null];
  if (status === 404) return ['invalid_request_error', 'not_found'];
  if (status === 429) return ['requests', 'rate_limit_exceeded'];
  if (status >= 500) return ['server_error', null];
  return ['invalid_request_error', null];
}

// --- responses ------------------------------------------------------------------------------------

/** What every chunk and completion of one response shares. */
export interface CompletionIdentity {
  id: string;
  created: number;
  model: string;
}

let completionCounter = 0;

export function newCompletionIdentity(model: string): CompletionIdentity {
  completionCounter += 1;
  const suffix = `${Date.now().toString(36)}${completionCounter.toString(36).padStart(4, '0')}`;
  return { id: `chatcmpl-sim${suffix}`, created: Math.floor(Date.now() / 1000), model };
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes on a host. */
function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

export type ChunkDelta = { role: 'assistant'; content: string } | { content: string } | Record<string, never>;

/**
 * One `chat.completion.chunk`. `sim_sent_at` is the simulator's extension: when the chunk left, so
 * benchmarks can measure how long the service takes to relay it. With `include_usage`, OpenAI sends
 * `usage: null` on every chunk but the last, and so do we.
 */
export function chunkObject(
  identity: CompletionIdentity,
  delta: ChunkDelta,
  finishReason: FinishReason | null,
  includeUsage: boolean,
): object {
  return {
    ...chunkHead(identity),
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(includeUsage ? { usage: null } : {}),
    sim_sent_at: preciseNow(),
  };
}

/** The final chunk requested by `stream_options.include_usage`: no choices, only usage. */
export function usageChunkObject(identity: CompletionIdentity, usage: Usage): object {
  return { ...chunkHead(identity), choices: [], usage, sim_sent_at: preciseNow() };
}

function chunkHead(identity: CompletionIdentity) {
  return {
    id: identity.id,
    object: 'chat.completion.chunk',
    created: identity.created,
    model: identity.model,
    system_fingerprint: 'fp_sim',
  };
}

export function completionObject(
  identity: CompletionIdentity,
  content: string,
  finishReason: FinishReason,
  usage: Usage,
): object {
  return {
    id: identity.id,
    object: 'chat.completion',
    created: identity.created,
    model: identity.model,
    system_fingerprint: 'fp_sim',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: null },
        logprobs: null,
        finish_reason: finishReason,
      },
    ],
    usage,
  };
}

export function modelListObject(createdAt: number): object {
  return {
    object: 'list',
    data: SIM_MODELS.map((id) => ({ id, object: 'model', created: createdAt, owned_by: 'contract-generator-sim' })),
  };
}
