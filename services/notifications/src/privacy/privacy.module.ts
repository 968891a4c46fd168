import { Module } from '@nestjs/common';
import { retentionReportController } from '@collabo/service-kit';
import { RecipientsModule } from '../recipients/recipients.module.js';
import { AnswerPrivacyRequest } from './answer-privacy-request.handler.js';
import { NotificationsRetentionJob } from './retention.job.js';

/** Issue #20 in the notifications service: answers to privacy requests, cessation of optional emails, retention. */
@Module({
  imports: [RecipientsModule],
  controllers: [retentionReportController('notifications', NotificationsRetentionJob)],
  providers: [AnswerPrivacyRequest, NotificationsRetentionJob],
})
export class PrivacyModule {}
