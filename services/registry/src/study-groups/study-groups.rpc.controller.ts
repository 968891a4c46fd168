import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { StudyGroupMembersV1 } from '@collabo/contracts';
import { toMembershipV1 } from './membership.view.js';
import { MembershipsService } from './memberships.service.js';

@Controller()
export class StudyGroupsRpcController {
  constructor(private readonly memberships: MembershipsService) {}

  @MessagePattern(StudyGroupMembersV1.subject)
  async members(@Payload() request: StudyGroupMembersV1.Request): Promise<StudyGroupMembersV1.Response> {
    const activeOn = request.activeOn ? request.activeOn.slice(0, 10) : undefined;
    const { studyGroupId, members } = await this.memberships.members(request.studyGroupId, activeOn);
    return { studyGroupId, members: members.map(toMembershipV1) };
  }
}
