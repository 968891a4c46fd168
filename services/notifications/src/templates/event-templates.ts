import type {
  AttendeeV2,
  EventCancelledV1,
  EventChangedV1,
  EventCompletedV2,
  EventRefV1,
  Language,
  RegistrationCancelledV1,
  RegistrationConfirmedV1,
  RegistrationSeatOfferedV2,
  RegistrationWaitlistedV1,
} from '@collabo/contracts';
import { dateTimeLabel, dateTimeRangeLabel } from '@collabo/calendar';
import { formatFee, instantOf, labelList, labelOf, localized, type Labels } from './format.js';
import type { DetailRow, KindTemplate } from './template-types.js';

const EVENT_KINDS: Labels = {
  exchange_meeting: { ja: '交流会', en: 'Exchange meeting' },
  seminar: { ja: 'セミナー', en: 'Seminar' },
  matching_meeting: { ja: 'マッチング会', en: 'Matching meeting' },
  forum: { ja: 'フォーラム', en: 'Forum' },
  site_visit: { ja: '見学会', en: 'Site visit' },
};

const EVENT_LANGUAGES: Labels = {
  ja: { ja: '日本語', en: 'Japanese' },
  en: { ja: '英語', en: 'English' },
  ja_en: { ja: '日本語・英語', en: 'Japanese and English' },
};

const CHANGED_FIELDS: Labels = {
  startsAt: { ja: '開始日時', en: 'start' },
  endsAt: { ja: '終了日時', en: 'end' },
  venue: { ja: '会場', en: 'venue' },
  title: { ja: '名称', en: 'title' },
  feeYen: { ja: '参加費', en: 'fee' },
  partyFeeYen: { ja: '懇親会費', en: 'party fee' },
  language: { ja: '使用言語', en: 'language' },
  capacity: { ja: '定員', en: 'capacity' },
  kind: { ja: '形式', en: 'format' },
};

/** The variables every event email has. */
function eventVariables(event: EventRefV1, language: Language): Record<string, string> {
  return {
    event: localized(event.title, language),
    eventKind: labelOf(EVENT_KINDS, event.kind, language),
    when: dateTimeRangeLabel(instantOf(event.startsAt), instantOf(event.endsAt), language),
    venue: event.venue.name,
    address: event.venue.address ?? '',
    fee: formatFee(event.feeYen, language),
    partyFee: event.partyFeeYen > 0 ? formatFee(event.partyFeeYen, language) : '',
    eventLanguage: labelOf(EVENT_LANGUAGES, event.language, language),
  };
}

const EVENT_DETAILS: Record<Language, DetailRow[]> = {
  ja: [
    { label: '催し', value: '{{event}}（{{eventKind}}）' },
    { label: '日時', value: '{{when}}' },
    { label: '会場', value: '{{venue}}' },
    { label: '所在地', value: '{{address}}' },
    { label: '参加費', value: '{{fee}}' },
    { label: '懇親会費', value: '{{partyFee}}' },
    { label: '使用言語', value: '{{eventLanguage}}' },
  ],
  en: [
    { label: 'Event', value: '{{event}} ({{eventKind}})' },
    { label: 'When', value: '{{when}}' },
    { label: 'Venue', value: '{{venue}}' },
    { label: 'Address', value: '{{address}}' },
    { label: 'Fee', value: '{{fee}}' },
    { label: 'Party fee', value: '{{partyFee}}' },
    { label: 'Language', value: '{{eventLanguage}}' },
  ],
};

/** The short event block of a thank-you note (what, when, where). */
const PAST_EVENT_DETAILS: Record<Language, DetailRow[]> = {
  ja: EVENT_DETAILS.ja.filter((row) => ['催し', '日時', '会場'].includes(row.label)),
  en: EVENT_DETAILS.en.filter((row) => ['Event', 'When', 'Venue'].includes(row.label)),
};

/** A link worth showing: http(s) only (anything else is left out, with the words that point at it). */
function webLink(value: unknown): string {
  return typeof value === 'string' && /^https?:\/\/\S+$/i.test(value) ? value : '';
}

const withEvent =
  <D extends { event: EventRefV1 }>(extra: (data: D, language: Language) => Record<string, string> = () => ({})) =>
  (raw: unknown, language: Language): Record<string, string> => {
    const data = raw as D;
    return { ...eventVariables(data.event, language), ...extra(data, language) };
  };

