import type {
  DocumentRequestChangedV1,
  DocumentRequestClosedV1,
  DocumentRequestV1,
  DocumentsRequestedV1,
  InterviewCancelledV1,
  InterviewRescheduledV1,
  InterviewScheduledV1,
  InterviewV1,
  Language,
} from '@collabo/contracts';
import { dateLabel, dateTimeRangeLabel } from '@collabo/calendar';
import { HEARING_ICS, hearingCalendar } from './hearing-calendar.js';
import { dayOrInstantOf, instantOf, labelList, type Labels } from './format.js';
import { proposalVariables } from './proposal-templates.js';
import type { DetailRow, KindTemplate } from './template-types.js';

/*
 * What the applicant is asked to do by a date: come to a hearing (ヒアリング, with its .ics) or send missing
 * documents. Transactional (`applicant_request`): these cannot be switched off.
 */

const INTERVIEW_FIELDS: Labels = {
  when: { ja: '日時', en: 'date and time' },
  place: { ja: '場所', en: 'place' },
  onlineUrl: { ja: 'オンライン参加の URL', en: 'online link' },
  note: { ja: 'ご案内事項', en: 'note' },
  invitees: { ja: 'ご出席いただく方', en: 'invitees' },
};

const REQUEST_FIELDS: Labels = {
  items: { ja: 'ご提出いただく書類', en: 'documents' },
  dueOn: { ja: '提出期限', en: 'due date' },
  note: { ja: 'ご案内事項', en: 'note' },
  details: { ja: '内容', en: 'details' },
};

/** A link worth showing: http(s) only. */
function webLink(value: string | null | undefined): string {
  return typeof value === 'string' && /^https?:\/\/\S+$/i.test(value) ? value : '';
}

function interviewVariables(interview: InterviewV1, language: Language): Record<string, string> {
  return {
    when: dateTimeRangeLabel(instantOf(interview.startsAt), instantOf(interview.endsAt), language),
    place: interview.place ?? '',
    onlineUrl: webLink(interview.onlineUrl),
    note: interview.note ?? '',
  };
}

/** What changed between two versions of a hearing, as words (`日時・場所`). */
function interviewChanges(now: InterviewV1, before: InterviewV1): string[] {
  const changed: string[] = [];
  if (now.startsAt !== before.startsAt || now.endsAt !== before.endsAt) changed.push('when');
  if ((now.place ?? '') !== (before.place ?? '')) changed.push('place');
  if ((now.onlineUrl ?? '') !== (before.onlineUrl ?? '')) changed.push('onlineUrl');
  if ((now.note ?? '') !== (before.note ?? '')) changed.push('note');
  // The same hearing with other people invited (the event does not say who was added).
  return changed.length ? changed : ['invitees'];
}

function itemsList(items: readonly string[], language: Language): string {
  return items.map((item) => (language === 'ja' ? `・${item}` : `- ${item}`)).join('\n');
}

function requestVariables(request: DocumentRequestV1, language: Language): Record<string, string> {
  return {
    items: itemsList(request.items, language),
    itemCount: String(request.items.length),
    dueOn: dateLabel(dayOrInstantOf(request.dueOn), language),
    note: request.note ?? '',
  };
}

function requestChanges(now: DocumentRequestV1, before: DocumentRequestV1): string[] {
  const changed: string[] = [];
  if (now.items.join('\n') !== before.items.join('\n')) changed.push('items');
  if (now.dueOn !== before.dueOn) changed.push('dueOn');
  if ((now.note ?? '') !== (before.note ?? '')) changed.push('note');
  return changed.length ? changed : ['details'];
}

const HEARING_DETAILS: Record<Language, DetailRow[]> = {
  ja: [
    { label: '受付番号', value: '{{ref}}' },
    { label: '事業案', value: '{{title}}' },
    { label: '日時', value: '{{when}}' },
    { label: '場所', value: '{{place}}' },
    { label: 'オンライン参加', value: '{{onlineUrl}}' },
    { label: 'ご案内事項', value: '{{note}}' },
  ],
  en: [
    { label: 'Reference', value: '{{ref}}' },
    { label: 'Proposal', value: '{{title}}' },
    { label: 'When', value: '{{when}}' },
    { label: 'Place', value: '{{place}}' },
    { label: 'Online', value: '{{onlineUrl}}' },
    { label: 'Note', value: '{{note}}' },
  ],
};

