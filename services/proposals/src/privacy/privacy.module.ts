import { Module } from '@nestjs/common';
import { AnswerPrivacyRequest } from './answer-privacy-request.handler.js';
import { RetentionReportController } from './retention-report.controller.js';
import { ProposalsRetentionJob } from './retention.job.js';

/** Issue #20 in the proposals service: answers to privacy requests, cessation (team suggestions), pending erasures, retention. */
@Module({ controllers: [RetentionReportController], providers: [AnswerPrivacyRequest, ProposalsRetentionJob] })
export class PrivacyModule {}
