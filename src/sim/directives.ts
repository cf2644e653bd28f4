// Prompt directives: `[[sim:key=value;key=value]]` anywhere in a user message switches the simulator's
// behaviour for that request. They travel inside the prompt so a test can steer the model through the
// real service, which forwards the client's text (in its first user message, before the task) but
// knows nothing about the simulator.
//
// Grammar: `[[sim:` pairs `]]`, pairs separated by `;`, each `key=value`, surrounding spaces ignored.
// Several directives in one message merge (later keys win). Keys:
//   cut=N  stall=N  status=CODE  retryAfter=S  times=K   the fault (see faults.ts)
//   tps=T       pacing for this request, tokens per second (0 = as fast as possible)
//   inject=xss  the document carries HTML/markdown injection payloads in its prose
//   inject=control  its prose carries NUL and other C0 control characters (text storage cannot hold)
//   inject=unicode  its prose carries unpaired surrogates, noncharacters, bidi overrides, a BOM, DEL,
//               NEL and line separators (what the text policy drops), beside ZWJ and ZWNJ (kept)
//   extra=N     write N sections past the last one asked for (a model that runs on)
//   format=rich every section has a `###` sub-heading and a bulleted list whose items open in bold
//   suggest=malformed  a suggestion reply mixes in lines the service must drop (suggestion-writer.ts)
//   suggest=array|fenced|object  a suggestion reply as a JSON array, a fenced ```json array, or {"suggestions": […]}
//   usage=none  the answer reports no token usage (as some compatible servers do)
//   headings=none  the document comes without any heading line (an answer with no structure)
//   bloat=N     the first section runs on for N more characters under a 20,000-character title
//   refuse=quota  with status=429: the provider's quota is spent (`insufficient_quota`), not a rate limit
//   shape=A+B   the answer in the shapes real models use (answer-shapes.ts): a heading style (h1, h3,
//               bold, bold-title, no-dot, paren, article, article-plain, section, art, title-only,
//               roman, setext, run-in, html, …)
//               and what is done to the whole (skip, unasked, shuffled, preamble, closing, notes,
//               fenced, cut, restart)
//   id=TEXT     no effect but to make the directive string, and so its `times` counter, unique
import { z } from 'zod';
import { faultFields, type FaultSpec } from './faults.js';
import { ANSWER_SHAPES } from './answer-shapes.js';

/** What `inject=` may put into a document's prose (src/sim/phrase-banks.ts). */
const INJECTIONS = ['xss', 'control', 'unicode'] as const;
export type Injection = (typeof INJECTIONS)[number];

const DIRECTIVE_PATTERN = /\[\[sim:([^\]]*)\]\]/g;
const NUMERIC_KEYS = new Set(['cut', 'stall', 'status', 'retryAfter', 'times', 'tps', 'extra', 'bloat']);

const directiveSchema = z.strictObject({
  ...faultFields,
  tps: z.number().min(0).optional(),
  inject: z.enum(INJECTIONS).optional(),
  extra: z.int().min(0).max(20).optional(),
  format: z.enum(['rich']).optional(),
  suggest: z.enum(['malformed', 'array', 'fenced', 'object']).optional(),
  usage: z.enum(['none']).optional(),
  headings: z.enum(['none']).optional(),
  bloat: z.int().min(0).max(5_000_000).optional(),
  refuse: z.enum(['quota']).optional(),
  shape: z
    .string()
    .transform((value) => value.split('+').map((part) => part.trim()))
    .pipe(z.array(z.enum(ANSWER_SHAPES as [string, ...string[]])))
    .optional(),
  id: z.string().optional(),
});

export interface PromptDirectives {
  /** The directive text as written (several joined by `;`): the key of its `times` counter. */
  key: string;
  /** The fault part; undefined when the directive sets no cut, stall or status. */
  fault: FaultSpec | undefined;
  tps: number | undefined;
  inject: Injection | undefined;
  /** Sections written past the last one asked for. */
  extra: number | undefined;
  /** 'rich': more Markdown in every section (a sub-heading, a list with bold openings). */
  format: 'rich' | undefined;
  /** How a suggestion reply comes: 'malformed' mixes in invalid lines; the others are JSON shapes (default: lines). */
  suggest: 'malformed' | 'array' | 'fenced' | 'object' | undefined;
  /** 'none': no usage in the answer. */
  usage: 'none' | undefined;
  /** 'none': no heading lines in the document. */
  headings: 'none' | undefined;
  /** Characters the first section runs on for (under an overlong title). */
  bloat: number | undefined;
  /** 'quota': a 429 fault is the provider's quota spent. */
  refuse: 'quota' | undefined;
  /** The shapes the answer comes in (answer-shapes.ts). */
  shape: string[] | undefined;
}

export type DirectiveParse = { ok: true; directives: PromptDirectives | undefined } | { ok: false; message: string };

export function parseDirectives(text: string): DirectiveParse {
  const bodies = [...text.matchAll(DIRECTIVE_PATTERN)].map((match) => (match[1] ?? '').trim());
  if (bodies.length === 0) return { ok: true, directives: undefined };

  const fields: Record<string, unknown> = {};
  for (const pair of bodies.flatMap((body) => body.split(';'))) {
    const trimmed = pair.trim();
    if (trimmed === '') continue;
    const eq = trimmed.indexOf('=');
    if (eq <= 0) return { ok: false, message: `sim directive part "${trimmed}" is not key=value` };
    const key = trimmed.slice(0, eq).trim();
    const value = trimmed.slice(eq + 1).trim();
    fields[key] = NUMERIC_KEYS.has(key) ? toNumber(value) : value;
  }

  const parsed = directiveSchema.safeParse(fields);
  if (!parsed.success) return { ok: false, message: `invalid sim directive: ${z.prettifyError(parsed.error)}` };
  const { tps, inject, extra, format, suggest, usage, headings, bloat, refuse, shape, id: _id, ...spec } = parsed.data;
  const hasFault = spec.cut !== undefined || spec.stall !== undefined || spec.status !== undefined;
  return {
    ok: true,
    directives: {
      key: bodies.join(';'),
      fault: hasFault ? spec : undefined,
      ...{ tps, inject, extra, format, suggest, usage, headings, bloat, refuse, shape },
    },
  };
}

/** The text without its directives, so they never leak into (or seed) the written document. */
export function stripDirectives(text: string): string {
  return text.replace(DIRECTIVE_PATTERN, '');
}

// Strict decimal only: Number('') is 0 and Number('1e3') is 1000, neither of which a test means.
function toNumber(value: string): number {
  return /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
}
