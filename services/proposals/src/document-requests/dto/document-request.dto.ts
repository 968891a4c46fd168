import { PageQuery } from '@collabo/service-kit';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsCalendarDate, IsNotBlank } from '../../http/validators.js';

/** Ask the applicant for missing documents, or (PUT) say what the open request is now. */
export class DocumentRequestDto {
  @ApiProperty({ type: [String], example: ['決算書（直近2期分）', '会社案内'], description: 'What is missing, one item each (1–30).' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @IsNotBlank({ each: true })
  @MaxLength(300, { each: true })
  items!: string[];

  @ApiProperty({ example: '2026-12-15', description: 'The Tokyo day the documents are due; today or later.' })
  @IsCalendarDate()
  dueOn!: string;

  @ApiPropertyOptional({ maxLength: 2000, example: 'PDFでのご提出も可能です。' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class FulfilDocumentRequestDto {
  @ApiPropertyOptional({ maxLength: 2000, example: '12月3日に郵送で受領' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class WithdrawDocumentRequestDto {
  @ApiProperty({ maxLength: 2000, example: '別途提出済みの資料で確認できたため' })
  @IsString()
  @IsNotBlank()
  @MaxLength(2000)
  reason!: string;
}

export class DocumentRequestQuery extends PageQuery {}
