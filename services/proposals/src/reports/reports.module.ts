import { Module } from '@nestjs/common';
import { SharedModule } from '../shared/shared.module.js';
import { KpiService } from './kpi.service.js';
import { ReportsController } from './reports.controller.js';

@Module({ imports: [SharedModule], controllers: [ReportsController], providers: [KpiService] })
export class ReportsModule {}
