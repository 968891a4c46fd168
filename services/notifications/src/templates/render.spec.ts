import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { Languages } from '@collabo/contracts';
import { KIND_NAMES, NOTIFICATION_RULES, RecipientRoles } from '../rules/notification-rules.js';
import { ownDataFor, sampleFor } from './preview-data.js';
import { interpolate, renderEmail, TemplateError, type RenderInput } from './render.js';
import type { Signature } from './template-types.js';

const signature: Signature = {
  organization: { ja: '公益財団法人 テスト財団', en: 'Test Foundation' },
  department: { ja: '事業化支援部', en: 'Commercialisation Support' },
  person: { ja: '佐藤', en: 'Sato' },
  phone: '011-123-4567',
  email: 'office@example.jp',
};

function render(overrides: Partial<RenderInput> & Pick<RenderInput, 'kind'>) {
  const data = overrides.data ?? sampleFor(overrides.kind);
  const role = overrides.role ?? NOTIFICATION_RULES.find((r) => r.kind === overrides.kind)!.to[0]!.role;
  return renderEmail({
    data,
    language: 'ja',
    role,
    recipientName: '山田 太郎',
    recipientEmail: 'yamada@example.jp',
    issuedAt: new Date('2026-12-01T00:30:00Z'),
    signature,
    unsubscribeUrl: null,
    recipientData: ownDataFor(overrides.kind, data, role),
    ...overrides,
  });
}

