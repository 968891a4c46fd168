import { Module } from '@nestjs/common';
import { SharedModule } from '../shared/shared.module.js';
import { TeamsController } from './teams.controller.js';
import { TeamsService } from './teams.service.js';

@Module({ imports: [SharedModule], controllers: [TeamsController], providers: [TeamsService] })
export class TeamsModule {}
