import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { PROGRAMME_CODE_PATTERN } from '../../programmes/dto/programme.dto.js';

export class KpiQuery {
  @ApiPropertyOptional({ example: 2002, description: 'One fiscal year (年度: 1 April to 31 March, named by its starting year).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1990)
  @Max(2200)
  fiscalYear?: number;

  @ApiPropertyOptional({ example: 1998, description: 'A range of fiscal years: the first (with toFiscalYear).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1990)
  @Max(2200)
  fromFiscalYear?: number;

  @ApiPropertyOptional({ example: 2002, description: 'A range of fiscal years: the last (with fromFiscalYear).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1990)
  @Max(2200)
  toFiscalYear?: number;

  @ApiPropertyOptional({ example: 'support-track', description: 'Only this programme (default: all).' })
  @IsOptional()
  @IsString()
  @Matches(PROGRAMME_CODE_PATTERN, { message: 'programme must be a programme code' })
  programme?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'Or send `Accept: text/csv`.' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}
