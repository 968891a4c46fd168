import { Module } from '@nestjs/common';
import { StudyGroupsModule } from '../study-groups/study-groups.module.js';
import { AffiliationsService } from './affiliations.service.js';
import { AffiliationsController, PeopleController } from './people.controller.js';
import { PeopleRpcController } from './people.rpc.controller.js';
import { PeopleService } from './people.service.js';

@Module({
  imports: [StudyGroupsModule],
  controllers: [PeopleController, AffiliationsController, PeopleRpcController],
  providers: [PeopleService, AffiliationsService],
  exports: [PeopleService, AffiliationsService],
})
export class PeopleModule {}
