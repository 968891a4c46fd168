import { BadGatewayError, BadRequestError, ConflictError, NotFoundError, UnprocessableError } from '@collabo/service-kit';

/**
 * The notifications service's error codes: stable strings clients, staff and the delivery log rely on. The API's
 * errors below carry them as problem+json; the delivery outcomes are the `lastErrorCode` of a delivery and the
 * `errorCode` of its attempts.
 */
export const NotificationsErrors = {
  // The API
  deliveryNotFound: 'NOTIFICATIONS.DELIVERY_NOT_FOUND',
  notResendable: 'NOTIFICATIONS.NOT_RESENDABLE',
  noAddress: 'NOTIFICATIONS.NO_ADDRESS',
  deliveryRedacted: 'NOTIFICATIONS.DELIVERY_REDACTED',
  secretLinkUnavailable: 'NOTIFICATIONS.SECRET_LINK_UNAVAILABLE',
  templateNotFound: 'NOTIFICATIONS.TEMPLATE_NOT_FOUND',
  invalidUnsubscribeLink: 'NOTIFICATIONS.INVALID_UNSUBSCRIBE_LINK',
  categoryNotOptional: 'NOTIFICATIONS.CATEGORY_NOT_OPTIONAL',
  // Delivery outcomes: why an email was not written, not sent, or not sent yet
  recipientNotFound: 'NOTIFICATIONS.RECIPIENT_NOT_FOUND',
  unsubscribed: 'NOTIFICATIONS.UNSUBSCRIBED',
  invitationNotPending: 'NOTIFICATIONS.INVITATION_NOT_PENDING',
  registrantLinkUnavailable: 'NOTIFICATIONS.REGISTRANT_LINK_UNAVAILABLE',
  consentLinkUnavailable: 'NOTIFICATIONS.CONSENT_LINK_UNAVAILABLE',
  linkMismatch: 'NOTIFICATIONS.LINK_MISMATCH',
  secretLinkUnresolved: 'NOTIFICATIONS.SECRET_LINK_UNRESOLVED',
  linkOwnerUnavailable: 'NOTIFICATIONS.LINK_OWNER_UNAVAILABLE',
  unbuildable: 'NOTIFICATIONS.UNBUILDABLE',
  senderLostAfterData: 'NOTIFICATIONS.SENDER_LOST_AFTER_DATA',
  senderLostBeforeData: 'NOTIFICATIONS.SENDER_LOST_BEFORE_DATA',
} as const;

export type NotificationsErrorCode = (typeof NotificationsErrors)[keyof typeof NotificationsErrors];

export class DeliveryNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(NotificationsErrors.deliveryNotFound, `No delivery ${id}.`);
  }
}

export class NotResendableError extends ConflictError {
  constructor(status: string) {
    super(NotificationsErrors.notResendable, `A ${status} email cannot be resent; only failed and ambiguous ones can.`, {
      deliveryStatus: status,
    });
  }
}

export class NoAddressError extends ConflictError {
  constructor() {
    super(
      NotificationsErrors.noAddress,
      'This email has no recipient address (the registry did not know the person); it cannot be resent.',
    );
  }
}

export class DeliveryRedactedError extends ConflictError {
  constructor() {
    super(
      NotificationsErrors.deliveryRedacted,
      'This email is past its retention period: its address and content were removed, so it cannot be resent.',
    );
  }
}

export class SecretLinkUnavailableError extends ConflictError {
  constructor() {
    super(
      NotificationsErrors.secretLinkUnavailable,
      'This email was recorded before secret links were masked: its set-password, accept or questionnaire link cannot be issued ' +
        'again, so it cannot be resent. Have its owner send a new one (a new invitation, say).',
    );
  }
}

export class TemplateNotFoundError extends NotFoundError {
  constructor(kind: string) {
    super(NotificationsErrors.templateNotFound, `No template for the kind ${JSON.stringify(kind)}.`);
  }
}

export class InvalidUnsubscribeLinkError extends BadRequestError {
  constructor() {
    super(NotificationsErrors.invalidUnsubscribeLink, 'This unsubscribe link is not valid (altered or incomplete).', [
      { field: 'token', message: 'not a valid unsubscribe token' },
    ]);
  }
}

export class CategoryNotOptionalError extends UnprocessableError {
  constructor(category: string) {
    super(NotificationsErrors.categoryNotOptional, `Emails of the category ${category} are transactional and cannot be switched off.`, [
      { field: 'category', message: 'a transactional category cannot be switched off' },
    ]);
  }
}

/**
 * At send time: the owner of a link answered that it will not hand it out (the invitation is no longer pending,
 * the registration or offer is gone, the registry no longer knows the person of a consent link), or the email holds a link nobody can hand out. The email fails for good
 * with `code` (retrying would get the same answer). Never reaches a client: it becomes the delivery's outcome.
 */
export class LinkRefusedError extends ConflictError {
  constructor(
    code: (typeof NotificationsErrors)[
      'invitationNotPending' | 'registrantLinkUnavailable' | 'consentLinkUnavailable' | 'secretLinkUnavailable'],
    message: string,
  ) {
    super(code, message);
  }
}

/**
 * An owner handed out a link that is not the one the email holds masked (another host, path or parameter): the
 * email is not sent (a permanent failure). The message quotes no link.
 */
export class LinkMismatchError extends BadGatewayError {
  constructor(readonly via: string) {
    super(NotificationsErrors.linkMismatch, `the link answered by ${via} is not the link the email was written with; not sent`);
  }
}

/** The email would still hold a masked link after substitution: it is not sent (a permanent failure). */
export class UnresolvedLinkError extends UnprocessableError {
  constructor() {
    super(NotificationsErrors.secretLinkUnresolved, 'the email still holds a masked link that nobody can resolve; not sent');
  }
}

/** A value of an email (an address, a link, an attachment's name) that cannot be written safely in its MIME message: not sent. */
export class UnbuildableMessageError extends UnprocessableError {
  constructor(what: string) {
    super(NotificationsErrors.unbuildable, what);
  }
}
