import type { Budget } from '../domain/model-calls.js';
import { sayReason } from '../domain/run-reasons.js';

// The typed refusals of a call before it reaches the provider: a budget spent (final for the run,
// in words a user understands) or the owner's per-minute limit (the call waits, as for a provider's 429).

/** A run's (or an owner's) budget is spent: the call is not made, and retrying cannot help. */
export class ModelBudgetExceeded extends Error {
  override name = 'ModelBudgetExceeded';
  constructor(
    readonly budget: Budget,
    message: string,
  ) {
    super(message);
  }
}

/** The owner's per-minute model calls are spent: the call may be made after `retryAfterMs`. */
export class OwnerCallsPaced extends Error {
  override name = 'OwnerCallsPaced';
  constructor(readonly retryAfterMs: number) {
    super(sayReason('callsPaced'));
  }
}
