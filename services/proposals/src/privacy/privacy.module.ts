import { Module } from '@nestjs/common';
import { retentionReportController } from '@collabo/service-kit';
import { AnswerPrivacyRequest } from './answer-privacy-request.handler.js';
import { ProposalsRetentionJob } from './retention.job.js';

/** Issue #20 in the proposals service: answers to privacy requests, cessation (team suggestions), pending erasures, retention. */
@Module({
  controllers: [retentionReportController('proposals', ProposalsRetentionJob)],
  providers: [AnswerPrivacyRequest, ProposalsRetentionJob],
})
export class PrivacyModule {}
