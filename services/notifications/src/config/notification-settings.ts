import { Inject, Injectable } from '@nestjs/common';
import { KIT_ENV, LOGGER } from '@collabo/service-kit';
import type { Logger } from 'pino';
import {
  DEVELOPMENT_UNSUBSCRIBE_SECRET,
  NOTIFICATIONS_ENV_DEFAULTS,
  SIGNATURE_VARIABLES,
  type NotificationsEnv,
} from './notifications-env.js';
import { parseBackoff } from '../mail/smtp-outcome.js';
import type { Signature } from '../templates/template-types.js';

/** The environment, read once into the shapes the parts of the service use. */
@Injectable()
export class NotificationSettings {
  readonly signature: Signature;
  readonly from: { name: string; address: string };
  readonly messageIdDomain: string;
  readonly publicBaseUrl: string;
  readonly consentWithdrawalUrl: string;
  readonly unsubscribeSecret: string;
  readonly backoffMs: number[];

  constructor(
    @Inject(KIT_ENV) readonly env: NotificationsEnv,
    @Inject(LOGGER) logger: Logger,
  ) {
    if (env.UNSUBSCRIBE_SECRET === DEVELOPMENT_UNSUBSCRIBE_SECRET) {
      logger.warn('UNSUBSCRIBE_SECRET is the development placeholder: anyone can forge unsubscribe links; set a secret of your own');
    }
    const defaultSignature = SIGNATURE_VARIABLES.filter((name) => env[name] === NOTIFICATIONS_ENV_DEFAULTS[name]);
    if (env.NODE_ENV === 'production' && defaultSignature.some((name) => name === 'SIGNATURE_PHONE' || name === 'SIGNATURE_EMAIL')) {
      logger.warn(
        { variables: defaultSignature },
        'the email signature still shows the built-in contact details of the sample foundation; set SIGNATURE_PHONE and SIGNATURE_EMAIL',
      );
    }
    this.signature = {
      organization: { ja: env.SIGNATURE_ORGANIZATION_JA, en: env.SIGNATURE_ORGANIZATION_EN },
      department: { ja: env.SIGNATURE_DEPARTMENT_JA, en: env.SIGNATURE_DEPARTMENT_EN },
      person: { ja: env.SIGNATURE_PERSON_JA, en: env.SIGNATURE_PERSON_EN },
      phone: env.SIGNATURE_PHONE,
      email: env.SIGNATURE_EMAIL,
    };
    this.from = { name: env.MAIL_FROM_NAME, address: env.MAIL_FROM_ADDRESS };
    this.messageIdDomain = env.MESSAGE_ID_DOMAIN;
    this.publicBaseUrl = env.PUBLIC_BASE_URL;
    this.consentWithdrawalUrl = env.CONSENT_WITHDRAWAL_URL;
    if (env.NODE_ENV === 'production' && env.CONSENT_WITHDRAWAL_URL === NOTIFICATIONS_ENV_DEFAULTS['CONSENT_WITHDRAWAL_URL']) {
      logger.warn(
        'CONSENT_WITHDRAWAL_URL is the development default; set the registry’s CONSENT_WITHDRAWAL_URL, or optional emails to registry people fail (NOTIFICATIONS.LINK_MISMATCH)',
      );
    }
    this.unsubscribeSecret = env.UNSUBSCRIBE_SECRET;
    this.backoffMs = parseBackoff(env.SEND_BACKOFF_MS);
  }
}
