import { databaseFailure, type DatabaseFailure } from '../db/errors.js';
import { sayReason } from '../domain/run-reasons.js';

// Why a run failed, in words fit for an `error` event, the API's `error` field and a webhook callback.
// Internal error text (SQL, parameters, stack traces) never gets there: only the reasons below.

/** The run failed for a reason that retrying the job cannot fix (the provider refused us). */
export class FatalRunError extends Error {
  override name = 'FatalRunError';
}

/** Chunked calls kept failing with no progress: the model cannot write the rest right now. */
export class ChunkedRunError extends Error {
  override name = 'ChunkedRunError';
}

/**
 * A section could not be checkpointed in Postgres. Not a model failure: the text is in hand, so it is
 * retried as a write (without calling the model again) and never counted against the model's budget.
 */
export class StorageError extends Error {
  override name = 'StorageError';
  constructor(
    readonly failure: DatabaseFailure | undefined,
    options: { cause: unknown },
  ) {
    super(
      failure === 'refused'
        ? sayReason('storageRefused')
        : failure === 'unavailable'
          ? sayReason('storageUnavailable')
          : sayReason('storageFailed'),
      options,
    );
  }

  /** Worth another try later (the database is down, or failed unexplained) rather than failing now. */
  get retryable(): boolean {
    return this.failure !== 'refused';
  }
}

/** The reason a failed generation shows: the message of our own failures, a fixed phrase for the rest. */
export function publicReason(error: unknown): string {
  if (error instanceof StorageError || error instanceof FatalRunError || error instanceof ChunkedRunError)
    return error.message;
  const failure = databaseFailure(error);
  if (failure) return new StorageError(failure, { cause: error }).message;
  // BullMQ's own words when a job keeps killing its workers.
  if (error instanceof Error && /stalled more than allowable limit/.test(error.message))
    return sayReason('workersStopping');
  return sayReason('internal');
}
