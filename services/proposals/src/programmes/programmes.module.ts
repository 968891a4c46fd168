import { Module } from '@nestjs/common';
import { SharedModule } from '../shared/shared.module.js';
import { ProgrammesController } from './programmes.controller.js';
import { ProgrammesService } from './programmes.service.js';

@Module({ imports: [SharedModule], controllers: [ProgrammesController], providers: [ProgrammesService] })
export class ProgrammesModule {}
