import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { Languages, maskSecretUrl, type Language } from '@collabo/contracts';
import { LOGGER, Roles, validatePayload, ValidationFailedError } from '@collabo/service-kit';
import type { Logger } from 'pino';
import { NotificationSettings } from '../config/notification-settings.js';
import { StaffRateLimited } from '../http/rate-limits.js';
import { ALL_STAFF } from '../http/staff-roles.js';
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
import { recipientsOfRule } from '../rules/recipients.js';
import { UnreadableValueError } from './format.js';
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
  @ApiProperty({ description: 'The event data the preview was rendered with' }) sampleData!: object;
}

function describeSource(source: (typeof NOTIFICATION_RULES)[number]['to'][number]): string {
  if ('person' in source) return `registry person at ${source.person}`;
  if ('registration' in source) {
    const where = source.each ? `${source.each}.${source.registration}` : source.registration;
    const own = source.each ? ', each with their own data' : '';
    const only = source.onlyStatuses ? ` (status ${source.onlyStatuses.join('/')})` : '';
    const except = source.exceptStatuses ? ` (not ${source.exceptStatuses.join('/')})` : '';
    return `registrants at ${where}${only}${except}${own}`;
  }
  return `address at ${source.address.email}`;
}

/** The templates and the rule table, readable by staff, and a preview of any template with sample data. */
@ApiTags('templates')
@ApiBearerAuth()
@Controller('v1/templates')
export class TemplatesController {
  constructor(
    private readonly settings: NotificationSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

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
  @ApiOperation({ summary: 'Render a template with built-in sample data, in Japanese (default) or English' })
  @ApiOkResponse({ type: TemplatePreview })
  preview(@Param('kind') kind: string, @Query() query: PreviewQuery): TemplatePreview {
    if (!isKind(kind)) throw new TemplateNotFoundError(kind);
    return this.render(kind, sampleFor(kind), query.language, query.role, undefined);
  }

  @Post(':kind/preview')
  @HttpCode(200)
  @Roles(...ALL_STAFF)
  @StaffRateLimited('preview')
  @ApiOperation({
    summary: 'Render a template with data staff supply (checked against the contract of the kind’s event; changes nothing)',
  })
  @ApiOkResponse({ type: TemplatePreview })
  previewWith(@Param('kind') kind: string, @Body() body: PreviewRequest): TemplatePreview {
    if (!isKind(kind)) throw new TemplateNotFoundError(kind);
    const contract = NOTIFICATION_RULES.find((r) => r.kind === kind)!.event;
    let data: object;
    try {
      data = validatePayload(contract.Data, body.data, { forbidUnknown: true });
    } catch (err) {
      if (!(err instanceof ValidationFailedError)) throw err;
      throw new ValidationFailedError(
        err.errors.map((e) => ({ field: e.field ? `data.${e.field}` : 'data', message: e.message })),
        `The data is not valid ${contract.subject} data.`,
      );
    }
    return this.render(kind, data, body.language, body.role, body.recipientName);
  }

  private render(
    kind: NotificationKind,
    data: object,
    language: Language = 'ja',
    role: RecipientRole | undefined,
    recipientName: string | undefined,
  ): TemplatePreview {
    const rules = NOTIFICATION_RULES.filter((r) => r.kind === kind);
    const chosenRole = role ?? rules[0]!.to[0]!.role;
    const category = categoryOf(kind);
    const sampleUnsubscribe = isTransactional(category)
      ? null
      : // Shown masked, as in the delivery log: the real link exists only in the email on the wire.
        maskSecretUrl(
          unsubscribeUrl(
            this.settings.publicBaseUrl,
            signUnsubscribe(this.settings.unsubscribeSecret, { recipientKey: 'email:preview@example.invalid', category }),
          ),
        );
    let email;
    try {
      email = renderEmail({
        kind,
        data,
        language,
        role: chosenRole,
        recipientName: recipientName ?? (language === 'ja' ? '山田 太郎' : 'Taro Yamada'),
        signature: this.settings.signature,
        unsubscribeUrl: sampleUnsubscribe,
        recipientData: ownDataFor(kind, data, chosenRole),
      });
    } catch (err) {
      // A value the contract lets through but no email can show (an ISO 8601 week date, say): the caller's data.
      if (err instanceof UnreadableValueError) {
        const paths = pathsHolding(data, err.value);
        throw new ValidationFailedError(
          (paths.length ? paths : ['']).map((path) => ({
            field: path ? `data.${path}` : 'data',
            message: `${err.message}; use a full date and time such as 2026-12-03T18:00:00+09:00`,
          })),
        );
      }
      // Anything else is a gap between a contract and its template; still the data the caller sent, so a 400.
      this.logger.warn({ kind, err: (err as Error).message }, 'a template could not render data that passed its contract');
      throw new ValidationFailedError([{ field: 'data', message: 'this data cannot be rendered by the template' }]);
    }
    return {
      kind,
      language,
      role: chosenRole,
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

/** Where in the data a value sits, as the kit names fields (`attendees.0.registration`), to name the field that holds it. */
export function pathsHolding(data: unknown, value: string, path = '', depth = 0): string[] {
  if (data === value) return [path];
  if (data === null || typeof data !== 'object' || depth > 20) return [];
  return Object.entries(data).flatMap(([key, child]) => pathsHolding(child, value, path ? `${path}.${key}` : key, depth + 1));
}

/** The own data (e.g. the questionnaire link) of the first recipient the kind's rules name in the data, preferring the role. */
export function ownDataFor(kind: NotificationKind, data: unknown, role: RecipientRole): unknown {
  const refs = NOTIFICATION_RULES.filter((r) => r.kind === kind).flatMap((rule) => recipientsOfRule(rule, data));
  return (refs.find((r) => r.role === role) ?? refs[0])?.ownData;
}

export function sampleFor(kind: NotificationKind): object {
  const rule = NOTIFICATION_RULES.find((r) => r.kind === kind)!;
  const data = SAMPLE_DATA[rule.event.subject];
  if (!data) throw new Error(`no sample data for ${rule.event.subject}`);
  return data;
}
