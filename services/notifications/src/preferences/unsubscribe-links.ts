import { Injectable } from '@nestjs/common';
import { maskSecretUrl } from '@collabo/contracts';
import { NotificationSettings } from '../config/notification-settings.js';
import { isTransactional } from '../rules/categories.js';
import { signUnsubscribe, unsubscribeUrl, type UnsubscribeClaim } from './unsubscribe-token.js';

/** A stand-in token for the masked link (masking replaces whatever token the link holds). */
const MASK_ONLY = 'masked';

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
    // The masked form does not depend on the token: no signature is computed for it (one HMAC less per email).
    return isTransactional(claim.category) ? null : maskSecretUrl(unsubscribeUrl(this.settings.publicBaseUrl, MASK_ONLY));
  }
}
