import { Module } from '@nestjs/common';
import { PeopleModule } from '../people/people.module.js';
import { AccountsController, AuthController } from './accounts.controller.js';
import { AccountsRpcController } from './accounts.rpc.controller.js';
import { AccountsService } from './accounts.service.js';

@Module({
  imports: [PeopleModule],
  controllers: [AccountsController, AuthController, AccountsRpcController],
  providers: [AccountsService],
})
export class AccountsModule {}
