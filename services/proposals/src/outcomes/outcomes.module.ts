import { Module } from '@nestjs/common';
import { SharedModule } from '../shared/shared.module.js';
import { OutcomesController } from './outcomes.controller.js';
import { OutcomesService } from './outcomes.service.js';

@Module({ imports: [SharedModule], controllers: [OutcomesController], providers: [OutcomesService] })
export class OutcomesModule {}
