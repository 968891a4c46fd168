import { createHash } from 'node:crypto';
import { domainToASCII } from 'node:url';
import { encodeWord, foldLines } from 'nodemailer/lib/mime-funcs';
import { UnbuildableMessageError } from '../errors.js';
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

/** A header value's characters that may never reach a header: control characters (line breaks included). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\x00-\x1f\x7f]+/g;
/** Printable ASCII that no decoder would take for an encoded word. */
const PLAIN_ASCII = /^[\x20-\x7e]*$/;
/** An address as it may appear in a header: no blank, bracket, quote or separator (anything else is refused). */
const ADDRESS = /^[^\s<>()[\],;:"\\@]+@[^\s<>()[\],;:"\\@]+$/;
/** An ASCII display name that is one quoted string as it is. */
const QUOTABLE_NAME = /^[\x20-\x7e]*$/;

/** Long header lines folded at blanks (RFC 5322), as nodemailer folds them. */
function header(key: string, value: string): string {
  return foldLines(`${key}: ${value}`, 76);
}

/** An unstructured value (the subject): as it is when plain ASCII, else RFC 2047 base64 words of UTF-8. */
function unstructured(value: string): string {
  const v = value.replace(CONTROL, ' ').trim();
  return PLAIN_ASCII.test(v) && !v.includes('=?') ? v : encodeWord(v, 'B', 52);
}

function mailbox(who: { name: string | null; address: string }): string {
  const address = who.address.trim();
  if (!ADDRESS.test(address)) throw new UnbuildableMessageError('an address that cannot be written in a header');
  const at = address.lastIndexOf('@');
  const domain = address.slice(at + 1);
  const ascii = PLAIN_ASCII.test(domain) ? domain : domainToASCII(domain);
  if (!ascii) throw new UnbuildableMessageError('an address whose domain cannot be written in ASCII');
  const addr = `${address.slice(0, at)}@${ascii}`;
  const name = (who.name ?? '').replace(CONTROL, ' ').trim();
  if (!name) return addr;
  const phrase = QUOTABLE_NAME.test(name) && !name.includes('=?') ? `"${name.replace(/["\\]/g, '\\$&')}"` : encodeWord(name, 'B', 52);
  return `${phrase} <${addr}>`;
}

/** Base64 of UTF-8 (or of the bytes), in lines of 76 characters. */
function base64Lines(content: string | Buffer): string {
  const b64 = (typeof content === 'string' ? Buffer.from(content, 'utf8') : content).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76));
  return lines.join('\r\n');
}

/** Content types and file names come from the templates: plain tokens only (anything else is refused, not escaped). */
const CONTENT_TYPE = /^[\w.+-]+\/[\w.+-]+(?:;\s*[\w-]+=[\w.+-]+)*$/;
const FILENAME = /^[\w.-]{1,100}$/;

/**
 * Builds the MIME message: text and HTML alternatives in UTF-8 (base64), attachments, headers with RFC 2047 words
 * (nodemailer's encoder) so Japanese subjects and names arrive intact in every client. Written here for the one shape
 * the service sends (a fraction of MailComposer's CPU per email, issue #19); a value that cannot be written safely (an
 * address with a line break, say) is refused (UnbuildableMessageError), never escaped into a header. Every part is
 * base64, and the boundaries (from the Message-ID) hold `_`, which base64 never does, so no part can end another.
 */
export async function buildMessage(email: OutgoingEmail): Promise<Buffer> {
  if (!/^<[^<>\s]+>$/.test(email.messageId)) throw new UnbuildableMessageError('a Message-ID that is not <id@domain>');
  const seed = createHash('sha256').update(email.messageId).digest('hex').slice(0, 24);
  const alternative = `=_collabo_${seed}_alt`;
  const mixed = `=_collabo_${seed}_mix`;
  const headers = [
    header('From', mailbox(email.from)),
    header('To', mailbox(email.to)),
    header('Subject', unstructured(email.subject)),
    header('Message-ID', email.messageId),
    header('Date', email.date.toUTCString().replace(/GMT/, '+0000')),
    header('Auto-Submitted', 'auto-generated'),
    header('Content-Language', email.language),
    header('X-Collabo-Notification', unstructured(email.kind)),
  ];
  if (email.unsubscribeUrl) {
    if (!/^https?:\/\/[^\s<>]+$/i.test(email.unsubscribeUrl))
      throw new UnbuildableMessageError('an unsubscribe link that cannot be written in a header');
    headers.push(`List-Unsubscribe: <${email.unsubscribeUrl}>`, 'List-Unsubscribe-Post: List-Unsubscribe=One-Click');
  }
  headers.push('MIME-Version: 1.0');
  const body = [
    `--${alternative}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(email.text),
    `--${alternative}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(email.html),
    `--${alternative}--`,
  ];
  let lines: string[];
  if (email.attachments.length === 0) {
    lines = [...headers, header('Content-Type', `multipart/alternative; boundary="${alternative}"`), '', ...body];
  } else {
    lines = [...headers, header('Content-Type', `multipart/mixed; boundary="${mixed}"`), '', `--${mixed}`];
    lines.push(header('Content-Type', `multipart/alternative; boundary="${alternative}"`), '', ...body);
    for (const a of email.attachments) {
      if (!CONTENT_TYPE.test(a.contentType) || !FILENAME.test(a.filename)) {
        throw new UnbuildableMessageError('an attachment whose type or name cannot be written in a header');
      }
      lines.push(
        `--${mixed}`,
        header('Content-Type', `${a.contentType}; name=${a.filename}`),
        'Content-Transfer-Encoding: base64',
        `Content-Disposition: attachment; filename=${a.filename}`,
        '',
        base64Lines(a.content),
      );
    }
    lines.push(`--${mixed}--`);
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}
