import { Module } from '@nestjs/common';
import { retentionReportController } from '@collabo/service-kit';
import { AnswerPrivacyRequest } from './answer-privacy-request.handler.js';
import { NotificationsRetentionJob } from './retention.job.js';

/** Issue #20 in the notifications service: answers to privacy requests, cessation of optional emails, retention. */
@Module({
  controllers: [retentionReportController('notifications', NotificationsRetentionJob)],
  providers: [AnswerPrivacyRequest, NotificationsRetentionJob],
})
export class PrivacyModule {}
