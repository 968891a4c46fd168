import { Module } from '@nestjs/common';
import { AnswerPrivacyRequest } from './answer-privacy-request.handler.js';
import { RetentionReportController } from './retention-report.controller.js';
import { EventsRetentionJob } from './retention.job.js';

/** Issue #20 in the events service: answers to privacy requests, cessation, and retention that runs by itself. */
@Module({ controllers: [RetentionReportController], providers: [AnswerPrivacyRequest, EventsRetentionJob] })
export class PrivacyModule {}
