import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { icsProperty, parseIcs, parseIcsUtc, unescapeIcsText, type IcsComponent } from '@collabo/calendar';
import type { InterviewCancelledV1, InterviewRescheduledV1, Language } from '@collabo/contracts';
import type { NotificationKind } from '../rules/notification-rules.js';
import { previewPeople, sampleFor } from './preview-data.js';
import { knownPeople, NameSlots, withoutSlotMarks, type MentionedPeople } from './person-names.js';
import { renderEmail, TEMPLATES } from './render.js';
import type { Signature } from './template-types.js';

const signature: Signature = {
  organization: { ja: '公益財団法人 テスト財団', en: 'Test Foundation' },
  department: { ja: '事業化支援部', en: 'Commercialisation Support' },
  person: { ja: '連携推進グループ', en: 'Collaboration Group' },
  phone: '011-123-4567',
  email: 'office@example.jp',
};
const issuedAt = new Date('2026-12-01T00:30:00Z');

function render(
  kind: NotificationKind,
  language: Language = 'ja',
  data: object = sampleFor(kind),
  role: 'applicant' | 'advisor' | 'coordinator' = 'applicant',
  mentionedPeople?: MentionedPeople,
) {
  return renderEmail({
    ...(mentionedPeople ? { mentionedPeople } : {}),
    kind,
    data,
    language,
    role,
    recipientName: language === 'ja' ? '山田 太郎' : 'Anna Smith',
    recipientEmail: 'applicant@example.jp',
    issuedAt,
    signature,
    unsubscribeUrl: null,
  });
}

/** The one VEVENT of an attachment's calendar, and its METHOD. */
function calendarOf(content: string): { method: string | undefined; event: IcsComponent } {
  const [calendar] = parseIcs(content);
  expect(calendar!.components.map((c) => c.name)).toEqual(['VEVENT']);
  return { method: icsProperty(calendar!, 'METHOD')?.value, event: calendar!.components[0]! };
}
const prop = (event: IcsComponent, name: string) => icsProperty(event, name)?.value;