export const eventTemplates = {
  'registration-received': {
    prefix: { ja: '【Collabo 申込受付】', en: '[Collabo Registration received]' },
    text: {
      ja: {
        subject: '{{event}}のお申し込みを受け付けました',
        paragraphs: [
          '{{event}}にお申し込みいただき、誠にありがとうございます。下記のとおりお申し込みを受け付けました。',
          '参加の可否が決まりましたら、改めてメールでお知らせいたします。',
        ],
        details: EVENT_DETAILS.ja,
      },
      en: {
        subject: 'Your registration for {{event}}',
        paragraphs: [
          'Thank you for registering for {{event}}. We have received your registration as shown below.',
          'We will email you again as soon as your place is confirmed.',
        ],
        details: EVENT_DETAILS.en,
      },
    },
    variables: withEvent(),
  },

  'registration-confirmed': {
    prefix: { ja: '【Collabo 参加確定】', en: '[Collabo Registration confirmed]' },
    text: {
      ja: {
        subject: '{{event}}（{{when}}）へのご参加が確定しました',
        paragraphs: [
          '{{event}}へのご参加が確定しましたのでお知らせいたします。当日のご来場を心よりお待ちしております。',
          '予定表に登録できるファイル（event.ics）を添付いたしましたので、ご利用ください。',
        ],
        details: [...EVENT_DETAILS.ja, { label: '受付コード', value: '{{checkInToken}}' }],
        after: ['受付の際に受付コードをお知らせください。ご都合が悪くなった場合は、お早めにご連絡ください。'],
      },
      en: {
        subject: '{{event}} ({{when}}): your place is confirmed',
        paragraphs: [
          'Your place at {{event}} is confirmed. We look forward to seeing you.',
          'The attached file (event.ics) adds the event to your calendar.',
        ],
        details: [...EVENT_DETAILS.en, { label: 'Check-in code', value: '{{checkInToken}}' }],
        after: ['Please give the check-in code at the reception. If you cannot come after all, please let us know early.'],
      },
    },
    variables: withEvent<RegistrationConfirmedV1.Data>((data) => ({ checkInToken: data.checkInToken })),
    attachments: (raw) => [
      { filename: 'event.ics', contentType: 'text/calendar; charset=utf-8', content: (raw as RegistrationConfirmedV1.Data).calendar },
    ],
  },

  'registration-waitlisted': {
    prefix: { ja: '【Collabo キャンセル待ち】', en: '[Collabo Waitlisted]' },
    text: {
      ja: {
        subject: '{{event}}のキャンセル待ち（{{position}}番目）について',
        paragraphs: [
          '{{event}}にお申し込みいただき、誠にありがとうございます。',
          'あいにく定員に達しているため、キャンセル待ち（{{position}}番目）として承りました。お席が空きましたら、メールでご案内いたします。',
        ],
        details: [...EVENT_DETAILS.ja, { label: 'キャンセル待ち順位', value: '{{position}}番目' }],
      },
      en: {
        subject: '{{event}}: you are number {{position}} on the waiting list',
        paragraphs: [
          'Thank you for registering for {{event}}.',
          'The event is full, so we have put you on the waiting list at position {{position}}. We will email you as soon as a seat becomes free.',
        ],
        details: [...EVENT_DETAILS.en, { label: 'Waiting list position', value: '{{position}}' }],
      },
    },
    variables: withEvent<RegistrationWaitlistedV1.Data>((data) => ({ position: String(data.position) })),
  },

  'registration-seat-offered': {
    prefix: { ja: '【Collabo 空席のご案内】', en: '[Collabo Seat offered]' },
    text: {
      ja: {
        subject: '{{event}}に空席が出ました（{{deadline}}までにご回答ください）',
        paragraphs: [
          'キャンセル待ちをいただいている{{event}}に空席が出ましたので、ご案内いたします。',
          'ご参加いただける場合は、{{deadline}}までに下記のリンクからお手続きください。期限を過ぎますと、次の方にご案内いたします。',
        ],
        details: [...EVENT_DETAILS.ja, { label: '回答期限', value: '{{deadline}}' }],
        action: { label: '参加を申し込む', url: '{{acceptUrl}}' },
      },
      en: {
        subject: '{{event}}: a seat is free for you (please answer by {{deadline}})',
        paragraphs: [
          'A seat has become free at {{event}}, for which you are on the waiting list.',
          'If you would like to come, please accept it with the link below by {{deadline}}. After that, the seat goes to the next person in line.',
        ],
        details: [...EVENT_DETAILS.en, { label: 'Answer by', value: '{{deadline}}' }],
        action: { label: 'Accept the seat', url: '{{acceptUrl}}' },
      },
    },
    // The accept link is masked (`?token=•••`); the delivery worker puts the real one in at send time.
    variables: withEvent<RegistrationSeatOfferedV2.Data>((data, language) => ({
      deadline: dateTimeLabel(instantOf(data.expiresAt), language),
      acceptUrl: data.maskedAcceptUrl,
    })),
  },

  'registration-offer-expired': {
    prefix: { ja: '【Collabo 空席案内の期限切れ】', en: '[Collabo Offer expired]' },
    text: {
      ja: {
        subject: '{{event}}の空席のご案内は期限を過ぎました',
        paragraphs: [
          '先日ご案内いたしました{{event}}の空席は、回答期限を過ぎたため、次の方にご案内いたしました。',
          'またの機会にぜひご参加くださいますようお願い申し上げます。',
        ],
        details: EVENT_DETAILS.ja,
      },
      en: {
        subject: '{{event}}: the seat offer has expired',
        paragraphs: [
          'The seat we offered you at {{event}} was not accepted in time and has gone to the next person in line.',
          'We hope to see you at another event.',
        ],
        details: EVENT_DETAILS.en,
      },
    },
    variables: withEvent(),
  },

  'registration-cancelled': {
    prefix: { ja: '【Collabo 申込取消】', en: '[Collabo Registration cancelled]' },
    text: {
      ja: {
        subject: '{{event}}のお申し込みを取り消しました',
        paragraphs: [
          { if: 'byRegistrant', text: 'ご連絡いただいたとおり、{{event}}へのお申し込みを取り消しました。' },
          {
            if: 'byStaff',
            text: '{{event}}へのお申し込みは、事務局にて取り消しの手続きをいたしました。お心当たりのない場合は、下記までご連絡ください。',
          },
        ],
        details: EVENT_DETAILS.ja,
      },
      en: {
        subject: '{{event}}: your registration is cancelled',
        paragraphs: [
          { if: 'byRegistrant', text: 'As you asked, we have cancelled your registration for {{event}}.' },
          {
            if: 'byStaff',
            text: 'Our office has cancelled your registration for {{event}}. If you did not expect this, please contact us.',
          },
        ],
        details: EVENT_DETAILS.en,
      },
    },
    variables: withEvent<RegistrationCancelledV1.Data>((data) => ({
      byRegistrant: data.cancelledBy === 'registrant' ? 'yes' : '',
      byStaff: data.cancelledBy === 'registrant' ? '' : 'yes',
    })),
  },

  'event-changed': {
    prefix: { ja: '【Collabo 開催内容変更】', en: '[Collabo Event changed]' },
    text: {
      ja: {
        subject: '{{event}}の開催内容が変更になりました（{{changed}}）',
        paragraphs: [
          'お申し込みいただいている{{event}}について、開催内容が変更になりましたのでお知らせいたします（変更点：{{changed}}）。',
          { if: 'message', text: '{{message}}' },
          '変更後の内容は下記のとおりです。ご迷惑をおかけいたしますが、何卒ご了承くださいますようお願い申し上げます。',
        ],
        details: EVENT_DETAILS.ja,
      },
      en: {
        subject: '{{event}} has changed ({{changed}})',
        paragraphs: [
          'The event you registered for, {{event}}, has changed (what changed: {{changed}}).',
          { if: 'message', text: '{{message}}' },
          'The event as it now stands is shown below. We apologise for any inconvenience.',
        ],
        details: EVENT_DETAILS.en,
      },
    },
    variables: withEvent<EventChangedV1.Data>((data, language) => ({
      changed: labelList(CHANGED_FIELDS, data.changedFields, language) || '-',
      message: data.message,
    })),
  },

  'event-cancelled': {
    prefix: { ja: '【Collabo 開催中止】', en: '[Collabo Event cancelled]' },
    text: {
      ja: {
        subject: '{{event}}（{{when}}）開催中止のお知らせ',
        paragraphs: [
          'お申し込みいただいておりました{{event}}は、誠に勝手ながら開催を中止することとなりました。',
          { if: 'reason', text: '中止の理由：{{reason}}' },
          'ご参加を予定してくださった皆様には多大なご迷惑をおかけいたしますことを、深くお詫び申し上げます。お支払い済みの参加費がある場合は、別途ご連絡いたします。',
        ],
        details: EVENT_DETAILS.ja,
      },
      en: {
        subject: '{{event}} ({{when}}) is cancelled',
        paragraphs: [
          'We regret to tell you that {{event}}, for which you registered, has been cancelled.',
          { if: 'reason', text: 'Reason: {{reason}}' },
          'We sincerely apologise for the inconvenience. If you have already paid a fee, we will contact you separately.',
        ],
        details: EVENT_DETAILS.en,
      },
    },
    variables: withEvent<EventCancelledV1.Data>((data) => ({ reason: data.reason })),
  },

  'event-reminder': {
    prefix: { ja: '【Collabo 明日開催】', en: '[Collabo Reminder]' },
    text: {
      ja: {
        subject: '明日開催：{{event}}（{{when}}）',
        paragraphs: ['明日開催の{{event}}について、改めてご案内いたします。お気をつけてお越しください。'],
        details: EVENT_DETAILS.ja,
        after: ['ご都合が悪くなった場合は、お手数ですが下記までご連絡ください。'],
      },
      en: {
        subject: 'Tomorrow: {{event}} ({{when}})',
        paragraphs: ['A reminder that {{event}} takes place tomorrow. We look forward to seeing you.'],
        details: EVENT_DETAILS.en,
        after: ['If you cannot come after all, please let us know.'],
      },
    },
    variables: withEvent(),
  },

  'event-thanks': {
    prefix: { ja: '【Collabo ご参加御礼】', en: '[Collabo Thank you]' },
    text: {
      ja: {
        subject: '{{event}}へのご参加ありがとうございました（アンケートのお願い）',
        paragraphs: [
          '先日はご多用のところ{{event}}にご参加いただき、誠にありがとうございました。',
          {
            if: 'questionnaireUrl',
            text: '今後の催しをより良いものにするため、アンケートへのご協力をお願いいたします。下記のリンクからご回答いただけます。',
          },
        ],
        details: PAST_EVENT_DETAILS.ja,
        action: { label: 'アンケートに回答する', url: '{{questionnaireUrl}}' },
        after: [
          { if: 'questionnaireUrl', text: 'このリンクはお一人おひとりに専用のものです。ほかの方と共有なさらないようお願いいたします。' },
          { if: 'questionnaireUrl', text: 'いただいたご回答は、今後の催しの企画と改善のために活用させていただきます。' },
          '今後とも当財団の催しにご参加くださいますよう、心よりお待ちしております。',
        ],
      },
      en: {
        subject: 'Thank you for attending {{event}} (questionnaire)',
        paragraphs: [
          'Thank you very much for attending {{event}}.',
          {
            if: 'questionnaireUrl',
            text: 'To help us make future events better, we would be grateful if you could answer our questionnaire with the link below.',
          },
        ],
        details: PAST_EVENT_DETAILS.en,
        action: { label: 'Answer the questionnaire', url: '{{questionnaireUrl}}' },
        after: [
          { if: 'questionnaireUrl', text: 'The link is yours alone; please do not pass it on.' },
          { if: 'questionnaireUrl', text: 'We use the answers to plan and improve our events.' },
          'We hope to see you again at one of our events.',
        ],
      },
    },
    // The questionnaire link is the attendee's own (their registration token), not the event's; it is masked
    // here (`?token=•••`) and the delivery worker puts the real one in at send time.
    variables: (raw, language, own) => ({
      ...eventVariables((raw as EventCompletedV2.Data).event, language),
      questionnaireUrl: webLink((own as Partial<AttendeeV2> | undefined)?.maskedQuestionnaireUrl),
    }),
  },
} satisfies Record<string, KindTemplate>;
