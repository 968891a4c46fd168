import { CurrentActor, IdParam, Public, type Actor } from '@collabo/service-kit';
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { OptionalField } from '../http/validators.js';
import { LotteryService, type LotteryResult } from './lottery.service.js';
import { PublicReadLimit, StaffWriteLimit } from '../http/limits.js';

export class DrawLotteryDto {
  @ApiPropertyOptional({
    description: 'The seed, e.g. numbers drawn in public; default: 128 random bits. Printable characters only.',
    maxLength: 200,
    example: '2026-11-28 抽選会 7-3-9-1',
  })
  @OptionalField()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/^[^\p{Cc}]+$/u, { message: 'seed must not contain control characters' })
  seed?: string;
}

export class LotteryResultView implements LotteryResult {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty() seed!: string;
  @ApiProperty() algorithm!: string;
  @ApiProperty({ description: 'Seats the draw gave out' }) seats!: number;
  @ApiProperty({ type: String, format: 'uuid', isArray: true, description: 'Applicants’ registration ids, sorted: the draw’s input' })
  applicants!: string[];
  @ApiProperty({
    type: String,
    format: 'uuid',
    isArray: true,
    description: 'Draw order: the first `seats` got a seat, the rest wait in this order',
  })
  order!: string[];
  @ApiProperty({ format: 'date-time' }) drawnAt!: string;
  @ApiProperty({ description: 'true when the service drew it because staff had not, LOTTERY_AUTO_DRAW_AFTER_MINUTES after the deadline' })
  automatic!: boolean;
}

export class LotteryVerificationView {
  @ApiProperty({ description: 'true when re-running the draw gives the recorded order' }) matches!: boolean;
  @ApiProperty() seed!: string;
  @ApiProperty({ type: String, format: 'uuid', isArray: true }) recordedOrder!: string[];
  @ApiProperty({ type: String, format: 'uuid', isArray: true }) recomputedOrder!: string[];
}

@ApiTags('lottery')
@ApiBearerAuth()
@Controller('v1/events/:id/lottery')
export class LotteryController {
  constructor(private readonly lottery: LotteryService) {}

  @Post()
  @StaffWriteLimit()
  @ApiOperation({ summary: 'Draw the lottery once registration has closed: winners are confirmed, the rest wait in draw order' })
  @ApiCreatedResponse({ type: LotteryResultView })
  async draw(@IdParam() id: string, @Body() body: DrawLotteryDto, @CurrentActor() actor: Actor): Promise<LotteryResultView> {
    return this.lottery.draw(id, body.seed, actor.personId);
  }

  @Get()
  @ApiOperation({ summary: 'The recorded draw' })
  @ApiOkResponse({ type: LotteryResultView })
  async get(@IdParam() id: string): Promise<LotteryResultView> {
    return this.lottery.get(id);
  }

  @Post('verify')
  @StaffWriteLimit()
  @HttpCode(200)
  @ApiOperation({ summary: 'Re-run the recorded draw and compare' })
  @ApiOkResponse({ type: LotteryVerificationView })
  async verify(@IdParam() id: string): Promise<LotteryVerificationView> {
    return this.lottery.verify(id);
  }
}

/** The draw is public (registration ids only, no names), so that anyone can re-run it. */
@ApiTags('public: events')
@Public()
@Controller('v1/public/events/:id/lottery')
export class PublicLotteryController {
  constructor(private readonly lottery: LotteryService) {}

  @Get()
  @PublicReadLimit()
  @ApiOperation({ summary: 'The seed, applicants and order of a drawn lottery, to re-run it (see the algorithm field)' })
  @ApiOkResponse({ type: LotteryResultView })
  async get(@IdParam() id: string): Promise<LotteryResultView> {
    return this.lottery.get(id);
  }
}
