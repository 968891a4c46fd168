import { Module } from '@nestjs/common';
import { ProgrammesModule } from '../programmes/programmes.module.js';
import { KpiService } from './kpi.service.js';
import { ReportsController } from './reports.controller.js';

@Module({ imports: [ProgrammesModule], controllers: [ReportsController], providers: [KpiService] })
export class ReportsModule {}
