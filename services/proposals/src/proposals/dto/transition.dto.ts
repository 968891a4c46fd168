import { PageQuery } from '@collabo/service-kit';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { STAGE_CODE_PATTERN } from '../../programmes/pipeline.js';
import { IsInstant, IsNotBlank } from '../../http/validators.js';

export class TransitionDto {
  @ApiProperty({ example: 'pre_screening', description: 'The stage to move to.' })
  @IsString()
  @Matches(STAGE_CODE_PATTERN, { message: 'to must be a stage code' })
  to!: string;

  @ApiProperty({ maxLength: 2000, example: '書類が揃ったため' })
  @IsString()
  @IsNotBlank()
  @MaxLength(2000)
  reason!: string;

  @ApiPropertyOptional({
    example: '2003-03-31T23:30:00+09:00',
    description:
      'When the change took effect (history brought over from spreadsheets); defaults to now. Not before the previous one, not in the future.',
  })
  @IsOptional()
  @IsInstant()
  effectiveAt?: string;

  @ApiPropertyOptional({
    description:
      'A record brought over from paper or spreadsheets (admins and coordinators): needs an effectiveAt before today. The guards whose evidence is not in the system (reviews, team) are not checked; the history and the events say so.',
  })
  @IsOptional()
  @IsBoolean()
  historical?: boolean;
}

export class HistoryQuery extends PageQuery {}
