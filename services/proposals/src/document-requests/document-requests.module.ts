import { Module } from '@nestjs/common';
import { ProgrammesModule } from '../programmes/programmes.module.js';
import { ProposalsModule } from '../proposals/proposals.module.js';
import { DocumentRequestsController } from './document-requests.controller.js';
import { DocumentRequestsService } from './document-requests.service.js';

@Module({ imports: [ProgrammesModule, ProposalsModule], controllers: [DocumentRequestsController], providers: [DocumentRequestsService] })
export class DocumentRequestsModule {}
