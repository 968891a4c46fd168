import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { CATEGORY_NAMES } from '../../rules/categories.js';
import { UNSUBSCRIBE_TOKEN_PATTERN } from '../unsubscribe-token.js';

/** Whose preferences: a registry person, or a guest's address. Exactly one. */
export class RecipientQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  personId?: string;

  @ApiPropertyOptional({ description: 'A guest (not a registry person), by address' })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string;
}

export class SetPreference extends RecipientQuery {
  @ApiProperty({ enum: CATEGORY_NAMES })
  @IsIn(CATEGORY_NAMES)
  category!: string;

  @ApiProperty({ description: 'false switches the category off (optional categories only)' })
  @IsBoolean()
  subscribed!: boolean;
}

export class CategoryPreferenceView {
  @ApiProperty({ enum: CATEGORY_NAMES }) category!: string;
  @ApiProperty({ description: 'Transactional categories cannot be switched off' }) transactional!: boolean;
  @ApiProperty() labelJa!: string;
  @ApiProperty() labelEn!: string;
  @ApiProperty() subscribed!: boolean;
  @ApiProperty({ nullable: true, type: String, enum: ['unsubscribe_link', 'staff'] }) source!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When last changed; null: never (the default)' })
  updatedAt!: string | null;
}

export class PreferencesView {
  @ApiProperty({ description: '`person:<id>` or `email:<address>`' }) recipientKey!: string;
  @ApiProperty({ type: [CategoryPreferenceView] }) categories!: CategoryPreferenceView[];
}

export class UnsubscribeQuery {
  @ApiProperty({ description: 'The signed token of the link' })
  @IsString()
  @Matches(UNSUBSCRIBE_TOKEN_PATTERN, { message: 'token is not a valid unsubscribe token' })
  token!: string;
}

/** The body a mail client sends for a one-click unsubscribe (RFC 8058); an empty body is accepted too. */
export class OneClickBody {
  @ApiPropertyOptional({ example: 'One-Click' })
  @IsOptional()
  @IsIn(['One-Click'])
  'List-Unsubscribe'?: string;
}
