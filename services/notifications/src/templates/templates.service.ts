import { Inject, Injectable } from '@nestjs/common';
import type { Language } from '@collabo/contracts';
import { Clock, LOGGER, validatePayload, ValidationFailedError } from '@collabo/service-kit';
import type { Logger } from 'pino';
import { NotificationSettings } from '../config/notification-settings.js';
import { TemplateNotFoundError } from '../errors.js';
import { maskedConsentLinks } from '../deliveries/consent-links.js';
import { UnsubscribeLinks } from '../preferences/unsubscribe-links.js';
import { isTransactional } from '../rules/categories.js';
import {
  categoryOf,
  isKind,
  KIND_NAMES,
  NOTIFICATION_RULES,
  type NotificationKind,
  type RecipientRole,
} from '../rules/notification-rules.js';
import type { PreviewQuery, PreviewRequest, TemplatePreview, TemplateSummary } from './dto/template.dto.js';
import { UnreadableValueError } from './format.js';
import { describeSource, ownDataFor, pathsHolding, previewPeople, sampleFor } from './preview-data.js';
import { renderEmail, TEMPLATES } from './render.js';

/** The templates and the rule table as staff read them, and previews of any template (changes nothing). */
@Injectable()
export class TemplatesService {
  constructor(
    private readonly settings: NotificationSettings,
    private readonly unsubscribeLinks: UnsubscribeLinks,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

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
        sentOn: [...new Set(rules.map((r) => r.on.contract.subject))],
        recipients: rules.flatMap((r) => r.to.map(describeSource)),
        skippedWhen: rules.flatMap((r) =>
          (r.skipWhen ?? []).map((s) =>
            'act' in s
              ? `a ${s.act} (told by ${s.toldBy.join(', ')}): ${s.reason}`
              : `${s.path} = ${JSON.stringify(s.equals)}: ${s.reason}`,
          ),
        ),
      };
    });
  }

  /** The kind's template with its built-in sample data. */
  preview(kind: string, query: PreviewQuery): TemplatePreview {
    if (!isKind(kind)) throw new TemplateNotFoundError(kind);
    return this.render(kind, sampleFor(kind), query.language, query.role, undefined);
  }

  /** The kind's template with data staff bring, checked against the contract of the kind's event. */
  previewWith(kind: string, body: PreviewRequest): TemplatePreview {
    if (!isKind(kind)) throw new TemplateNotFoundError(kind);
    const contract = NOTIFICATION_RULES.find((r) => r.kind === kind)!.on.contract;
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
    // Shown masked, as in the delivery log: the real link exists only in the email on the wire.
    const sampleUnsubscribe = this.unsubscribeLinks.maskedFor({
      recipientKey: 'email:preview@example.invalid',
      category: categoryOf(kind),
    });
    let email;
    try {
      email = renderEmail({
        kind,
        data,
        language,
        role: chosenRole,
        recipientName: recipientName ?? (language === 'ja' ? '山田 太郎' : 'Taro Yamada'),
        recipientEmail: 'preview@example.invalid',
        issuedAt: this.clock.now(),
        signature: this.settings.signature,
        unsubscribeUrl: sampleUnsubscribe,
        // As a registry person gets them (a guest gets none), masked like the unsubscribe link.
        consentLinks: maskedConsentLinks(this.settings.consentWithdrawalUrl, categoryOf(kind)).map((c) => ({
          purpose: c.purpose,
          url: c.masked,
        })),
        recipientData: ownDataFor(kind, data, chosenRole),
        mentionedPeople: previewPeople(language),
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
