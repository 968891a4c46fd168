import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { EmailAttachment } from '../templates/template-types.js';

/**
 * The Message-ID of the email for (event, recipient, kind): the same on every attempt, resend, replica
 * and restart, so that a mail client or server that sees it twice can tell it is one message.
 */
export function messageIdFor(eventId: string, recipientKey: string, kind: string, domain: string): string {
  const hash = createHash('sha256').update(`${eventId}\n${recipientKey}\n${kind}`).digest('hex').slice(0, 40);
  return `<${hash}@${domain}>`;
}

export interface OutgoingEmail {
  from: { name: string; address: string };
  to: { name: string | null; address: string };
  subject: string;
  text: string;
  html: string;
  attachments: EmailAttachment[];
  messageId: string;
  language: 'ja' | 'en';
  kind: string;
  /** The one-click unsubscribe URL (RFC 8058), for optional categories. */
  unsubscribeUrl: string | null;
  /** The Date header: when the worker started this try (the kit's Clock). */
  date: Date;
}

/**
 * Builds the MIME message: text and HTML alternatives in UTF-8, attachments, headers encoded as RFC 2047
 * words by nodemailer (Japanese subjects and names arrive intact in every client).
 */
export async function buildMessage(email: OutgoingEmail): Promise<Buffer> {
  const headers: Record<string, string | { prepared: true; value: string }> = {
    'Auto-Submitted': 'auto-generated',
    'Content-Language': email.language,
    'X-Collabo-Notification': email.kind,
  };
  if (email.unsubscribeUrl) {
    headers['List-Unsubscribe'] = { prepared: true, value: `<${email.unsubscribeUrl}>` };
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  const composer = new MailComposer({
    from: email.from,
    to: email.to.name ? { name: email.to.name, address: email.to.address } : email.to.address,
    subject: email.subject,
    messageId: email.messageId,
    date: email.date,
    text: email.text,
    html: email.html,
    attachments: email.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
    headers,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return composer.compile().build();
}
