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

export interface LlmClient {
  /** Streams the completion's text deltas; `signal` stops the call. */
  stream(messages: readonly ChatMessage[], signal: AbortSignal): AsyncGenerator<string, StreamEnd>;
  /** One non-streamed completion (chunked mode). */
  complete(messages: readonly ChatMessage[], signal: AbortSignal): Promise<{ text: string; usage?: LlmUsage }>;
}

export interface LlmClientOptions {
  apiKey: string | undefined;
  baseURL: string | undefined;
  model: string;
  timeoutMs: number;
}

/**
 * Chat completions through the official openai SDK, against OpenAI or any compatible server (the
 * simulator when no key is set). Retries are ours (src/worker/generation-run.ts), so the SDK's are off.
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

  return {
    async *stream(messages, signal) {
      const stream = await client.chat.completions.create(
        {
          model: options.model,
          messages: [...messages],
          stream: true,
          stream_options: { include_usage: true },
          temperature: 0.3,
        },
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
    async complete(messages, signal) {
      const response = await client.chat.completions.create(
        { model: options.model, messages: [...messages], temperature: 0.3 },
        { signal },
      );
      return { text: response.choices[0]?.message?.content ?? '', usage: toUsage(response.usage) };
    },
  };
}
