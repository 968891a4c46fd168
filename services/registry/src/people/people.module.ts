import { Module } from '@nestjs/common';
import { StudyGroupsModule } from '../study-groups/study-groups.module.js';
import { AffiliationsService } from './affiliations.service.js';
import { PersonMergeController } from './merge/person-merge.controller.js';
import { PersonMergeService } from './merge/person-merge.service.js';
import { AffiliationsController, PeopleController } from './people.controller.js';
import { PeopleRpcController } from './people.rpc.controller.js';
import { PeopleService } from './people.service.js';

@Module({
  imports: [StudyGroupsModule],
  controllers: [PersonMergeController, PeopleController, AffiliationsController, PeopleRpcController],
  providers: [PeopleService, AffiliationsService, PersonMergeService],
  exports: [PeopleService, AffiliationsService, PersonMergeService],
})
export class PeopleModule {}