describe('hearing and document-request emails', () => {
  it('invites to a hearing with the Tokyo date, the place and link, and an .ics REQUEST naming the attendee and the organiser', () => {
    const email = render('interview-scheduled');
    expect(email.subject).toBe(
      '【Collabo 面談のご案内】「昆布の根（ガニアシ）を使った食品素材の開発」のヒアリング（2026年12月10日（木）14:00〜15:00）のご案内（P2026-0042）',
    );
    expect(email.text).toContain('■ 日時：2026年12月10日（木）14:00〜15:00');
    expect(email.text).toContain('■ オンライン参加：https://meet.example.jp/collabo-p2026-0042');
    expect(email.text).toContain('hearing.ics');
    expect(email.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['hearing.ics', 'text/calendar; charset=utf-8; method=REQUEST'],
    ]);
    const { method, event } = calendarOf(email.attachments[0]!.content);
    expect(method).toBe('REQUEST');
    expect(prop(event, 'UID')).toBe('01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e90');
    expect(prop(event, 'SEQUENCE')).toBe('1');
    expect(prop(event, 'STATUS')).toBe('CONFIRMED');
    expect(parseIcsUtc(prop(event, 'DTSTART')!)?.toISOString()).toBe('2026-12-10T05:00:00.000Z');
    expect(parseIcsUtc(prop(event, 'DTEND')!)?.toISOString()).toBe('2026-12-10T06:00:00.000Z');
    expect(prop(event, 'DTSTAMP')).toBe('20261201T003000Z');
    expect(unescapeIcsText(prop(event, 'SUMMARY')!)).toBe('ヒアリング（面談）：昆布の根（ガニアシ）を使った食品素材の開発（P2026-0042）');
    expect(unescapeIcsText(prop(event, 'LOCATION')!)).toBe('コラボほっかいどう 2階 会議室A（札幌市北区北21条西12丁目）');
    expect(prop(event, 'URL')).toBe('https://meet.example.jp/collabo-p2026-0042');
    expect(icsProperty(event, 'ORGANIZER')).toMatchObject({ params: { CN: '公益財団法人 テスト財団' }, value: 'mailto:office@example.jp' });
    expect(icsProperty(event, 'ATTENDEE')).toMatchObject({ params: { CN: '山田 太郎' }, value: 'mailto:applicant@example.jp' });
  });

  it('writes the invitation in English for an English reader, with the summary in English too', () => {
    const email = render('interview-scheduled', 'en');
    expect(email.subject).toBe(
      '[Collabo Hearing invitation] Invitation to a hearing on "A food material from kelp holdfasts" (Thursday 10 December 2026, 14:00–15:00 (JST)) (P2026-0042)',
    );
    expect(email.text).toMatch(/^Dear Anna Smith,/);
    const { event } = calendarOf(email.attachments[0]!.content);
    expect(unescapeIcsText(prop(event, 'SUMMARY')!)).toBe('Hearing: A food material from kelp holdfasts (P2026-0042)');
    expect(icsProperty(event, 'ORGANIZER')?.params['CN']).toBe('Test Foundation');
  });

  it('updates a changed hearing with the same UID and a higher SEQUENCE, saying what changed and what it was', () => {
    const email = render('interview-rescheduled');
    expect(email.subject).toBe(
      '【Collabo 面談の変更】「昆布の根（ガニアシ）を使った食品素材の開発」のヒアリングの日時が変わりました（2026年12月11日（金）10:00〜11:00）（P2026-0042）',
    );
    expect(email.text).toContain('■ 変更前の日時：2026年12月10日（木）14:00〜15:00');
    expect(email.text).not.toContain('変更前の場所');
    const { method, event } = calendarOf(email.attachments[0]!.content);
    expect([method, prop(event, 'UID'), prop(event, 'SEQUENCE'), prop(event, 'DTSTART')]).toEqual([
      'REQUEST',
      '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e90',
      '2',
      '20261211T010000Z',
    ]);
    const moved = sampleFor('interview-rescheduled') as InterviewRescheduledV1.Data;
    moved.interview = { ...moved.previous, sequence: 2, place: null };
    const en = render('interview-rescheduled', 'en', moved);
    expect(en.subject).toContain('new place');
    expect(en.text).toContain('- Previous place: コラボほっかいどう');
    expect(en.text).not.toContain('- Previously:');
    // Only the people invited changed (someone added): the change says so, not a time or a place.
    const sameHearing = sampleFor('interview-rescheduled') as InterviewRescheduledV1.Data;
    sameHearing.interview = { ...sameHearing.previous, sequence: 2 };
    const invitees = render('interview-rescheduled', 'ja', sameHearing);
    expect(invitees.subject).toContain('ヒアリングのご出席いただく方が変わりました');
    expect(invitees.text).not.toContain('変更前の日時');
  });

  it('cancels a hearing with METHOD:CANCEL (same UID, its SEQUENCE) and the reason', () => {
    const email = render('interview-cancelled');
    expect(email.subject).toBe(
      '【Collabo 面談の取り消し】「昆布の根（ガニアシ）を使った食品素材の開発」のヒアリング（2026年12月10日（木）14:00〜15:00）の取り消しのお知らせ（P2026-0042）',
    );
    expect(email.text).toContain('中止となりました');
    expect(email.text).toContain('■ 理由：審査日程の見直しのため');
    expect(email.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['hearing-cancelled.ics', 'text/calendar; charset=utf-8; method=CANCEL'],
    ]);
    const { method, event } = calendarOf(email.attachments[0]!.content);
    expect([method, prop(event, 'UID'), prop(event, 'SEQUENCE'), prop(event, 'STATUS')]).toEqual([
      'CANCEL',
      '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e90',
      '3',
      'CANCELLED',
    ]);
    expect((sampleFor('interview-cancelled') as InterviewCancelledV1.Data).interview.interviewId).toBe(prop(event, 'UID'));
  });

  it('cancels the hearing for an invitee taken off it, at the time they knew, with the sequence of the change', () => {
    const changed = sampleFor('interview-rescheduled') as InterviewRescheduledV1.Data;
    const email = render('interview-cancelled', 'ja', changed);
    expect(email.text).toContain('ご出席いただく必要がなくなりました');
    expect(email.text).not.toContain('中止となりました');
    expect(email.text).toContain('■ 日時：2026年12月10日（木）14:00〜15:00');
    const { method, event } = calendarOf(email.attachments[0]!.content);
    expect([method, prop(event, 'SEQUENCE'), prop(event, 'DTSTART')]).toEqual(['CANCEL', '2', '20261210T050000Z']);
  });

  it('asks for missing documents by a Tokyo day, lists each, and tells a change and a withdrawal; none has an .ics', () => {
    const asked = render('documents-requested');
    expect(asked.subject).toBe(
      '【Collabo 書類提出のお願い】「昆布の根（ガニアシ）を使った食品素材の開発」の書類のご提出のお願い（2026年12月18日（金）まで）（P2026-0042）',
    );
    expect(asked.text).toContain('■ ご提出いただく書類：・決算書（直近2期分）\n・試作品の成分分析結果');
    expect(asked.html).toContain('・決算書（直近2期分）<br>・試作品の成分分析結果');
    expect(asked.attachments).toEqual([]);
    const changed = render('document-request-changed', 'en');
    expect(changed.subject).toBe(
      '[Collabo Document request changed] Document request for "A food material from kelp holdfasts": new due date (due Friday 25 December 2026) (P2026-0042)',
    );
    expect(changed.text).toContain('- Previously due on: Friday 18 December 2026');
    const withdrawn = render('document-request-withdrawn');
    expect(withdrawn.subject).toBe(
      '【Collabo 書類提出依頼の取り下げ】「昆布の根（ガニアシ）を使った食品素材の開発」の書類のご提出のお願いを取り下げました（P2026-0042）',
    );
    expect(withdrawn.text).toContain('■ 理由：別途ご提出いただいた資料で確認できたため');
  });

  it('reminds an advisor before and after the due day, and lists the overdue reviews for the coordinator, most overdue first', () => {
    expect(render('review-due-soon', 'ja', undefined, 'advisor').subject).toBe(
      '【Collabo 審査期限のお知らせ】「昆布の根（ガニアシ）を使った食品素材の開発」の書面審査の期限は2026年12月15日（火）です（あと3日）（P2026-0042）',
    );
    expect(render('review-overdue', 'en', undefined, 'advisor').subject).toBe(
      '[Collabo Review overdue] Your review of "A food material from kelp holdfasts" was due on Tuesday 15 December 2026 (P2026-0042)',
    );
    expect(render('review-overdue', 'en', undefined, 'advisor').text).toContain('(1 day ago)');
    const digest = render('overdue-reviews-digest', 'ja', undefined, 'coordinator');
    expect(digest.subject).toBe('【Collabo 週次 超過審査一覧】期限を過ぎた書面審査 2件（2026年12月21日（月）の週）');
    // Without names to put in (a person the registry no longer knows), each advisor is shown neutrally, never by id.
    expect(digest.text).toContain(
      '・P2026-0042「昆布の根（ガニアシ）を使った食品素材の開発」 期限 2026年12月15日（火）（6日超過） 担当：（審査員）\n' +
        '・P2026-0051「道産ハスカップの機能性表示食品」 期限 2026年12月18日（金）（3日超過） 担当：（審査員）',
    );
    expect(digest.text).not.toMatch(/01936f3c/);
    expect(render('overdue-reviews-digest', 'en', undefined, 'coordinator').subject).toBe(
      '[Collabo Weekly overdue reviews] 2 overdue written reviews (week of Monday 21 December 2026)',
    );
  });

  describe('the weekly digest names the advisor of each line (issue #16)', () => {
    const [first, second] = ['01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e43', '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e44'];
    const digestVars = (language: Language, people: MentionedPeople, data: object = sampleFor('overdue-reviews-digest')) =>
      TEMPLATES['overdue-reviews-digest'].variables(data, language, undefined, people);

    it('puts each advisor’s name on their line, in Japanese and in English', () => {
      const ja = digestVars(
        'ja',
        knownPeople(
          new Map([
            [first, '高橋 健一'],
            [second, 'Emily Clark'],
          ]),
          'ja',
        ),
      );
      expect(ja.reviews).toBe(
        '・P2026-0042「昆布の根（ガニアシ）を使った食品素材の開発」 期限 2026年12月15日（火）（6日超過） 担当：高橋 健一\n' +
          '・P2026-0051「道産ハスカップの機能性表示食品」 期限 2026年12月18日（金）（3日超過） 担当：Emily Clark',
      );
      const en = digestVars('en', knownPeople(new Map([[second, 'Emily Clark']]), 'en'));
      expect(en.reviews).toBe(
        '- P2026-0042 "A food material from kelp holdfasts": due Tuesday 15 December 2026 (6 days overdue), assigned to (advisor)\n' +
          '- P2026-0051 "A food with function claims from Hokkaido haskap berries": due Friday 18 December 2026 (3 days overdue), assigned to Emily Clark',
      );
      expect(en.count).toBe('2');
    });

    it('renders slots at intake, one per advisor in order of appearance, that a title cannot imitate', () => {
      const data = sampleFor('overdue-reviews-digest') as { reviews: { advisorId: string; title: { ja: string; en: string } }[] };
      data.reviews.push({ ...structuredClone(data.reviews[0]!), title: { ja: '⟦審査員 2⟧の研究', en: '⟦advisor 2⟧ study' } });
      data.reviews[2]!.advisorId = first.toUpperCase();
      const slots = new NameSlots('ja');
      const vars = digestVars('ja', slots, data);
      expect(slots.slots).toEqual([
        { slot: '⟦審査員 1⟧', personId: first, role: 'advisor' },
        { slot: '⟦審査員 2⟧', personId: second, role: 'advisor' },
      ]);
      expect(vars.reviews.split('\n')).toEqual([
        '・P2026-0042「昆布の根（ガニアシ）を使った食品素材の開発」 期限 2026年12月15日（火）（6日超過） 担当：⟦審査員 1⟧',
        '・P2026-0042「［審査員 2］の研究」 期限 2026年12月15日（火）（6日超過） 担当：⟦審査員 1⟧',
        '・P2026-0051「道産ハスカップの機能性表示食品」 期限 2026年12月18日（金）（3日超過） 担当：⟦審査員 2⟧',
      ]);
      const en = new NameSlots('en');
      digestVars('en', en);
      expect(en.slots.map((s) => s.slot)).toEqual(['⟦advisor 1⟧', '⟦advisor 2⟧']);
      expect(withoutSlotMarks('plain')).toBe('plain');
    });

    it('previews the sample digest with the sample advisors’ names', () => {
      const ja = render('overdue-reviews-digest', 'ja', undefined, 'coordinator', previewPeople('ja'));
      expect(ja.text).toContain('（6日超過） 担当：高橋 健一');
      expect(ja.text).toContain('（3日超過） 担当：Emily Clark');
      expect(ja.html).toContain('担当：高橋 健一');
      const en = render('overdue-reviews-digest', 'en', undefined, 'coordinator', previewPeople('en'));
      expect(en.text).toContain('(6 days overdue), assigned to 高橋 健一');
      expect(en.text).toContain('(3 days overdue), assigned to Emily Clark');
    });
  });
});
