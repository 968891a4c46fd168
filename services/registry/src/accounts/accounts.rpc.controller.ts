import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AccountsByRoleV1, IssueInvitationLinkV1 } from '@collabo/contracts';
import { AccountsService } from './accounts.service.js';

@Controller()
export class AccountsRpcController {
  constructor(private readonly accounts: AccountsService) {}

  @MessagePattern(AccountsByRoleV1.subject)
  accountsByRole(@Payload() request: AccountsByRoleV1.Request): Promise<AccountsByRoleV1.Response> {
    return this.accounts.withRole(request.role);
  }

  /** The usable set-password link of an invitation, minted now (only the notifications service's NATS user may ask). */
  @MessagePattern(IssueInvitationLinkV1.subject)
  issueInvitationLink(@Payload() request: IssueInvitationLinkV1.Request): Promise<IssueInvitationLinkV1.Response> {
    return this.accounts.issueInvitationLink(request.accountId, request.invitationId);
  }
}
