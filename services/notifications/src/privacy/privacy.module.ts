import { Module } from '@nestjs/common';
import { AnswerPrivacyRequest } from './answer-privacy-request.handler.js';
import { RetentionReportController } from './retention-report.controller.js';
import { NotificationsRetentionJob } from './retention.job.js';

/** Issue #20 in the notifications service: answers to privacy requests, cessation of optional emails, retention. */
@Module({ controllers: [RetentionReportController], providers: [AnswerPrivacyRequest, NotificationsRetentionJob] })
export class PrivacyModule {}
