import OpenAI from 'openai';
import type { ChatMessage } from '../domain/templates.js';

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface StreamEnd {
  /** `stop` when the model finished; `length` when cut by a token limit; undefined when the stream just ended. */
  finishReason: string | undefined;
  usage?: LlmUsage;
}

/** What one call may spend, beyond the client's own settings. */
export interface CallLimits {
  /** Output-token limit of this call (lower than OPENAI_MAX_OUTPUT_TOKENS when a budget is nearly spent). */
  maxOutputTokens?: number;
}

export interface LlmClient {
  /** Streams the completion's text deltas; `signal` stops the call. */
  stream(messages: readonly ChatMessage[], signal: AbortSignal, limits?: CallLimits): AsyncGenerator<string, StreamEnd>;
  /** One non-streamed completion (chunked mode). */
  complete(
    messages: readonly ChatMessage[],
    signal: AbortSignal,
    limits?: CallLimits,
  ): Promise<{ text: string; usage?: LlmUsage; finishReason?: string | undefined }>;
}

export interface LlmClientOptions {
  apiKey: string | undefined;
  baseURL: string | undefined;
  model: string;
  timeoutMs: number;
  /** Sent only when set (OPENAI_TEMPERATURE): reasoning models refuse the parameter altogether. */
  temperature?: number | undefined;
  /** `max_completion_tokens` of every call (OPENAI_MAX_OUTPUT_TOKENS): reasoning models refuse `max_tokens`. */
  maxOutputTokens: number;
}

/**
 * Chat completions through the official openai SDK, against OpenAI or any compatible server (the
 * simulator when no key is set). Retries are ours (src/worker/generation-run.ts), so the SDK's are off.
 * Every call carries an output-token limit; `temperature` only when the operator set one.
 */
export function createLlmClient(options: LlmClientOptions): LlmClient {
  const client = new OpenAI({
    apiKey: options.apiKey ?? 'simulated',
    baseURL: options.baseURL,
    maxRetries: 0,
    timeout: options.timeoutMs,
  });
  const toUsage = (usage: OpenAI.CompletionUsage | null | undefined): LlmUsage | undefined =>
    usage ? { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens } : undefined;
  const parameters = (messages: readonly ChatMessage[], limits: CallLimits | undefined) => ({
    model: options.model,
    messages: [...messages],
    max_completion_tokens: Math.min(options.maxOutputTokens, limits?.maxOutputTokens ?? Infinity),
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
  });

  return {
    async *stream(messages, signal, limits) {
      const stream = await client.chat.completions.create(
        { ...parameters(messages, limits), stream: true, stream_options: { include_usage: true } },
        { signal },
      );
      const end: StreamEnd = { finishReason: undefined };
      for await (const chunk of stream) {
        const choice = chunk.choices[0];
        if (choice?.delta?.content) yield choice.delta.content;
        if (choice?.finish_reason) end.finishReason = choice.finish_reason;
        if (chunk.usage) end.usage = toUsage(chunk.usage);
      }
      return end;
    },
    async complete(messages, signal, limits) {
      const response = await client.chat.completions.create(parameters(messages, limits), { signal });
      const choice = response.choices[0];
      return {
        text: choice?.message?.content ?? '',
        usage: toUsage(response.usage),
        finishReason: choice?.finish_reason ?? undefined,
      };
    },
  };
}
