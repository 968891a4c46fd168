import { Module } from '@nestjs/common';
import { retentionReportController } from '@collabo/service-kit';
import { AnswerPrivacyRequest } from './answer-privacy-request.handler.js';
import { EventsRetentionJob } from './retention.job.js';

/** Issue #20 in the events service: answers to privacy requests, cessation, and retention that runs by itself. */
@Module({ controllers: [retentionReportController('events', EventsRetentionJob)], providers: [AnswerPrivacyRequest, EventsRetentionJob] })
export class PrivacyModule {}
