import { Injectable } from '@nestjs/common';
import { maskSecretUrl } from '@collabo/contracts';
import { NotificationSettings } from '../config/notification-settings.js';
import { isTransactional } from '../rules/categories.js';
import { signUnsubscribe, unsubscribeUrl, type UnsubscribeClaim } from './unsubscribe-token.js';

/**
 * The one place an email's unsubscribe link is assembled (PUBLIC_BASE_URL, the signed claim, UNSUBSCRIBE_SECRET):
 * masked for what is stored and shown (intake, previews), real only for the message on the SMTP wire (the worker).
 */
@Injectable()
export class UnsubscribeLinks {
  constructor(private readonly settings: NotificationSettings) {}

  /** The working link for (recipient, category): only for the MIME message handed to SMTP. */
  real(claim: UnsubscribeClaim): string {
    return unsubscribeUrl(this.settings.publicBaseUrl, signUnsubscribe(this.settings.unsubscribeSecret, claim));
  }

  /** The link as stored and shown (`?token=•••`), or null for a transactional category (nobody can switch it off). */
  maskedFor(claim: UnsubscribeClaim): string | null {
    return isTransactional(claim.category) ? null : maskSecretUrl(this.real(claim));
  }
}
