import type { Language } from '@collabo/contracts';
import type { MentionedPeople } from './person-names.js';

/** A paragraph; with `if`, only when that variable is not empty. Text may hold `{{variables}}`. */
export type Paragraph = string | { text: string; if: string };

/** One row of the details block (`日時: …`); left out when its value comes out empty. */
export interface DetailRow {
  label: string;
  value: string;
}

/** The words of one email in one language. Data: only `{{variable}}` placeholders, no code. */
export interface TemplateText {
  subject: string;
  paragraphs: Paragraph[];
  details?: DetailRow[];
  /** A link the email is about (accept the seat, set the password); shown only for http(s) URLs. */
  action?: { label: string; url: string; note?: string };
  /** Paragraphs after the details and the action. */
  after?: Paragraph[];
}

export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

/** Everything about one kind of email: its filterable subject prefix, its words, and its variables. */
export interface KindTemplate {
  /** e.g. `【Collabo 審査結果】` / `[Collabo Screening result]`: one per kind, so people can filter. */
  prefix: Record<Language, string>;
  text: Record<Language, TemplateText>;
  /**
   * The values the words use, from the event's data, in the recipient's language. `own` is what the event
   * says about this recipient alone (see the rule's `each`), undefined when the rule has none. `people` gives the text
   * that stands for a third person the email names (a slot filled at send time, a sample name in previews).
   */
  variables(data: unknown, language: Language, own: unknown, people: MentionedPeople): Record<string, string>;
  attachments?(data: unknown, context: AttachmentContext): EmailAttachment[];
}

/** What an attachment may say about the email it goes with (an invitation's .ics names its attendee and organiser). */
export interface AttachmentContext {
  language: Language;
  recipient: { email: string | null; name: string | null };
  signature: Signature;
  /** When the email was made (the event's `occurredAt`): the .ics DTSTAMP, the same on every redelivery. */
  issuedAt: Date;
}

/** The foundation's signature (from the environment). */
export interface Signature {
  organization: Record<Language, string>;
  department: Record<Language, string>;
  person: Record<Language, string>;
  phone: string;
  email: string;
}
