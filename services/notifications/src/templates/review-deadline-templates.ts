import type { Language, OverdueReviewsDigestV1, ReviewDueSoonV1, ReviewOverdueV1 } from '@collabo/contracts';
import { dateLabel } from '@collabo/calendar';
import { dayOrInstantOf, localized } from './format.js';
import { withoutSlotMarks } from './person-names.js';
import { proposalVariables } from './proposal-templates.js';
import type { KindTemplate } from './template-types.js';

/*
 * Review deadlines (`review_deadline`, optional): the advisor's reminder before the due day, the advisor's notice
 * the day after it, and the coordinator's weekly digest of overdue reviews. The proposals service publishes each
 * once (per assignment and due day, per coordinator and week); the delivery's unique key keeps each one email.
 * The digest names the advisor of each line: a third person's name, put in at send time (see person-names.ts), so
 * the line's text from the event (reference, title) is kept from ever looking like a name slot.
 */

function days(n: number, language: Language): string {
  return language === 'ja' ? `${n}日` : `${n} ${n === 1 ? 'day' : 'days'}`;
}

const REVIEW_DETAILS = {
  ja: [
    { label: '受付番号', value: '{{ref}}' },
    { label: '事業案', value: '{{title}}' },
    { label: 'プログラム', value: '{{programme}}' },
    { label: '審査期限', value: '{{dueOn}}' },
  ],
  en: [
    { label: 'Reference', value: '{{ref}}' },
    { label: 'Proposal', value: '{{title}}' },
    { label: 'Programme', value: '{{programme}}' },
    { label: 'Due on', value: '{{dueOn}}' },
  ],
};

export const reviewDeadlineTemplates = {
  'review-due-soon': {
    prefix: { ja: '【Collabo 審査期限のお知らせ】', en: '[Collabo Review due soon]' },
    text: {
      ja: {
        subject: '「{{title}}」の書面審査の期限は{{dueOn}}です（あと{{daysLeft}}）（{{ref}}）',
        paragraphs: [
          'いつも書面審査にご協力いただき、誠にありがとうございます。',
          'ご担当いただいている下記の事業案の書面審査は、{{dueOn}}が期限です（あと{{daysLeft}}）。期限までに Collabo でご登録くださいますようお願いいたします。',
        ],
        details: [...REVIEW_DETAILS.ja, { label: '残り日数', value: 'あと{{daysLeft}}' }],
        after: ['すでにご登録いただいている場合は、行き違いですのでご容赦ください。'],
      },
      en: {
        subject: 'Your review of "{{title}}" is due on {{dueOn}} ({{daysLeft}} left) ({{ref}})',
        paragraphs: [
          'Thank you for reviewing for us.',
          'Your written review of the business proposal below is due on {{dueOn}} ({{daysLeft}} left). Please enter it in Collabo by then.',
        ],
        details: [...REVIEW_DETAILS.en, { label: 'Time left', value: '{{daysLeft}}' }],
        after: ['If you have entered it already, please disregard this reminder.'],
      },
    },
    variables: (raw, language) => {
      const data = raw as ReviewDueSoonV1.Data;
      return {
        ...proposalVariables(data.proposal, language),
        dueOn: dateLabel(dayOrInstantOf(data.dueOn), language),
        daysLeft: days(data.daysLeft, language),
      };
    },
  },

  'review-overdue': {
    prefix: { ja: '【Collabo 審査期限超過】', en: '[Collabo Review overdue]' },
    text: {
      ja: {
        subject: '「{{title}}」の書面審査の期限（{{dueOn}}）を過ぎています（{{ref}}）',
        paragraphs: [
          'ご担当いただいている下記の事業案の書面審査は、{{dueOn}}が期限でした（{{daysOverdue}}超過）。ご多用のところ恐縮ですが、至急 Collabo でご登録くださいますようお願いいたします。',
          'ご事情によりご対応が難しい場合は、担当コーディネーターまでご連絡ください。',
        ],
        details: [...REVIEW_DETAILS.ja, { label: '超過日数', value: '{{daysOverdue}}' }],
        after: ['すでにご登録いただいている場合は、行き違いですのでご容赦ください。'],
      },
      en: {
        subject: 'Your review of "{{title}}" was due on {{dueOn}} ({{ref}})',
        paragraphs: [
          'Your written review of the business proposal below was due on {{dueOn}} ({{daysOverdue}} ago). Please enter it in Collabo as soon as you can.',
          'If you cannot complete it, please tell the coordinator.',
        ],
        details: [...REVIEW_DETAILS.en, { label: 'Overdue by', value: '{{daysOverdue}}' }],
        after: ['If you have entered it already, please disregard this notice.'],
      },
    },
    variables: (raw, language) => {
      const data = raw as ReviewOverdueV1.Data;
      return {
        ...proposalVariables(data.proposal, language),
        dueOn: dateLabel(dayOrInstantOf(data.dueOn), language),
        daysOverdue: days(data.daysOverdue, language),
      };
    },
  },

  'overdue-reviews-digest': {
    prefix: { ja: '【Collabo 週次 超過審査一覧】', en: '[Collabo Weekly overdue reviews]' },
    text: {
      ja: {
        subject: '期限を過ぎた書面審査 {{count}}件（{{weekOf}}の週）',
        paragraphs: [
          'ご担当の事業案のうち、書面審査の期限を過ぎているものは次の{{count}}件です（{{weekOf}}の週の時点）。',
          '{{reviews}}',
          '各審査員には、期限の翌日に個別にお知らせしております。審査員とのご調整をお願いいたします。最新の担当審査員は Collabo の案件画面でご確認いただけます。',
        ],
      },
      en: {
        subject: '{{countText}} (week of {{weekOf}})',
        paragraphs: [
          'These written reviews of proposals you coordinate are past their due date (week of {{weekOf}}):',
          '{{reviews}}',
          'Each advisor was reminded the day after the due date. Please follow up with them; the proposal’s page in Collabo shows its current advisors.',
        ],
      },
    },
    variables: (raw, language, _own, people) => {
      const data = raw as OverdueReviewsDigestV1.Data;
      const reviews = [...data.reviews].sort((a, b) => b.daysOverdue - a.daysOverdue || a.referenceNumber.localeCompare(b.referenceNumber));
      const line = (r: (typeof reviews)[number]): string => {
        const ref = withoutSlotMarks(r.referenceNumber);
        const title = withoutSlotMarks(localized(r.title, language));
        const due = dateLabel(dayOrInstantOf(r.dueOn), language);
        const advisor = people.nameOf(r.advisorId, 'advisor');
        return language === 'ja'
          ? `・${ref}「${title}」 期限 ${due}（${days(r.daysOverdue, language)}超過） 担当：${advisor}`
          : `- ${ref} "${title}": due ${due} (${days(r.daysOverdue, language)} overdue), assigned to ${advisor}`;
      };
      return {
        count: String(reviews.length),
        countText: reviews.length === 1 ? '1 overdue written review' : `${reviews.length} overdue written reviews`,
        weekOf: dateLabel(dayOrInstantOf(data.weekOf), language),
        reviews: reviews.map(line).join('\n'),
      };
    },
  },
} satisfies Record<string, KindTemplate>;
