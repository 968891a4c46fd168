import { Module } from '@nestjs/common';
import { retentionReportController } from '@collabo/service-kit';
import { ConsentFormBodyParser } from './consent-form-body.js';
import { ConsentsController, ConsentWithdrawalController } from './consents.controller.js';
import { ConsentsRpcController } from './consents.rpc.controller.js';
import { ConsentsService } from './consents.service.js';
import { PrivacyRequestsController } from './privacy-requests.controller.js';
import { PrivacyRequestsService } from './privacy-requests.service.js';
import { RegistryRetentionJob } from './retention.job.js';
import {
  StoreAnswerOnEventsPrivacyRequestAnswered,
  StoreAnswerOnNotificationsPrivacyRequestAnswered,
  StoreAnswerOnProposalsPrivacyRequestAnswered,
} from './store-answer-on-privacy-request-answered.handler.js';

const ANSWER_CONSUMERS = [
  StoreAnswerOnProposalsPrivacyRequestAnswered,
  StoreAnswerOnEventsPrivacyRequestAnswered,
  StoreAnswerOnNotificationsPrivacyRequestAnswered,
];

/** Privacy requests (開示・消去・利用停止), consents and retention: issue #20, the registry's side. */
@Module({
  controllers: [
    PrivacyRequestsController,
    ConsentsController,
    ConsentWithdrawalController,
    ConsentsRpcController,
    retentionReportController('registry', RegistryRetentionJob),
  ],
  providers: [PrivacyRequestsService, ConsentsService, ConsentFormBodyParser, RegistryRetentionJob, ...ANSWER_CONSUMERS],
})
export class PrivacyModule {}
