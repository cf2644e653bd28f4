// The typed errors of a writer that may no longer write a generation's log (src/bus/scripts.ts turns
// the scripts' error replies into them).

/** A writer whose fencing token is no longer the current one: it lost the generation. */
export class FencedError extends Error {
  override name = 'FencedError';
  /**
   * `currentToken` when the refusal said which writer holds the generation now (the append script
   * does); a refused Postgres write only knows that it is not this one.
   */
  constructor(
    readonly generationId: string,
    readonly currentToken?: number,
  ) {
    const holder = currentToken === undefined ? 'another writer holds it' : `current token ${currentToken}`;
    super(`generation ${generationId}: writer fenced out (${holder})`);
  }
}

/**
 * The log holds fewer events than this writer appended: Redis lost its newest writes (a failover
 * that dropped them, a restore from an older snapshot). Appending on would reuse seqs viewers have
 * seen, so the writer stops as if fenced out, and the log is discarded to be rebuilt by the next
 * holder (its claim then finds no log and starts past every seq reserved in Postgres).
 */
export class LogRolledBackError extends FencedError {
  override name = 'LogRolledBackError';
  constructor(
    generationId: string,
    readonly logSeq: number,
    readonly writerSeq: number,
  ) {
    super(generationId);
    this.message = `generation ${generationId}: the log is at seq ${logSeq}, behind the ${writerSeq} this writer appended`;
  }
}
