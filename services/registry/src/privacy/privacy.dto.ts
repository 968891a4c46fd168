import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { PrivacyRequestKinds, type PrivacyRequestKind } from '@collabo/contracts';
import { PageQuery } from '@collabo/service-kit';
import { IsEmail, IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ConsentPurposes, ConsentSources, type ConsentPurpose, type ConsentSource } from './consent-purposes.js';

export class OpenPrivacyRequestDto {
  @ApiProperty({ enum: PrivacyRequestKinds, description: 'disclosure (開示), erasure (消去), cessation (利用停止) or cessation_lifted' })
  @IsIn(PrivacyRequestKinds)
  kind!: PrivacyRequestKind;
  @ApiPropertyOptional({ format: 'uuid', description: 'The registry person (give this or `email`)' })
  @IsOptional()
  @IsUUID()
  personId?: string;
  @ApiPropertyOptional({
    format: 'email',
    description: 'For a guest who never became a registry person (give this or `personId`); an email of a registry person resolves to them',
  })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string;
}

class PrivacyRequestFilterDto {
  @ApiPropertyOptional({ enum: ['open', 'completed'] }) @IsOptional() @IsIn(['open', 'completed']) status?: 'open' | 'completed';
  @ApiPropertyOptional({ enum: PrivacyRequestKinds }) @IsOptional() @IsIn(PrivacyRequestKinds) kind?: PrivacyRequestKind;
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Open past its due time (PRIVACY_REQUEST_DUE_DAYS), or not' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() personId?: string;
}

export class PrivacyRequestQuery extends IntersectionType(PageQuery, PrivacyRequestFilterDto) {}

export class DisclosureQuery {
  @ApiPropertyOptional({ enum: ['json', 'html'], default: 'json' }) @IsOptional() @IsIn(['json', 'html']) format?: 'json' | 'html';
}

export class GiveConsentDto {
  @ApiProperty({ enum: ConsentPurposes }) @IsIn(ConsentPurposes) purpose!: ConsentPurpose;
  @ApiProperty({ enum: ConsentSources, description: 'form: the person filled in a form; staff: entered by staff (e.g. from paper)' })
  @IsIn(ConsentSources)
  source!: ConsentSource;
  @ApiPropertyOptional({ format: 'date-time', description: 'When the person gave it (default: now)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  givenAt?: string;
}

export class ConsentLinkQuery {
  @ApiProperty({ description: 'The token of the withdrawal link' }) @IsString() @MaxLength(300) token!: string;
}
