import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Languages, type Language } from '@collabo/contracts';
import { NotificationSettings } from '../config/notification-settings.js';
import { TemplateNotFoundError } from '../notification-errors.js';
import { signUnsubscribe, unsubscribeUrl } from '../preferences/unsubscribe-token.js';
import { isTransactional } from '../rules/categories.js';
import {
  categoryOf,
  isKind,
  KIND_NAMES,
  NOTIFICATION_RULES,
  RecipientRoles,
  type NotificationKind,
  type RecipientRole,
} from '../rules/notification-rules.js';
import { renderEmail, TEMPLATES } from './render.js';
import { SAMPLE_DATA } from './sample-data.js';

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

export class TemplateSummary {
  @ApiProperty({ enum: KIND_NAMES }) kind!: string;
  @ApiProperty() category!: string;
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
  @ApiProperty() size!: number;
}

export class TemplatePreview {
  @ApiProperty({ enum: KIND_NAMES }) kind!: string;
  @ApiProperty({ enum: Languages }) language!: string;
  @ApiProperty({ enum: RecipientRoles }) role!: string;
  @ApiProperty() subject!: string;
  @ApiProperty() text!: string;
  @ApiProperty() html!: string;
  @ApiProperty({ type: [PreviewAttachment] }) attachments!: PreviewAttachment[];
  @ApiProperty({ description: 'The sample event data the preview was rendered with' }) sampleData!: object;
}

function describeSource(source: (typeof NOTIFICATION_RULES)[number]['to'][number]): string {
  if ('person' in source) return `registry person at ${source.person}`;
  if ('registration' in source) {
    const only = source.onlyStatuses ? ` (status ${source.onlyStatuses.join('/')})` : '';
    const except = source.exceptStatuses ? ` (not ${source.exceptStatuses.join('/')})` : '';
    return `registrants at ${source.registration}${only}${except}`;
  }
  return `address at ${source.address.email}`;
}

/** The templates and the rule table, readable by staff, and a preview of any template with sample data. */
@ApiTags('templates')
@ApiBearerAuth()
@Controller('v1/templates')
export class TemplatesController {
  constructor(private readonly settings: NotificationSettings) {}

  @Get()
  @ApiOperation({ summary: 'Every kind of email: category, subject prefixes, the events and recipients of its rules' })
  @ApiOkResponse({ type: [TemplateSummary] })
  list(): TemplateSummary[] {
    return KIND_NAMES.map((kind) => {
      const rules = NOTIFICATION_RULES.filter((r) => r.kind === kind);
      const category = categoryOf(kind);
      return {
        kind,
        category,
        transactional: isTransactional(category),
        prefixJa: TEMPLATES[kind].prefix.ja,
        prefixEn: TEMPLATES[kind].prefix.en,
        sentOn: [...new Set(rules.map((r) => r.event.subject))],
        recipients: rules.flatMap((r) => r.to.map(describeSource)),
        skippedWhen: rules.flatMap((r) => (r.skipWhen ?? []).map((s) => `${s.path} = ${JSON.stringify(s.equals)}: ${s.reason}`)),
      };
    });
  }

  @Get(':kind/preview')
  @ApiOperation({ summary: 'Render a template with sample data, in Japanese (default) or English' })
  @ApiOkResponse({ type: TemplatePreview })
  preview(@Param('kind') kind: string, @Query() query: PreviewQuery): TemplatePreview {
    if (!isKind(kind)) throw new TemplateNotFoundError(kind);
    const language = query.language ?? 'ja';
    const data = sampleFor(kind);
    const role = query.role ?? NOTIFICATION_RULES.find((r) => r.kind === kind)!.to[0]!.role;
    const category = categoryOf(kind);
    const sampleUnsubscribe = isTransactional(category)
      ? null
      : unsubscribeUrl(
          this.settings.publicBaseUrl,
          signUnsubscribe(this.settings.unsubscribeSecret, { recipientKey: 'email:preview@example.invalid', category }),
        );
    const email = renderEmail({
      kind,
      data,
      language,
      role,
      recipientName: language === 'ja' ? '山田 太郎' : 'Taro Yamada',
      signature: this.settings.signature,
      unsubscribeUrl: sampleUnsubscribe,
    });
    return {
      kind,
      language,
      role,
      subject: email.subject,
      text: email.text,
      html: email.html,
      attachments: email.attachments.map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        size: Buffer.byteLength(a.content, 'utf8'),
      })),
      sampleData: data,
    };
  }
}

export function sampleFor(kind: NotificationKind): object {
  const rule = NOTIFICATION_RULES.find((r) => r.kind === kind)!;
  const data = SAMPLE_DATA[rule.event.subject];
  if (!data) throw new Error(`no sample data for ${rule.event.subject}`);
  return data;
}
