import { PageQuery } from '@collabo/service-kit';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsInt, IsOptional, IsString, IsUUID, IsUrl, Max, MaxLength, Min } from 'class-validator';
import { IsInstant, IsNotBlank } from '../../http/validators.js';

/** Invite the applicant to a hearing, or (PUT) say what it is now. */
export class InterviewDto {
  @ApiProperty({ example: '2026-12-10T14:00:00+09:00', description: 'When the hearing starts (with its offset); in the future.' })
  @IsInstant()
  startsAt!: string;

  @ApiPropertyOptional({ example: 60, default: 60, description: 'How long it takes, in minutes (15–480).' })
  @IsOptional()
  @IsInt()
  @Min(15)
  @Max(480)
  durationMinutes?: number;

  @ApiPropertyOptional({
    maxLength: 300,
    example: '財団 3階 会議室A（札幌市北区北7条西2丁目）',
    description: 'Where; a place or an online link (or both) is needed.',
  })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(300)
  place?: string;

  @ApiPropertyOptional({
    maxLength: 2000,
    example: 'https://meet.example.jp/abc-defg-hij',
    description: 'The online meeting link (http or https).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true }, { message: 'onlineUrl must be an http or https link' })
  onlineUrl?: string;

  @ApiPropertyOptional({ maxLength: 2000, example: '事業計画書の内容について15分程度ご説明ください。' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({ type: [String], description: 'Registry people to invite besides the proposal’s contact person (at most 10).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  inviteeIds?: string[];
}

export class CancelInterviewDto {
  @ApiProperty({ maxLength: 2000, example: '審査委員の都合により延期します。' })
  @IsString()
  @IsNotBlank()
  @MaxLength(2000)
  reason!: string;
}

export class InterviewQuery extends PageQuery {}
