import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { Languages, type Language } from '@collabo/contracts';
import { CATEGORY_NAMES } from '../../rules/categories.js';
import { KIND_NAMES, RecipientRoles, type RecipientRole } from '../../rules/notification-rules.js';

export class PreviewQuery {
  @ApiPropertyOptional({ enum: Languages, default: 'ja' })
  @IsOptional()
  @IsIn(Languages)
  language?: Language;

  @ApiPropertyOptional({ enum: RecipientRoles, description: "The recipient's role (default: the first the rules name)" })
  @IsOptional()
  @IsIn(RecipientRoles)
  role?: RecipientRole;
}

/** A preview with data staff bring: the event's data as its contract defines it. */
export class PreviewRequest extends PreviewQuery {
  @ApiPropertyOptional({ description: 'How the recipient is addressed (default: a sample name)', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  recipientName?: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "The data of the kind's event, exactly as its contract defines it (see sampleData of the GET preview)",
  })
  @IsObject()
  data!: Record<string, unknown>;
}

export class TemplateSummary {
  @ApiProperty({ enum: KIND_NAMES }) kind!: string;
  @ApiProperty({ enum: CATEGORY_NAMES }) category!: string;
  @ApiProperty({ description: 'Transactional emails cannot be switched off' }) transactional!: boolean;
  @ApiProperty() prefixJa!: string;
  @ApiProperty() prefixEn!: string;
  @ApiProperty({ type: [String], description: 'The events that send it' }) sentOn!: string[];
  @ApiProperty({ type: [String], description: 'Where the rule finds its recipients in the event data' }) recipients!: string[];
  @ApiProperty({ type: [String], description: 'When the rule sends nothing' }) skippedWhen!: string[];
}

export class PreviewAttachment {
  @ApiProperty() filename!: string;
  @ApiProperty() contentType!: string;
  @ApiProperty({ type: 'integer', description: 'Size in bytes (UTF-8)' }) size!: number;
}

export class TemplatePreview {
  @ApiProperty({ enum: KIND_NAMES }) kind!: string;
  @ApiProperty({ enum: Languages }) language!: string;
  @ApiProperty({ enum: RecipientRoles }) role!: string;
  @ApiProperty() subject!: string;
  @ApiProperty() text!: string;
  @ApiProperty() html!: string;
  @ApiProperty({ type: [PreviewAttachment] }) attachments!: PreviewAttachment[];
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "The event data the preview was rendered with (the kind's event, as its contract defines it)",
  })
  sampleData!: object;
}