const REQUEST_DETAILS: Record<Language, DetailRow[]> = {
  ja: [
    { label: '受付番号', value: '{{ref}}' },
    { label: '事業案', value: '{{title}}' },
    { label: 'ご提出いただく書類', value: '{{items}}' },
    { label: '提出期限', value: '{{dueOn}}' },
    { label: 'ご案内事項', value: '{{note}}' },
  ],
  en: [
    { label: 'Reference', value: '{{ref}}' },
    { label: 'Proposal', value: '{{title}}' },
    { label: 'Documents', value: '{{items}}' },
    { label: 'Due on', value: '{{dueOn}}' },
    { label: 'Note', value: '{{note}}' },
  ],
};

/** A cancellation is of a hearing that was cancelled, or (from a change) of one the recipient no longer attends. */
function cancellationOf(raw: unknown): { interview: InterviewV1; reason: string; uninvited: boolean } {
  if (raw !== null && typeof raw === 'object' && 'removedRecipientIds' in raw) {
    // The hearing as the removed invitee knew it, with the sequence of this change (so the CANCEL wins).
    const data = raw as InterviewRescheduledV1.Data;
    return { interview: { ...data.previous, sequence: data.interview.sequence }, reason: '', uninvited: true };
  }
  const data = raw as InterviewCancelledV1.Data;
  return { interview: data.interview, reason: data.reason ?? '', uninvited: false };
}

