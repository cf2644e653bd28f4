// Redis names of one generation. Every key carries the same hash tag `{id}` so the append script,
// which touches all of them, runs on Redis Cluster too.

export interface GenerationKeys {
  seq: string;
  fence: string;
  state: string;
  /** The ready SSE frames of the whole log, one string, and where each seq's frame ends in it. */
  frames: string;
  offsets: string;
  channel: string;
}

export function generationKeys(prefix: string, id: string): GenerationKeys {
  const base = `${prefix}:gen:{${id}}`;
  return {
    seq: `${base}:seq`,
    fence: `${base}:fence`,
    state: `${base}:state`,
    frames: `${base}:frames`,
    offsets: `${base}:offsets`,
    channel: `${base}:events`,
  };
}

/** The generation id inside a channel name made by `generationKeys`. */
export function idFromChannel(channel: string): string | undefined {
  const open = channel.indexOf('{');
  const close = channel.indexOf('}', open);
  return open >= 0 && close > open ? channel.slice(open + 1, close) : undefined;
}

/** Channel on which API processes tell workers to stop a generation they hold. */
export const controlChannel = (prefix: string) => `${prefix}:control`;
