import type {
  Language,
  OutcomeRecordedV1,
  ProposalAdvancedV1,
  ProposalDecidedV1,
  ProposalRefV1,
  ProposalSubmittedV1,
  ReviewerAssignedV1,
  TeamFormedV1,
} from '@collabo/contracts';
import { dateLabel, fiscalYearLabel } from '@collabo/calendar';
import { dayOrInstantOf, formatYen, labelList, labelOf, localized, type Labels } from './format.js';
import type { KindTemplate } from './template-types.js';

const FOCUS_FIELDS: Labels = {
  food: { ja: '食', en: 'food' },
  housing: { ja: '住', en: 'housing' },
  tourism: { ja: '遊（観光）', en: 'tourism' },
  it: { ja: 'IT', en: 'IT' },
  bio: { ja: 'バイオ', en: 'bio' },
  environment: { ja: '環境', en: 'environment' },
  energy: { ja: 'エネルギー', en: 'energy' },
  manufacturing: { ja: 'ものづくり', en: 'manufacturing' },
  medical: { ja: '医療・健康', en: 'medical' },
  other: { ja: 'その他', en: 'other' },
};

const OUTCOME_KINDS: Labels = {
  prototype: { ja: '試作', en: 'Prototype' },
  sale: { ja: '販売実績', en: 'Sale' },
  patent_filed: { ja: '特許出願', en: 'Patent filed' },
  patent_granted: { ja: '特許取得', en: 'Patent granted' },
  award: { ja: '受賞', en: 'Award' },
};

/** The variables every proposal email has. */
export function proposalVariables(proposal: ProposalRefV1, language: Language): Record<string, string> {
  return {
    title: localized(proposal.title, language),
    ref: proposal.referenceNumber,
    programme: localized(proposal.programmeName, language),
    focusFields: labelList(FOCUS_FIELDS, proposal.focusFields, language),
  };
}

/** The result of a screening, as both the applicant's letter and the coordinator's notice say it. */
function decisionVariables(data: ProposalDecidedV1.Data, language: Language): Record<string, string> {
  const accepted = data.decision === 'accepted';
  return {
    ...proposalVariables(data.proposal, language),
    accepted: accepted ? 'yes' : '',
    declined: accepted ? '' : 'yes',
    result: language === 'ja' ? (accepted ? '採択' : '不採択') : accepted ? 'Accepted' : 'Not accepted',
    decidedOn: dateLabel(dayOrInstantOf(data.effectiveAt), language),
  };
}

