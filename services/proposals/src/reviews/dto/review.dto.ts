import { PageQuery } from '@collabo/service-kit';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CRITERION_CODE_PATTERN } from '../../programmes/rubric.js';
import { IsCalendarDate, IsNotBlank } from '../../http/validators.js';
import { Recommendations, type Recommendation } from '../review.entity.js';

export class AssignAdvisorDto {
  @ApiProperty({ format: 'uuid', description: 'The advisor (registry person id).' })
  @IsUUID()
  advisorId!: string;

  @ApiPropertyOptional({ example: '2026-12-20', description: 'When the written review is due.' })
  @IsOptional()
  @IsCalendarDate()
  dueOn?: string;

  @ApiPropertyOptional({
    maxLength: 2000,
    description: 'Needed when the registry shows a conflict of interest: why the assignment stands anyway. Recorded with who waived it.',
  })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(2000)
  waiverReason?: string;
}

export class DueDateDto {
  @ApiProperty({ example: '2026-12-24', description: 'The new Tokyo day the written review is due; today or later.' })
  @IsCalendarDate()
  dueOn!: string;
}

export class AssignmentResponseDto {
  @ApiProperty({ maxLength: 2000, example: '出張のため期限内の審査が困難' })
  @IsString()
  @IsNotBlank()
  @MaxLength(2000)
  reason!: string;
}

export class ScoreDto {
  @ApiProperty({ example: 'novelty' })
  @IsString()
  @Matches(CRITERION_CODE_PATTERN, { message: 'criterion must be a criterion code' })
  criterion!: string;

  @ApiProperty({ example: 15 })
  @IsInt()
  @Min(0)
  @Max(1000)
  points!: number;
}

/** What a review says, written first or amended: every criterion of its rubric, the comment, the recommendation. */
export class ReviewTextDto {
  @ApiProperty({ type: [ScoreDto], description: 'Every criterion of the rubric the review is written against, once.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ScoreDto)
  scores!: ScoreDto[];

  @ApiProperty({ maxLength: 8000 })
  @IsString()
  @IsNotBlank()
  @MaxLength(8000)
  comment!: string;

  @ApiProperty({ enum: Recommendations })
  @IsIn(Recommendations)
  recommendation!: Recommendation;
}

export class SubmitReviewDto extends ReviewTextDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Staff recording a review on an advisor’s behalf name the assignment; an advisor’s own assignment is found.',
  })
  @IsOptional()
  @IsUUID()
  assignmentId?: string;
}

/** A new text for a written review: every criterion again, the comment and the recommendation. */
export class AmendReviewDto extends ReviewTextDto {
  @ApiPropertyOptional({
    maxLength: 2000,
    example: '面談後に市場性の評価を見直した',
    description: 'Why the review changes (kept with the earlier text).',
  })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(2000)
  reason?: string;
}

export class AssignmentQuery extends PageQuery {}
export class RevisionQuery extends PageQuery {}
export class ReviewQuery extends PageQuery {}
