import type { AccountInvitedV2 } from '@collabo/contracts';
import { dateTimeLabel } from '@collabo/calendar';
import { instantOf, labelList, type Labels } from './format.js';
import type { KindTemplate } from './template-types.js';

const ROLES: Labels = {
  admin: { ja: '管理者', en: 'administrator' },
  coordinator: { ja: 'コーディネーター', en: 'coordinator' },
  advisor: { ja: '専門アドバイザー', en: 'expert advisor' },
  viewer: { ja: '閲覧者', en: 'viewer' },
};

export const accountTemplates = {
  'account-invitation': {
    prefix: { ja: '【Collabo アカウント登録】', en: '[Collabo Account invitation]' },
    text: {
      ja: {
        subject: 'パスワード設定のお願い',
        paragraphs: [
          'Collabo（産学官協働の業務システム）に、{{roles}}としてのアカウントを作成いたしました。',
          '下記のリンクからパスワードを設定し、ご利用を開始してください。リンクは{{expiresAt}}まで、一度だけ有効です。',
        ],
        details: [
          { label: 'ログインID', value: '{{email}}' },
          { label: '権限', value: '{{roles}}' },
          { label: '有効期限', value: '{{expiresAt}}' },
        ],
        action: { label: 'パスワードを設定する', url: '{{setPasswordUrl}}' },
        after: ['お心当たりのない場合は、このメールを破棄し、下記までご連絡ください。'],
      },
      en: {
        subject: 'Please set your password',
        paragraphs: [
          'An account has been created for you on Collabo, the industry-academia-government collaboration system, as {{roles}}.',
          'Please set your password with the link below to start. The link works once, until {{expiresAt}}.',
        ],
        details: [
          { label: 'Login', value: '{{email}}' },
          { label: 'Role', value: '{{roles}}' },
          { label: 'Link valid until', value: '{{expiresAt}}' },
        ],
        action: { label: 'Set your password', url: '{{setPasswordUrl}}' },
        after: ['If you did not expect this email, please ignore it and let us know.'],
      },
    },
    variables: (raw, language) => {
      const data = raw as AccountInvitedV2.Data;
      return {
        email: data.email,
        roles: labelList(ROLES, data.roles, language),
        expiresAt: dateTimeLabel(instantOf(data.expiresAt), language),
        // Masked (`?token=•••`): the delivery worker puts the real link in at send time, on the wire only.
        setPasswordUrl: data.maskedSetPasswordUrl,
      };
    },
  },
} satisfies Record<string, KindTemplate>;