describe('renderEmail', () => {
  it('renders every kind in both languages and for every role, without a placeholder left', () => {
    for (const kind of KIND_NAMES) {
      for (const language of Languages) {
        for (const role of RecipientRoles) {
          const email = render({ kind, language, role });
          for (const part of [email.subject, email.text, email.html])
            expect([kind, language, part.includes('{{')]).toEqual([kind, language, false]);
          expect(email.text).toContain(language === 'ja' ? '山田 太郎 様' : 'Dear 山田 太郎,');
        }
      }
    }
  });

  it('starts each subject with its kind’s own prefix, so people can filter', () => {
    const prefixes = new Set<string>();
    for (const kind of KIND_NAMES) {
      const ja = render({ kind, language: 'ja' }).subject;
      const en = render({ kind, language: 'en' }).subject;
      const jaPrefix = /^【Collabo [^】]+】/.exec(ja)?.[0];
      const enPrefix = /^\[Collabo [^\]]+\] /.exec(en)?.[0];
      expect([kind, Boolean(jaPrefix), Boolean(enPrefix)]).toEqual([kind, true, true]);
      prefixes.add(jaPrefix!);
    }
    expect(prefixes.size).toBe(KIND_NAMES.length);
    expect(render({ kind: 'proposal-decided' }).subject).toBe(
      '【Collabo 審査結果】「昆布の根（ガニアシ）を使った食品素材の開発」の審査結果のお知らせ（P2026-0042）',
    );
    expect(render({ kind: 'proposal-decided', language: 'en' }).subject).toBe(
      '[Collabo Screening result] Screening result for "A food material from kelp holdfasts" (P2026-0042)',
    );
  });

  it('writes formal Japanese: 〇〇様, お世話になっております, and the signature with department, person, phone and email', () => {
    const { text, html } = render({ kind: 'proposal-advanced' });
    expect(text.startsWith('山田 太郎 様\n\nいつもお世話になっております。公益財団法人 テスト財団 事業化支援部でございます。')).toBe(true);
    for (const line of ['公益財団法人 テスト財団', '事業化支援部', '担当：佐藤', 'TEL：011-123-4567', 'E-mail：office@example.jp']) {
      expect(text).toContain(line);
      expect(html).toContain(line);
    }
    expect(html).toContain('<html lang="ja">');
  });

  it('addresses someone whose name is unknown as ご担当者様 / Sir or Madam', () => {
    expect(render({ kind: 'proposal-advanced', recipientName: null }).text.startsWith('ご担当者 様')).toBe(true);
    expect(render({ kind: 'proposal-advanced', recipientName: null, language: 'en' }).text.startsWith('Dear Sir or Madam,')).toBe(true);
  });

  it('tells a declined applicant the result and nothing of the review', () => {
    const data = { ...(sampleFor('proposal-decided') as object), decision: 'declined' };
    for (const language of Languages) {
      const { text } = render({ kind: 'proposal-decided', data, language });
      expect(text).toContain(language === 'ja' ? '不採択' : 'not accepted');
      expect(text).not.toMatch(/採択と決定|decided to accept|score|点数|評点|reviewer|審査委員[はが]/i);
    }
    expect(render({ kind: 'proposal-decided' }).text).toContain('採択と決定いたしました');
  });

  it('says the applicant-only and coordinator-only lines to their role only', () => {
    const applicant = render({ kind: 'proposal-advanced', role: 'applicant' }).text;
    const coordinator = render({ kind: 'proposal-advanced', role: 'coordinator' }).text;
    expect(applicant).toContain('担当コーディネーターよりご連絡');
    expect(applicant).not.toContain('ご担当の案件です');
    expect(coordinator).toContain('ご担当の案件です');
    expect(coordinator).not.toContain('担当コーディネーターよりご連絡');
  });

  it('escapes every value in the HTML and keeps line breaks out of the subject', () => {
    const data = structuredClone(sampleFor('proposal-advanced')) as { proposal: { title: { ja: string } } };
    data.proposal.title.ja = '<script>alert(1)</script>\r\nBcc: victim@example.com';
    const email = render({ kind: 'proposal-advanced', data, recipientName: '<b>山田</b>' });
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;');
    expect(email.html).toContain('&lt;b&gt;山田&lt;/b&gt; 様');
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject).toContain('</script> Bcc: victim@example.com');
  });

  it('links an action only when it is an http(s) URL', () => {
    const offered = sampleFor('registration-seat-offered') as Record<string, unknown>;
    const good = render({ kind: 'registration-seat-offered', data: offered });
    expect(good.html).toContain(`href="${(offered['maskedAcceptUrl'] as string).replace(/&/g, '&amp;')}"`);
    const evil = render({ kind: 'registration-seat-offered', data: { ...offered, maskedAcceptUrl: 'javascript:alert(1)' } });
    expect(evil.html).not.toContain('javascript:');
    expect(evil.text).not.toContain('javascript:');
  });

  it('adds the unsubscribe link only when there is one, naming the category', () => {
    const url = 'http://notifications.test/v1/unsubscribe?token=abc.def';
    const optional = render({ kind: 'event-reminder', unsubscribeUrl: url });
    expect(optional.text).toContain(`「開催前日のご案内」のメールが不要な場合は`);
    expect(optional.text).toContain(url);
    expect(optional.html).toContain(`href="${url}"`);
    expect(render({ kind: 'event-reminder' }).text).not.toContain('unsubscribe');
  });

  it('adds a line and a link per consent the person may withdraw, in Japanese and English, and none without links', () => {
    const news = 'https://r.test/v1/consent-withdrawal?token=•••#news';
    const listing = 'https://r.test/v1/consent-withdrawal?token=•••#attendee_listing';
    const consentLinks = [
      { purpose: 'news' as const, url: news },
      { purpose: 'attendee_listing' as const, url: listing },
    ];
    const ja = render({ kind: 'event-reminder', unsubscribeUrl: 'http://n.test/u?token=•••', consentLinks });
    expect(ja.text).toContain(`「お知らせメールの受信」への同意は、次のリンクから撤回できます。\n${news}`);
    expect(ja.text).toContain(`「参加者名簿への掲載」への同意は、次のリンクから撤回できます。\n${listing}`);
    expect(ja.html).toContain(`<a href="${news}">${news}</a>`);
    expect(ja.html).toContain(`<a href="${listing}">${listing}</a>`);
    const en = render({ kind: 'event-reminder', language: 'en', unsubscribeUrl: null, consentLinks });
    expect(en.text).toContain(`To withdraw your consent to receiving news by email, use this link:\n${news}`);
    expect(en.text).toContain(`To withdraw your consent to listing on attendee lists, use this link:\n${listing}`);
    const none = render({ kind: 'event-reminder' });
    expect(none.text).not.toContain('同意');
    expect(none.html).not.toContain('consent-withdrawal');
  });

  it('attaches the calendar entry to a confirmation as event.ics', () => {
    const email = render({ kind: 'registration-confirmed' });
    expect(email.attachments).toEqual([
      expect.objectContaining({
        filename: 'event.ics',
        contentType: 'text/calendar; charset=utf-8',
        content: expect.stringContaining('BEGIN:VCALENDAR'),
      }),
    ]);
    expect(render({ kind: 'registration-received' }).attachments).toEqual([]);
  });

  it('leaves out detail rows whose value is empty', () => {
    const data = { ...(sampleFor('reviewer-assigned') as object), dueOn: null };
    expect(render({ kind: 'reviewer-assigned', data }).text).not.toContain('審査期限');
    expect(render({ kind: 'reviewer-assigned' }).text).toContain('■ 審査期限：2026年12月15日（火）');
  });

  it('thanks an attendee with their own questionnaire link, and leaves the request out when there is no usable link', () => {
    const data = structuredClone(sampleFor('event-thanks')) as { attendees: { maskedQuestionnaireUrl: string }[] };
    data.attendees.push({ ...data.attendees[0]!, maskedQuestionnaireUrl: 'https://collabo.example.jp/q?token=•••&x=1' });
    const mine = render({ kind: 'event-thanks', data, recipientData: data.attendees[1] });
    expect(mine.subject).toBe('【Collabo ご参加御礼】食と健康の異分野交流会へのご参加ありがとうございました（アンケートのお願い）');
    expect(mine.text).toContain('アンケートに回答する：\nhttps://collabo.example.jp/q?token=•••&x=1\n');
    expect(mine.text).not.toContain('/events/questionnaire');
    expect(mine.html).toContain('href="https://collabo.example.jp/q?token=•••&amp;x=1"');
    expect(mine.text).toContain('■ 会場：コラボほっかいどう 交流スペース');
    expect(mine.text).not.toContain('参加費');
    const en = render({ kind: 'event-thanks', language: 'en' });
    expect(en.subject).toBe('[Collabo Thank you] Thank you for attending Food and health cross-field exchange meeting (questionnaire)');
    expect(en.text).toContain('Answer the questionnaire: \nhttps://collabo.example.jp/events/questionnaire?token=•••');
    for (const bad of [undefined, { maskedQuestionnaireUrl: 'javascript:alert(1)' }, { maskedQuestionnaireUrl: 42 }]) {
      const email = render({ kind: 'event-thanks', recipientData: bad });
      expect(email.text).toContain('ご参加いただき、誠にありがとうございました。');
      expect(email.text).not.toMatch(/アンケート|javascript/);
      expect(email.subject).toContain('アンケートのお願い');
      expect(email.html).not.toContain('javascript:');
    }
  });

  it('tells the coordinator the decision, and that the applicant was told the result only', () => {
    for (const decision of ['accepted', 'declined'] as const) {
      const data = { ...(sampleFor('proposal-decided-notice') as object), decision };
      const ja = render({ kind: 'proposal-decided-notice', data, role: 'coordinator' });
      const en = render({ kind: 'proposal-decided-notice', data, role: 'coordinator', language: 'en' });
      expect(ja.subject).toBe(
        `【Collabo 採否決定】「昆布の根（ガニアシ）を使った食品素材の開発」（P2026-0042）は${decision === 'accepted' ? '採択' : '不採択'}と決定しました`,
      );
      expect(en.subject).toBe(
        `[Collabo Decision recorded] "A food material from kelp holdfasts" (P2026-0042): ${decision === 'accepted' ? 'Accepted' : 'Not accepted'}`,
      );
      expect(ja.text).toContain('申請者には、審査結果のみを別途メールでお知らせしております');
      expect(en.text).toContain('without the course of the review or individual assessments');
      expect(ja.text).not.toMatch(/score|点数|評点/i);
    }
  });

  it('refuses a template that names a variable nobody provides', () => {
    expect(() => interpolate('{{title}} {{nope}}', { title: 'x' }, 'test')).toThrow(TemplateError);
    expect(interpolate('{{a}}-{{a}}', { a: '1' }, 'test')).toBe('1-1');
  });
});