export const applicantRequestTemplates = {
  'interview-scheduled': {
    prefix: { ja: '【Collabo 面談のご案内】', en: '[Collabo Hearing invitation]' },
    text: {
      ja: {
        subject: '「{{title}}」のヒアリング（{{when}}）のご案内（{{ref}}）',
        paragraphs: [
          '事業案「{{title}}」（{{ref}}）の審査の一環として、下記のとおりヒアリング（面談）を行います。ご多用のところ恐縮ですが、ご出席くださいますようお願いいたします。',
          `予定表に登録できるファイル（${HEARING_ICS.REQUEST}）を添付いたしましたので、ご利用ください。`,
        ],
        details: HEARING_DETAILS.ja,
        after: ['ご都合が悪い場合は、お早めに担当までご連絡ください。'],
      },
      en: {
        subject: 'Invitation to a hearing on "{{title}}" ({{when}}) ({{ref}})',
        paragraphs: [
          'As part of the screening of the business proposal "{{title}}" ({{ref}}), we would like to invite you to a hearing as shown below.',
          `The attached file (${HEARING_ICS.REQUEST}) adds the hearing to your calendar.`,
        ],
        details: HEARING_DETAILS.en,
        after: ['If the time does not suit you, please let us know as early as possible.'],
      },
    },
    variables: (raw, language) => {
      const data = raw as InterviewScheduledV1.Data;
      return { ...proposalVariables(data.proposal, language), ...interviewVariables(data.interview, language) };
    },
    attachments: (raw, context) => {
      const data = raw as InterviewScheduledV1.Data;
      return [hearingCalendar('REQUEST', data.proposal, data.interview, context)];
    },
  },

  'interview-rescheduled': {
    prefix: { ja: '【Collabo 面談の変更】', en: '[Collabo Hearing changed]' },
    text: {
      ja: {
        subject: '「{{title}}」のヒアリングの{{changed}}が変わりました（{{when}}）（{{ref}}）',
        paragraphs: [
          'ご案内しておりました事業案「{{title}}」（{{ref}}）のヒアリング（面談）について、{{changed}}を下記のとおり変更いたしました。',
          `変更後の予定表ファイル（${HEARING_ICS.REQUEST}）を添付いたしました。お使いの予定表の予定が、このファイルで更新されます。`,
        ],
        details: [
          ...HEARING_DETAILS.ja,
          { label: '変更前の日時', value: '{{previousWhen}}' },
          { label: '変更前の場所', value: '{{previousPlace}}' },
        ],
        after: ['ご都合が悪い場合は、お早めに担当までご連絡ください。'],
      },
      en: {
        subject: 'Hearing on "{{title}}": new {{changed}} ({{when}}) ({{ref}})',
        paragraphs: [
          'The {{changed}} of the hearing on the business proposal "{{title}}" ({{ref}}) changed as shown below.',
          `The attached file (${HEARING_ICS.REQUEST}) updates the entry in your calendar.`,
        ],
        details: [
          ...HEARING_DETAILS.en,
          { label: 'Previously', value: '{{previousWhen}}' },
          { label: 'Previous place', value: '{{previousPlace}}' },
        ],
        after: ['If the new time does not suit you, please let us know as early as possible.'],
      },
    },
    variables: (raw, language) => {
      const data = raw as InterviewRescheduledV1.Data;
      const changed = interviewChanges(data.interview, data.previous);
      const previous = interviewVariables(data.previous, language);
      return {
        ...proposalVariables(data.proposal, language),
        ...interviewVariables(data.interview, language),
        changed: labelList(INTERVIEW_FIELDS, changed, language),
        previousWhen: changed.includes('when') ? previous.when! : '',
        previousPlace: changed.includes('place') ? previous.place! || (language === 'ja' ? '（なし）' : '(none)') : '',
      };
    },
    attachments: (raw, context) => {
      const data = raw as InterviewRescheduledV1.Data;
      return [hearingCalendar('REQUEST', data.proposal, data.interview, context)];
    },
  },

  'interview-cancelled': {
    prefix: { ja: '【Collabo 面談の取り消し】', en: '[Collabo Hearing cancelled]' },
    text: {
      ja: {
        subject: '「{{title}}」のヒアリング（{{when}}）の取り消しのお知らせ（{{ref}}）',
        paragraphs: [
          {
            if: 'cancelled',
            text: 'ご案内しておりました下記のヒアリング（面談）は、中止となりました。ご予定いただいていたところ、誠に申し訳ございません。',
          },
          {
            if: 'uninvited',
            text: 'ご案内しておりました下記のヒアリング（面談）について、ご出席いただく必要がなくなりましたのでお知らせいたします。',
          },
          `お使いの予定表から予定を取り消すファイル（${HEARING_ICS.CANCEL}）を添付いたしました。`,
        ],
        details: [...HEARING_DETAILS.ja.filter((row) => row.label !== 'ご案内事項'), { label: '理由', value: '{{reason}}' }],
        after: [{ if: 'cancelled', text: 'あらためて日程を調整する場合は、担当よりご連絡いたします。' }],
      },
      en: {
        subject: 'Hearing on "{{title}}" ({{when}}) cancelled ({{ref}})',
        paragraphs: [
          { if: 'cancelled', text: 'The hearing below has been cancelled. We apologise for any inconvenience.' },
          { if: 'uninvited', text: 'You no longer need to attend the hearing below.' },
          `The attached file (${HEARING_ICS.CANCEL}) removes the entry from your calendar.`,
        ],
        details: [...HEARING_DETAILS.en.filter((row) => row.label !== 'Note'), { label: 'Reason', value: '{{reason}}' }],
        after: [{ if: 'cancelled', text: 'If a new date is needed, we will contact you.' }],
      },
    },
    variables: (raw, language) => {
      const { interview, reason, uninvited } = cancellationOf(raw);
      const data = raw as InterviewCancelledV1.Data;
      return {
        ...proposalVariables(data.proposal, language),
        ...interviewVariables(interview, language),
        reason,
        cancelled: uninvited ? '' : 'yes',
        uninvited: uninvited ? 'yes' : '',
      };
    },
    attachments: (raw, context) => {
      const { interview } = cancellationOf(raw);
      return [hearingCalendar('CANCEL', (raw as InterviewCancelledV1.Data).proposal, interview, context)];
    },
  },

  'documents-requested': {
    prefix: { ja: '【Collabo 書類提出のお願い】', en: '[Collabo Documents requested]' },
    text: {
      ja: {
        subject: '「{{title}}」の書類のご提出のお願い（{{dueOn}}まで）（{{ref}}）',
        paragraphs: [
          '事業案「{{title}}」（{{ref}}）の審査を進めるにあたり、下記の書類が不足しております。お手数をおかけいたしますが、{{dueOn}}までにご提出くださいますようお願いいたします。',
        ],
        details: REQUEST_DETAILS.ja,
        after: ['ご提出の方法やご不明な点は、担当コーディネーターまでお問い合わせください。'],
      },
      en: {
        subject: 'Documents needed for "{{title}}" by {{dueOn}} ({{ref}})',
        paragraphs: [
          'To continue the screening of the business proposal "{{title}}" ({{ref}}), we need the documents below. Please send them by {{dueOn}}.',
        ],
        details: REQUEST_DETAILS.en,
        after: ['If you have questions about how to send them, please contact your coordinator.'],
      },
    },
    variables: (raw, language) => {
      const data = raw as DocumentsRequestedV1.Data;
      return { ...proposalVariables(data.proposal, language), ...requestVariables(data.request, language) };
    },
  },

  'document-request-changed': {
    prefix: { ja: '【Collabo 書類提出依頼の変更】', en: '[Collabo Document request changed]' },
    text: {
      ja: {
        subject: '「{{title}}」の書類のご提出のお願いの{{changed}}を変更しました（{{dueOn}}まで）（{{ref}}）',
        paragraphs: [
          '先日お願いいたしました事業案「{{title}}」（{{ref}}）の書類のご提出について、{{changed}}を下記のとおり変更いたしました。',
        ],
        details: [...REQUEST_DETAILS.ja, { label: '変更前の提出期限', value: '{{previousDueOn}}' }],
        after: ['ご提出の方法やご不明な点は、担当コーディネーターまでお問い合わせください。'],
      },
      en: {
        subject: 'Document request for "{{title}}": new {{changed}} (due {{dueOn}}) ({{ref}})',
        paragraphs: [
          'We changed the {{changed}} of our request for documents for the business proposal "{{title}}" ({{ref}}), as shown below.',
        ],
        details: [...REQUEST_DETAILS.en, { label: 'Previously due on', value: '{{previousDueOn}}' }],
        after: ['If you have questions about how to send them, please contact your coordinator.'],
      },
    },
    variables: (raw, language) => {
      const data = raw as DocumentRequestChangedV1.Data;
      const changed = requestChanges(data.request, data.previous);
      return {
        ...proposalVariables(data.proposal, language),
        ...requestVariables(data.request, language),
        changed: labelList(REQUEST_FIELDS, changed, language),
        previousDueOn: changed.includes('dueOn') ? dateLabel(dayOrInstantOf(data.previous.dueOn), language) : '',
      };
    },
  },

  'document-request-withdrawn': {
    prefix: { ja: '【Collabo 書類提出依頼の取り下げ】', en: '[Collabo Document request withdrawn]' },
    text: {
      ja: {
        subject: '「{{title}}」の書類のご提出のお願いを取り下げました（{{ref}}）',
        paragraphs: [
          '先日お願いいたしました事業案「{{title}}」（{{ref}}）の下記の書類のご提出は、不要となりました。ご対応いただく必要はございません。',
        ],
        details: [...REQUEST_DETAILS.ja.filter((row) => row.label !== 'ご案内事項'), { label: '理由', value: '{{reason}}' }],
      },
      en: {
        subject: 'Document request for "{{title}}" withdrawn ({{ref}})',
        paragraphs: [
          'We no longer need the documents below for the business proposal "{{title}}" ({{ref}}); there is nothing for you to do.',
        ],
        details: [...REQUEST_DETAILS.en.filter((row) => row.label !== 'Note'), { label: 'Reason', value: '{{reason}}' }],
      },
    },
    variables: (raw, language) => {
      const data = raw as DocumentRequestClosedV1.Data;
      return { ...proposalVariables(data.proposal, language), ...requestVariables(data.request, language), reason: data.reason ?? '' };
    },
  },
} satisfies Record<string, KindTemplate>;
