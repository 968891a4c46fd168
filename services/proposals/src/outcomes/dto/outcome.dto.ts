import { PageQuery } from '@collabo/service-kit';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDate, IsNotBlank } from '../../http/validators.js';
import { OutcomeKinds, type OutcomeKind } from '../outcome.entity.js';

export class RecordOutcomeDto {
  @ApiProperty({ enum: OutcomeKinds })
  @IsIn(OutcomeKinds)
  kind!: OutcomeKind;

  @ApiProperty({ maxLength: 500, example: 'コンブ仮根から成る食品素材' })
  @IsString()
  @IsNotBlank()
  @MaxLength(500)
  summary!: string;

  @ApiProperty({ example: '2002-11-15', description: 'When it happened (filing or grant date for patents), Tokyo calendar day.' })
  @IsCalendarDate()
  occurredOn!: string;

  @ApiPropertyOptional({ example: 12000000, description: 'Sales only: amount in yen (whole yen).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000_000_000)
  amountYen?: number;

  @ApiPropertyOptional({ example: 2002, description: 'Sales only: the fiscal year (年度) it counts in; defaults to that of occurredOn.' })
  @IsOptional()
  @IsInt()
  @Min(1900)
  @Max(2200)
  fiscalYear?: number;

  @ApiPropertyOptional({ example: '特願2002-123456', description: 'Patents only: application or registration number.' })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(60)
  patentNumber?: string;

  @ApiPropertyOptional({ example: 12, description: 'jobs_created only (required there): how many jobs were created.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  jobsCreated?: number;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'award only, optional: the registry tenancy (a room at the collaboration centre) the award came from.',
  })
  @IsOptional()
  @IsUUID('all', { message: 'tenancyId must be a registry tenancy id (a UUID)' })
  tenancyId?: string;

  @ApiPropertyOptional({
    description:
      'Brought over from paper or spreadsheets: needs an occurredOn before today; the event says so, so that nobody is emailed about the past.',
  })
  @IsOptional()
  @IsBoolean()
  historical?: boolean;
}

export class OutcomeQuery extends PageQuery {}
