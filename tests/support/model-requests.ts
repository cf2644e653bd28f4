import { getJson } from './stack.js';

// What the simulator was asked, request by request (src/sim/request-ledger.ts): where a test counts
// model calls, as an operator reads a provider's usage page.

export interface ServedRequest {
  key: string;
  model: string;
  status: number;
  streamed: boolean;
  task: 'draft' | 'suggestions';
  maxCompletionTokens: number | null;
  temperature: number | null;
  inputChars: number;
  usage?: { promptTokens: number; completionTokens: number };
}

/** The model requests whose directive holds `key` (`[[sim:…;id=key]]`), oldest first. */
export async function servedRequests(simUrl: string, key: string): Promise<ServedRequest[]> {
  return (await getJson(`${simUrl}/_sim/requests?key=${encodeURIComponent(key)}`)).body.requests;
}
