import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { WriteRateLimitGuard } from './write-rate-limit.js';

/** Limits on what one caller may do (the body, page and CSV limits live with the routes they guard). */
@Module({ providers: [{ provide: APP_GUARD, useClass: WriteRateLimitGuard }] })
export class LimitsModule {}
