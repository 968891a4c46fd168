import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery, PageView } from '@collabo/service-kit';
import { IsEmail, IsIn, IsISO8601, IsOptional, IsUUID, MaxLength } from 'class-validator';
import { CATEGORY_NAMES } from '../../rules/categories.js';
import { KIND_NAMES, RecipientRoles } from '../../rules/notification-rules.js';
import { DeliveryStatuses, type DeliveryStatus } from '../delivery.entity.js';

export class DeliveryQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Emails to this registry person', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  personId?: string;

  @ApiPropertyOptional({ description: 'Emails to this address (guests included), case-insensitive' })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ description: 'Emails about this proposal', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  proposalId?: string;

  @ApiPropertyOptional({ description: 'Emails about this exchange event', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  eventId?: string;

  @ApiPropertyOptional({ description: 'Emails caused by this message (envelope id)', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  causedBy?: string;

  @ApiPropertyOptional({ enum: DeliveryStatuses })
  @IsOptional()
  @IsIn(DeliveryStatuses)
  status?: DeliveryStatus;

  @ApiPropertyOptional({ enum: KIND_NAMES })
  @IsOptional()
  @IsIn(KIND_NAMES)
  kind?: string;

  @ApiPropertyOptional({ description: 'Recorded at or after (ISO 8601)', example: '2026-11-01T00:00:00+09:00' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Recorded before (ISO 8601)', example: '2026-12-01T00:00:00+09:00' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class RecipientView {
  @ApiProperty({ enum: RecipientRoles, description: 'What the recipient is to the matter' }) role!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) personId!: string | null;
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({ enum: ['ja', 'en'] }) language!: 'ja' | 'en';
  @ApiProperty({ enum: ['registry', 'event', 'missing'], description: 'Where the address came from' }) source!: string;
}

export class DeliveryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: KIND_NAMES }) kind!: string;
  @ApiProperty({ enum: CATEGORY_NAMES }) category!: string;
  @ApiProperty({ enum: DeliveryStatuses }) status!: DeliveryStatus;
  @ApiProperty({ type: RecipientView }) recipient!: RecipientView;
  @ApiProperty() subject!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) proposalId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) eventId!: string | null;
  @ApiProperty({ description: 'The message (envelope id) that caused the email', format: 'uuid' }) causedBy!: string;
  @ApiProperty({ description: 'Its subject, e.g. proposals.evt.proposal.advanced.v1' }) causedBySubject!: string;
  @ApiProperty() messageId!: string;
  @ApiProperty({ type: 'integer', description: 'Tries so far' }) attempts!: number;
  @ApiProperty({ type: 'integer', description: 'Times staff had it sent again' }) resends!: number;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastErrorCode!: string | null;
  @ApiProperty({ nullable: true, type: String, description: "The mail server's last answer" }) smtpResponse!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When queued: not before' }) nextAttemptAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) sentAt!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'When its personal data (address, name, content) was removed after the retention period',
  })
  redactedAt!: string | null;
  @ApiProperty({ type: 'integer', description: 'Goes with the ETag; If-Match of a resend' }) version!: number;
}

export class AttachmentView {
  @ApiProperty() filename!: string;
  @ApiProperty() contentType!: string;
  @ApiProperty({ type: 'integer', description: 'Size in bytes (UTF-8)' }) size!: number;
}

export class AttemptView {
  @ApiProperty({ type: 'integer' }) attempt!: number;
  @ApiProperty({ enum: ['sent', 'retry', 'failed', 'ambiguous', 'interrupted'] }) outcome!: string;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ format: 'date-time' }) finishedAt!: string;
  @ApiProperty({ nullable: true, type: String }) worker!: string | null;
  @ApiProperty({ nullable: true, type: String }) errorCode!: string | null;
  @ApiProperty({ nullable: true, type: String }) smtpCommand!: string | null;
  @ApiProperty({ nullable: true, type: String }) smtpResponse!: string | null;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
}

export class DeliveryDetailView extends DeliveryView {
  @ApiProperty() text!: string;
  @ApiProperty() html!: string;
  @ApiProperty({ type: [AttachmentView] }) attachments!: AttachmentView[];
  @ApiProperty({ nullable: true, type: String }) unsubscribeUrl!: string | null;
  @ApiProperty({ type: [AttemptView] }) attemptLog!: AttemptView[];
}

export const DeliveryPage = PageView(DeliveryView, 'DeliveryPage');
