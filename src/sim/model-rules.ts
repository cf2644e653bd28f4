// What a hosted model refuses, and how a provider words its errors, as far as the simulator mimics
// them. Reasoning models (OpenAI's o-series and the gpt-5 family) refuse `temperature` and want
// `max_completion_tokens` instead of `max_tokens`, with a 400 naming the parameter; a model name
// decides it, so a test selects one with OPENAI_MODEL. A provider's error text quotes what it knows
// (a masked key, a project id, a fine-tuned model's name): the service must never show it to viewers.
import { errorBody, type OpenAIErrorBody } from './openai-format.js';

/** Model names answered like a reasoning model: `o1`, `o3-mini`, `o4-mini`, `gpt-5`, `gpt-5-mini`… */
function isReasoningModel(model: string): boolean {
  return /^(o\d|gpt-5)/i.test(model);
}

/** The 400 a reasoning model answers to a parameter it does not take; undefined when it takes them all. */
export function parameterRefusal(body: unknown): OpenAIErrorBody | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const request = body as Record<string, unknown>;
  if (typeof request.model !== 'string' || !isReasoningModel(request.model)) return undefined;
  if (request.temperature != null)
    return unsupported('temperature', "Unsupported parameter: 'temperature' is not supported with this model.");
  if (request.max_tokens != null)
    return unsupported(
      'max_tokens',
      "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
    );
  return undefined;
}

function unsupported(param: string, message: string): OpenAIErrorBody {
  const body = errorBody(400, message, param);
  return { error: { ...body.error, code: 'unsupported_parameter' } };
}

/** A provider's own words for a status, with the details a real one quotes (none of them real). */
const PROVIDER_TEXT: Readonly<Record<number, string>> = {
  401: 'Incorrect API key provided: sk-proj-Ab12**************************WXYZ. You can find your API key at https://platform.openai.com/account/api-keys.',
  403: 'Project `proj_Zx81Kq0LmN3vT` does not have access to model `gpt-4o-mini`.',
  404: 'The model `ft:gpt-4o-mini:acme-legal:contracts-v2:9XyZq` does not exist or you do not have access to it.',
  429: 'Rate limit reached for gpt-4o-mini in organization org-Qm4Hw2Lp on requests per min (RPM): Limit 500, Used 500, Requested 1.',
};

/** The error body of a simulated fault, worded as the provider would. */
export function faultBody(status: number, refusal: 'quota' | undefined): OpenAIErrorBody {
  if (refusal === 'quota') {
    const body = errorBody(
      429,
      'You exceeded your current quota, please check your plan and billing details (org-Qm4Hw2Lp).',
    );
    return { error: { ...body.error, type: 'insufficient_quota', code: 'insufficient_quota' } };
  }
  const text = PROVIDER_TEXT[status] ?? `The server had an error while processing your request (req_8c1f${status}e2a).`;
  return errorBody(status, text);
}
