import { Module } from '@nestjs/common';
import { NotificationSettings } from '../config/notification-settings.js';
import { RateLimiter } from './rate-limiter.js';
import { SmtpSender } from './smtp-sender.js';

/** The SMTP side of delivery, from the environment: the sender (sessions to SMTP_URL) and the send-rate limiter. */
@Module({
  providers: [
    {
      provide: SmtpSender,
      inject: [NotificationSettings],
      useFactory: ({ env }: NotificationSettings) =>
        new SmtpSender(env.SMTP_URL, env.SEND_TIMEOUT_MS, { maxMessages: env.SMTP_SESSION_MAX_MESSAGES, idleMs: env.SMTP_SESSION_IDLE_MS }),
    },
    {
      provide: RateLimiter,
      inject: [NotificationSettings],
      useFactory: ({ env }: NotificationSettings) => new RateLimiter(env.SMTP_RATE_PER_SECOND),
    },
  ],
  exports: [SmtpSender, RateLimiter],
})
export class MailModule {}
