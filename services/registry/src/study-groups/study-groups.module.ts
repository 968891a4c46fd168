import { Module } from '@nestjs/common';
import { MembershipsService } from './memberships.service.js';
import { StudyGroupsController } from './study-groups.controller.js';
import { StudyGroupsRpcController } from './study-groups.rpc.controller.js';

@Module({
  controllers: [StudyGroupsController, StudyGroupsRpcController],
  providers: [MembershipsService],
  exports: [MembershipsService],
})
export class StudyGroupsModule {}
