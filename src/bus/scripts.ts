import { readFileSync } from 'node:fs';
import { EVENT_TYPES } from '../domain/events.js';
import { FencedError } from './fenced-error.js';

// The Lua scripts run inside Redis (src/bus/lua/, one per file, each with a header naming its keys,
// arguments and result). Each is one round trip and atomic, which is what makes seq contiguous and
// the fencing check race-free whatever number of writers there are.
//
// A generation's log is three keys (src/bus/keys.ts): `head`, a hash of the writer's fencing token
// (`fence`), the newest seq (`seq`), the section started but not yet ended (`open`, 0 for none) and
// the compaction's marks; `frames`, the ready SSE frames of every event, one string; and `offsets`, a
// sparse index of where the frame of every OFFSET_STRIDE-th seq ends in that string (4 bytes each).
// An append then costs five commands (the script call, one HMGET, one APPEND, one HSET, one PUBLISH),
// plus a SETRANGE once every OFFSET_STRIDE events, which keeps Redis work per token low
// (docs/BENCHMARKS.md). A log at rest whose history outgrew its document is compacted (compact.lua):
// its size follows the document.
//
// The scripts name no event and no constant of their own: `{{EVENT_<type>}}` is replaced by an event
// name of src/domain/events.ts (a name that is not one fails at load), `{{OFFSET_STRIDE}}`,
// `{{FENCED}}` and `{{PUBLISH}}` by the values below.

/** The index of `frames` keeps the end of every seq that is a multiple of this. */
export const OFFSET_STRIDE = 16;

/** The error reply's word for a writer whose fencing token is not the log's (then the current token). */
const FENCED = 'FENCED';

const EVENT_PLACEHOLDERS = Object.fromEntries(EVENT_TYPES.map((type) => [`EVENT_${type}`, type]));

/** A script's text with its placeholders filled in; frame.lua goes first where frames are written. */
function load(name: string, values: Record<string, string | number> = {}, withFrame = false): string {
  const read = (file: string) => readFileSync(new URL(`./lua/${file}.lua`, import.meta.url), 'utf8');
  const all: Record<string, string | number> = { ...EVENT_PLACEHOLDERS, OFFSET_STRIDE, FENCED, ...values };
  const text = (withFrame ? read('frame') : '') + read(name);
  return text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = all[key];
    if (value === undefined) throw new Error(`${name}.lua: nothing to put in {{${key}}}`);
    return String(value);
  });
}

/** append.lua, publishing with PUBLISH on one node and SPUBLISH on a cluster. */
export const appendScript = (publish: 'PUBLISH' | 'SPUBLISH') => load('append', { PUBLISH: publish }, true);
export const COMPACT_SCRIPT = load('compact', {}, true);
export const CLAIM_SCRIPT = load('claim');
export const READ_FRAMES_SCRIPT = load('read-frames');

/**
 * The scripts' error replies, turned into typed errors here and nowhere else (`error` is what ioredis
 * threw for the reply). Anything that is not one of ours is returned as it was.
 */
export function scriptError(generationId: string, error: unknown): unknown {
  const message = error instanceof Error ? error.message : '';
  const fenced = new RegExp(`^${FENCED} (\\d+)`).exec(message);
  if (fenced) return new FencedError(generationId, Number(fenced[1]));
  return error;
}
