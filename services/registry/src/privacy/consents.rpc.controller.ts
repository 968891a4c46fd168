import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetConsentWithdrawalLinkV1 } from '@collabo/contracts';
import { ConsentsService } from './consents.service.js';

/** What the notifications service asks for the emails it sends: the person's own consent-withdrawal link. */
@Controller()
export class ConsentsRpcController {
  constructor(private readonly consents: ConsentsService) {}

  @MessagePattern(GetConsentWithdrawalLinkV1.subject)
  withdrawalLink(@Payload() request: GetConsentWithdrawalLinkV1.Request): Promise<GetConsentWithdrawalLinkV1.Response> {
    return this.consents.linkOf(request.personId, request.purpose);
  }
}
