import { buildIcs, type IcsMethod } from '@collabo/calendar';
import type { InterviewV1, ProposalRefV1 } from '@collabo/contracts';
import { instantOf, localized } from './format.js';
import type { AttachmentContext, EmailAttachment } from './template-types.js';

const PROD_ID = '-//Collabo//Notifications//JA';

/** The file names the emails' words point at. */
export const HEARING_ICS = { REQUEST: 'hearing.ics', CANCEL: 'hearing-cancelled.ics' } as const;

/**
 * The .ics of a hearing invitation (RFC 5546): METHOD:REQUEST for a new or changed hearing, METHOD:CANCEL for a
 * cancelled one (or for an invitee no longer invited). The UID is the interview's id and the SEQUENCE the one the
 * proposals service counts (it grows with every change), so a calendar program replaces or removes the entry it
 * already holds. The organiser is the foundation's desk of the signature; the attendee the recipient.
 */
export function hearingCalendar(
  method: Extract<IcsMethod, 'REQUEST' | 'CANCEL'>,
  proposal: ProposalRefV1,
  interview: InterviewV1,
  context: AttachmentContext,
): EmailAttachment {
  const { language, signature, recipient } = context;
  const title = localized(proposal.title, language);
  const summary =
    language === 'ja' ? `ヒアリング（面談）：${title}（${proposal.referenceNumber}）` : `Hearing: ${title} (${proposal.referenceNumber})`;
  const description = [
    language === 'ja' ? `受付番号：${proposal.referenceNumber}` : `Reference: ${proposal.referenceNumber}`,
    ...(interview.onlineUrl ? [language === 'ja' ? `オンライン：${interview.onlineUrl}` : `Online: ${interview.onlineUrl}`] : []),
    ...(interview.note ? [interview.note] : []),
    `${signature.organization[language]} ${signature.department[language]} ${signature.phone}`,
  ].join('\n');
  const content = buildIcs(
    [
      {
        uid: interview.interviewId,
        sequence: interview.sequence,
        start: instantOf(interview.startsAt),
        end: instantOf(interview.endsAt),
        summary,
        description,
        location: interview.place ?? interview.onlineUrl,
        url: interview.onlineUrl,
        status: method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
        organizer: { email: signature.email, name: signature.organization[language] },
        attendees: recipient.email ? [{ email: recipient.email, name: recipient.name }] : [],
      },
    ],
    { method, now: context.issuedAt, prodId: PROD_ID },
  );
  return { filename: HEARING_ICS[method], contentType: `text/calendar; charset=utf-8; method=${method}`, content };
}
