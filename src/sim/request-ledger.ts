// Every chat request the simulator was sent, answered or refused: what a test counts model calls and
// checks request parameters with (`GET /_sim/requests?key=`), as an operator reads a provider's usage
// page. A test makes its requests findable with a unique directive (`[[sim:id=…]]`).

export interface ServedRequest {
  /** The request's directive text (`[[sim:…]]`), or undefined without one. */
  key: string | undefined;
  model: string;
  streamed: boolean;
  /** `draft` (sections to write) or `suggestions` (a review). */
  task: 'draft' | 'suggestions';
  /** The request's `max_completion_tokens` and `temperature`, as sent (null when absent). */
  maxCompletionTokens: number | null;
  temperature: number | null;
  /** Characters of every message's text. */
  inputChars: number;
  /** The HTTP status answered: 200, or the fault's or refusal's. */
  status: number;
  /** The usage reported (undefined when refused, or when `usage=none`). */
  usage: { promptTokens: number; completionTokens: number } | undefined;
  at: number;
}

const KEPT = 5_000;

export class RequestLedger {
  #requests: ServedRequest[] = [];

  add(request: ServedRequest): void {
    this.#requests.push(request);
    if (this.#requests.length > KEPT) this.#requests.shift();
  }

  /** The requests whose key contains `key` (all of them without one), oldest first. */
  list(key?: string): ServedRequest[] {
    return structuredClone(this.#requests.filter((r) => key === undefined || (r.key ?? '').includes(key)));
  }
}
