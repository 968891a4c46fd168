import { AppError, ConflictError, NotFoundError, UnprocessableError } from '@collabo/service-kit';

/** The service's errors, with stable `NOTIFICATIONS.*` codes. */
export class DeliveryNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('NOTIFICATIONS.DELIVERY_NOT_FOUND', `No delivery ${id}.`);
  }
}

export class NotResendableError extends ConflictError {
  constructor(status: string) {
    super('NOTIFICATIONS.NOT_RESENDABLE', `A ${status} email cannot be resent; only failed and ambiguous ones can.`, {
      deliveryStatus: status,
    });
  }
}

export class NoAddressError extends ConflictError {
  constructor() {
    super('NOTIFICATIONS.NO_ADDRESS', 'This email has no recipient address (the registry did not know the person); it cannot be resent.');
  }
}

export class DeliveryRedactedError extends ConflictError {
  constructor() {
    super(
      'NOTIFICATIONS.DELIVERY_REDACTED',
      'This email is past its retention period: its address and content were removed, so it cannot be resent.',
    );
  }
}

export class SecretLinkUnavailableError extends ConflictError {
  constructor() {
    super(
      'NOTIFICATIONS.SECRET_LINK_UNAVAILABLE',
      'This email was recorded before secret links were masked: its set-password, accept or questionnaire link cannot be issued ' +
        'again, so it cannot be resent. Have its owner send a new one (a new invitation, say).',
    );
  }
}

export class TemplateNotFoundError extends NotFoundError {
  constructor(kind: string) {
    super('NOTIFICATIONS.TEMPLATE_NOT_FOUND', `No template for the kind ${JSON.stringify(kind)}.`);
  }
}

export class InvalidUnsubscribeLinkError extends AppError {
  constructor() {
    super('NOTIFICATIONS.INVALID_UNSUBSCRIBE_LINK', 'This unsubscribe link is not valid (altered or incomplete).', 400, [
      { field: 'token', message: 'not a valid unsubscribe token' },
    ]);
  }
}

export class CategoryNotOptionalError extends UnprocessableError {
  constructor(category: string) {
    super('NOTIFICATIONS.CATEGORY_NOT_OPTIONAL', `Emails of the category ${category} are transactional and cannot be switched off.`, [
      { field: 'category', message: 'a transactional category cannot be switched off' },
    ]);
  }
}
