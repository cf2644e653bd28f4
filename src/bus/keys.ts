// Redis names of one generation. Every key carries the same hash tag `{id}` so the append script,
// which touches all of them, runs on Redis Cluster too.

export interface GenerationKeys {
  /** A hash: the writer's fencing token, the newest seq and the open section (src/bus/scripts.ts). */
  head: string;
  /** The ready SSE frames of the whole log, one string, and a sparse index of where seqs end in it. */
  frames: string;
  offsets: string;
  channel: string;
}

export function generationKeys(prefix: string, id: string): GenerationKeys {
  const base = `${prefix}:gen:{${id}}`;
  return {
    head: `${base}:head`,
    frames: `${base}:frames`,
    offsets: `${base}:offsets`,
    channel: `${base}:events`,
  };
}

/** Every key that holds a generation's log (what losing Redis's data loses). */
export const logKeys = (k: GenerationKeys): string[] => [k.head, k.frames, k.offsets];

/** Channel on which API processes tell workers to stop a generation they hold. */
export const controlChannel = (prefix: string) => `${prefix}:control`;
