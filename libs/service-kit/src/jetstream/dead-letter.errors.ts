import { ConflictError, KitErrors, NotFoundError } from '../errors/app-error.js';

/** No dead letter with this id (404 `COMMON.DEAD_LETTER_NOT_FOUND`). */
export class DeadLetterNotFoundError extends NotFoundError {
  constructor(readonly id: string) {
    super(KitErrors.deadLetterNotFound, `No dead letter ${id}.`);
  }
}

/**
 * The dead letter outlived the payload retention: only its metadata is left, there is nothing to run again
 * (409 `COMMON.DEAD_LETTER_REDACTED`; it can still be dismissed).
 */
export class DeadLetterRedactedError extends ConflictError {
  constructor(
    readonly id: string,
    readonly redactedAt: Date | null,
  ) {
    super(
      KitErrors.deadLetterRedacted,
      `Dead letter ${id} kept its metadata only (its payload was dropped after the retention period${
        redactedAt ? `, ${redactedAt.toISOString()}` : ''
      }); it cannot be retried, only dismissed.`,
    );
  }
}

/**
 * The dead letter was parked by a consumer this service does not run (any more): its durable name was changed
 * or the consumer removed (409 `COMMON.DEAD_LETTER_CONSUMER_UNKNOWN`; it can still be dismissed).
 */
export class DeadLetterConsumerUnknownError extends ConflictError {
  constructor(
    readonly id: string,
    readonly consumer: string,
  ) {
    super(
      KitErrors.deadLetterConsumerUnknown,
      `Dead letter ${id} belongs to consumer ${consumer}, which this service does not run; it cannot be retried, only dismissed.`,
      { consumer },
    );
  }
}
