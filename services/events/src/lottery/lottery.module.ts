import { Module } from '@nestjs/common';
import { RegistrationsModule } from '../registrations/registrations.module.js';
import { LotteryDrawJob } from './lottery-draw.job.js';
import { LotteryController, PublicLotteryController } from './lottery.controller.js';
import { LotteryService } from './lottery.service.js';

@Module({
  imports: [RegistrationsModule],
  controllers: [LotteryController, PublicLotteryController],
  providers: [LotteryService, LotteryDrawJob],
})
export class LotteryModule {}
