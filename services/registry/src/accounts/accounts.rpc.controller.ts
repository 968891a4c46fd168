import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AccountsByRoleV1 } from '@collabo/contracts';
import { AccountsService } from './accounts.service.js';

@Controller()
export class AccountsRpcController {
  constructor(private readonly accounts: AccountsService) {}

  @MessagePattern(AccountsByRoleV1.subject)
  accountsByRole(@Payload() request: AccountsByRoleV1.Request): Promise<AccountsByRoleV1.Response> {
    return this.accounts.withRole(request.role);
  }
}