export const proposalTemplates = {
  'proposal-received': {
    prefix: { ja: '【Collabo 提案受付】', en: '[Collabo Proposal received]' },
    text: {
      ja: {
        subject: '「{{title}}」を受け付けました（{{ref}}）',
        paragraphs: [
          'このたびは「{{programme}}」に事業案をご提案いただき、誠にありがとうございます。',
          '下記のとおり受け付けましたのでお知らせいたします。今後の審査の進み具合は、節目ごとにメールでお知らせいたします。',
        ],
        details: [
          { label: '受付番号', value: '{{ref}}' },
          { label: '事業案', value: '{{title}}' },
          { label: 'プログラム', value: '{{programme}}' },
          { label: '受付日', value: '{{broughtInOn}}' },
          { label: '現在の段階', value: '{{stage}}' },
        ],
        after: ['お問い合わせの際は、受付番号をお知らせください。'],
      },
      en: {
        subject: '"{{title}}" has been received ({{ref}})',
        paragraphs: [
          'Thank you for submitting a business proposal to {{programme}}.',
          'We have received it as shown below and will let you know by email as it moves through the screening.',
        ],
        details: [
          { label: 'Reference', value: '{{ref}}' },
          { label: 'Proposal', value: '{{title}}' },
          { label: 'Programme', value: '{{programme}}' },
          { label: 'Received on', value: '{{broughtInOn}}' },
          { label: 'Current stage', value: '{{stage}}' },
        ],
        after: ['Please quote the reference when you contact us.'],
      },
    },
    variables: (raw, language) => {
      const data = raw as ProposalSubmittedV1.Data;
      return {
        ...proposalVariables(data.proposal, language),
        broughtInOn: dateLabel(dayOrInstantOf(data.broughtInOn), language),
        stage: localized(data.stage.label, language),
      };
    },
  },

  'proposal-submitted-notice': {
    prefix: { ja: '【Collabo 新規提案】', en: '[Collabo New proposal]' },
    text: {
      ja: {
        subject: '「{{title}}」（{{ref}}）が提出されました',
        paragraphs: ['ご担当の案件として、新しい事業案が提出されました。事前審査のご対応をお願いいたします。'],
        details: [
          { label: '受付番号', value: '{{ref}}' },
          { label: '事業案', value: '{{title}}' },
          { label: 'プログラム', value: '{{programme}}' },
          { label: '重点分野', value: '{{focusFields}}' },
          { label: '受付日', value: '{{broughtInOn}}' },
        ],
      },
      en: {
        subject: '"{{title}}" ({{ref}}) was submitted',
        paragraphs: ['A new business proposal was submitted and you are its coordinator. Please start the pre-screening.'],
        details: [
          { label: 'Reference', value: '{{ref}}' },
          { label: 'Proposal', value: '{{title}}' },
          { label: 'Programme', value: '{{programme}}' },
          { label: 'Focus fields', value: '{{focusFields}}' },
          { label: 'Received on', value: '{{broughtInOn}}' },
        ],
      },
    },
    variables: (raw, language) => {
      const data = raw as ProposalSubmittedV1.Data;
      return { ...proposalVariables(data.proposal, language), broughtInOn: dateLabel(dayOrInstantOf(data.broughtInOn), language) };
    },
  },

  'proposal-advanced': {
    prefix: { ja: '【Collabo 進捗】', en: '[Collabo Stage advanced]' },
    text: {
      ja: {
        subject: '「{{title}}」が「{{stage}}」に進みました（{{ref}}）',
        paragraphs: ['事業案「{{title}}」（{{ref}}）の段階が、下記のとおり「{{stage}}」に進みましたのでお知らせいたします。'],
        details: [
          { label: '受付番号', value: '{{ref}}' },
          { label: '事業案', value: '{{title}}' },
          { label: '変更前', value: '{{fromStage}}' },
          { label: '現在の段階', value: '{{stage}}' },
          { label: '変更日', value: '{{effectiveOn}}' },
        ],
        after: [
          { if: 'role_applicant', text: '今後の進め方につきましては、担当コーディネーターよりご連絡いたします。' },
          { if: 'role_coordinator', text: 'ご担当の案件です。経緯の詳細は Collabo の案件画面でご確認ください。' },
        ],
      },
      en: {
        subject: '"{{title}}" is now at: {{stage}} ({{ref}})',
        paragraphs: ['The business proposal "{{title}}" ({{ref}}) has moved to a new stage: {{stage}}.'],
        details: [
          { label: 'Reference', value: '{{ref}}' },
          { label: 'Proposal', value: '{{title}}' },
          { label: 'Previous stage', value: '{{fromStage}}' },
          { label: 'Current stage', value: '{{stage}}' },
          { label: 'Effective on', value: '{{effectiveOn}}' },
        ],
        after: [
          { if: 'role_applicant', text: 'Your coordinator will contact you about the next steps.' },
          { if: 'role_coordinator', text: 'You coordinate this proposal; the history of the change is on its page in Collabo.' },
        ],
      },
    },
    variables: (raw, language) => {
      const data = raw as ProposalAdvancedV1.Data;
      return {
        ...proposalVariables(data.proposal, language),
        fromStage: localized(data.from.label, language),
        stage: localized(data.to.label, language),
        effectiveOn: dateLabel(dayOrInstantOf(data.effectiveAt), language),
      };
    },
  },

  'proposal-decided': {
    prefix: { ja: '【Collabo 審査結果】', en: '[Collabo Screening result]' },
    text: {
      ja: {
        subject: '「{{title}}」の審査結果のお知らせ（{{ref}}）',
        paragraphs: [
          'このたびは「{{programme}}」に事業案「{{title}}」（{{ref}}）をご提案いただき、誠にありがとうございました。',
          { if: 'accepted', text: '審査委員会において慎重に審査いたしました結果、採択と決定いたしましたのでお知らせいたします。' },
          {
            if: 'declined',
            text: '審査委員会において慎重に審査いたしました結果、誠に残念ながら、今回は不採択となりましたのでお知らせいたします。',
          },
        ],
        details: [
          { label: '受付番号', value: '{{ref}}' },
          { label: '審査結果', value: '{{result}}' },
          { label: '決定日', value: '{{decidedOn}}' },
        ],
        after: [
          { if: 'accepted', text: '今後の支援体制および進め方につきましては、担当コーディネーターより改めてご連絡いたします。' },
          { if: 'declined', text: 'なお、審査の経過および個別の評価の内容についてはお答えいたしかねますので、あらかじめご了承ください。' },
        ],
      },
      en: {
        subject: 'Screening result for "{{title}}" ({{ref}})',
        paragraphs: [
          'Thank you for submitting your business proposal "{{title}}" ({{ref}}) to {{programme}}.',
          { if: 'accepted', text: 'After careful review, the screening committee has decided to accept your proposal.' },
          {
            if: 'declined',
            text: 'After careful review, we regret to inform you that the screening committee has not accepted your proposal this time.',
          },
        ],
        details: [
          { label: 'Reference', value: '{{ref}}' },
          { label: 'Result', value: '{{result}}' },
          { label: 'Decided on', value: '{{decidedOn}}' },
        ],
        after: [
          { if: 'accepted', text: 'Your coordinator will contact you about the support team and the next steps.' },
          { if: 'declined', text: 'Please understand that we cannot share the course of the review or individual assessments.' },
        ],
      },
    },
    variables: (raw, language) => decisionVariables(raw as ProposalDecidedV1.Data, language),
  },

  'proposal-decided-notice': {
    prefix: { ja: '【Collabo 採否決定】', en: '[Collabo Decision recorded]' },
    text: {
      ja: {
        subject: '「{{title}}」（{{ref}}）は{{result}}と決定しました',
        paragraphs: [
          'ご担当の事業案について、審査委員会の決定が登録されましたのでお知らせいたします。',
          '申請者には、審査結果のみを別途メールでお知らせしております（審査の経過および個別の評価はお伝えしておりません）。',
        ],
        details: [
          { label: '受付番号', value: '{{ref}}' },
          { label: '事業案', value: '{{title}}' },
          { label: 'プログラム', value: '{{programme}}' },
          { label: '審査結果', value: '{{result}}' },
          { label: '決定日', value: '{{decidedOn}}' },
        ],
        after: [
          { if: 'accepted', text: '支援チームの編成と今後の進め方について、申請者へのご連絡をお願いいたします。' },
          { if: 'declined', text: '申請者からお問い合わせがあった場合も、審査の経過および評価の内容はお伝えしないようお願いいたします。' },
        ],
      },
      en: {
        subject: '"{{title}}" ({{ref}}): {{result}}',
        paragraphs: [
          'The screening committee’s decision on a business proposal you coordinate has been recorded.',
          'The applicant has been told the result in a separate email, without the course of the review or individual assessments.',
        ],
        details: [
          { label: 'Reference', value: '{{ref}}' },
          { label: 'Proposal', value: '{{title}}' },
          { label: 'Programme', value: '{{programme}}' },
          { label: 'Result', value: '{{result}}' },
          { label: 'Decided on', value: '{{decidedOn}}' },
        ],
        after: [
          { if: 'accepted', text: 'Please contact the applicant about forming the support team and the next steps.' },
          { if: 'declined', text: 'If the applicant asks, please do not share the course of the review or the assessments.' },
        ],
      },
    },
    variables: (raw, language) => decisionVariables(raw as ProposalDecidedV1.Data, language),
  },

  'reviewer-assigned': {
    prefix: { ja: '【Collabo 審査依頼】', en: '[Collabo Review request]' },
    text: {
      ja: {
        subject: '「{{title}}」の書面審査のお願い（{{ref}}）',
        paragraphs: [
          '平素より当財団の事業にご協力を賜り、厚く御礼申し上げます。',
          '下記の事業案の書面審査をお願いしたく、ご連絡いたしました。利益相反に該当する事情（申請者との親族関係、同一の企業・研究室、共同研究者、競合関係など）がございましたら、審査の前にお知らせください。',
        ],
        details: [
          { label: '受付番号', value: '{{ref}}' },
          { label: '事業案', value: '{{title}}' },
          { label: 'プログラム', value: '{{programme}}' },
          { label: '重点分野', value: '{{focusFields}}' },
          { label: '審査期限', value: '{{dueOn}}' },
        ],
        after: ['審査の内容は非公開です。取り扱いにご留意くださいますようお願いいたします。'],
      },
      en: {
        subject: 'Please review "{{title}}" ({{ref}})',
        paragraphs: [
          'Thank you for your continued support of our programmes.',
          'We would like to ask you to review the business proposal below. If you have a conflict of interest (a relative of the applicant, the same company or laboratory, a close co-researcher, a direct competitor and the like), please tell us before you start.',
        ],
        details: [
          { label: 'Reference', value: '{{ref}}' },
          { label: 'Proposal', value: '{{title}}' },
          { label: 'Programme', value: '{{programme}}' },
          { label: 'Focus fields', value: '{{focusFields}}' },
          { label: 'Due on', value: '{{dueOn}}' },
        ],
        after: ['Reviews are confidential; please handle the proposal accordingly.'],
      },
    },
    variables: (raw, language) => {
      const data = raw as ReviewerAssignedV1.Data;
      return { ...proposalVariables(data.proposal, language), dueOn: data.dueOn ? dateLabel(dayOrInstantOf(data.dueOn), language) : '' };
    },
  },

  'team-formed': {
    prefix: { ja: '【Collabo 支援チーム】', en: '[Collabo Support team]' },
    text: {
      ja: {
        subject: '「{{title}}」の支援チームが発足しました（{{ref}}）',
        paragraphs: [
          '事業案「{{title}}」（{{ref}}）の事業化に向けて、コーディネーターと専門アドバイザーによる支援チーム（{{memberCount}}名）が発足しましたのでお知らせいたします。',
          { if: 'role_applicant', text: '今後は支援チームとともに、試作・事業化に向けた検討を進めてまいります。' },
          {
            if: 'role_team_member',
            text: 'チームの一員としてご参加いただき、誠にありがとうございます。キックオフの日程は担当コーディネーターよりご連絡いたします。',
          },
        ],
        details: [
          { label: '受付番号', value: '{{ref}}' },
          { label: '事業案', value: '{{title}}' },
          { label: 'チーム人数', value: '{{memberCount}}名' },
        ],
      },
      en: {
        subject: 'A support team was formed for "{{title}}" ({{ref}})',
        paragraphs: [
          'A support team of coordinators and expert advisors ({{memberCount}} people) has been formed to take the business proposal "{{title}}" ({{ref}}) towards commercialisation.',
          { if: 'role_applicant', text: 'The team will work with you on the prototype and the way to market.' },
          { if: 'role_team_member', text: 'Thank you for joining the team. The coordinator will contact you about the kick-off meeting.' },
        ],
        details: [
          { label: 'Reference', value: '{{ref}}' },
          { label: 'Proposal', value: '{{title}}' },
          { label: 'Team members', value: '{{memberCount}}' },
        ],
      },
    },
    variables: (raw, language) => {
      const data = raw as TeamFormedV1.Data;
      return { ...proposalVariables(data.proposal, language), memberCount: String(data.members.length) };
    },
  },

  'outcome-recorded': {
    prefix: { ja: '【Collabo 成果登録】', en: '[Collabo Outcome recorded]' },
    text: {
      ja: {
        subject: '「{{title}}」に成果（{{outcomeKind}}）が登録されました（{{ref}}）',
        paragraphs: ['ご担当の事業案「{{title}}」（{{ref}}）に、下記の成果が登録されました。年度報告の集計に反映されます。'],
        details: [
          { label: '受付番号', value: '{{ref}}' },
          { label: '成果の種類', value: '{{outcomeKind}}' },
          { label: '内容', value: '{{summary}}' },
          { label: '金額', value: '{{amount}}' },
          { label: '計上年度', value: '{{fiscalYear}}' },
        ],
      },
      en: {
        subject: '{{outcomeKind}} recorded for "{{title}}" ({{ref}})',
        paragraphs: ['An outcome was recorded for "{{title}}" ({{ref}}), a proposal you coordinate. It counts in the yearly report.'],
        details: [
          { label: 'Reference', value: '{{ref}}' },
          { label: 'Outcome', value: '{{outcomeKind}}' },
          { label: 'Summary', value: '{{summary}}' },
          { label: 'Amount', value: '{{amount}}' },
          { label: 'Fiscal year', value: '{{fiscalYear}}' },
        ],
      },
    },
    variables: (raw, language) => {
      const data = raw as OutcomeRecordedV1.Data;
      return {
        ...proposalVariables(data.proposal, language),
        outcomeKind: labelOf(OUTCOME_KINDS, data.kind, language),
        summary: data.summary,
        amount: data.amountYen !== null && data.amountYen !== undefined ? formatYen(data.amountYen, language) : '',
        fiscalYear: data.fiscalYear !== null && data.fiscalYear !== undefined ? fiscalYearLabel(data.fiscalYear, language) : '',
      };
    },
  },
} satisfies Record<string, KindTemplate>;
