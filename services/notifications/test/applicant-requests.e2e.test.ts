import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { icsProperty, parseIcs, parseIcsUtc, type IcsComponent } from '@collabo/calendar';
import {
  DocumentRequestChangedV1,
  DocumentRequestClosedV1,
  DocumentsRequestedV1,
  InterviewCancelledV1,
  InterviewRescheduledV1,
  InterviewScheduledV1,
  OverdueReviewsDigestV1,
  PrivacyRequestOpenedV1,
  ProposalAdvancedV1,
  ReviewDueSoonV1,
  ReviewOverdueV1,
  type DataOf,
  type EventContract,
  type InterviewV1,
} from '@collabo/contracts';
import type { ReceivedMail } from '@collabo/testing';
import { v7 as uuidv7 } from 'uuid';
import { sampleOf } from '../src/templates/sample-data.js';
import { advanced, proposalRef } from './fixtures/events.js';
import {
  anna as applicant,
  kato as secondInvitee,
  takahashi as advisor,
  lee as enAdvisor,
  yamada as coordinator,
} from './fixtures/people.js';
import { startHarness, type Harness } from './support/harness.js';

/**
 * The proposals service's hearings (with their .ics), document requests and review-deadline reminders, end to end:
 * real contract envelopes on JetStream, the registry on NATS, a real SMTP server, mails decoded by mailparser and
 * their calendar files read back.
 */
describe('hearings, document requests and review deadlines (end to end)', () => {
  let h: Harness;
  let coordinatorToken: string;

  beforeAll(async () => {
    h = await startHarness({ people: [applicant, secondInvitee, advisor, enAdvisor, coordinator] });
    coordinatorToken = await h.token('coordinator');
  });

  afterAll(() => h?.close());

  const kindOf = (m: ReceivedMail) => m.parsed.headers.get('x-collabo-notification');
  const subjectOf = (m: ReceivedMail) => m.parsed.subject ?? '';
  const hasOneClick = (m: ReceivedMail) => /^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m.test(m.raw.toString('latin1'));

  /** Publishes one event, waits until it is applied and each email it wrote settled; returns its rows and the mails sent. */
  async function deliver<C extends EventContract>(
    contract: C,
    data: DataOf<C>,
  ): Promise<{ rows: { kind: string; recipient_email: string | null; status: string }[]; mails: ReceivedMail[] }> {
    const envelope = await h.publishApplied(contract, data);
    const rows: { id: string; kind: string; recipient_email: string | null; status: string; message_id: string }[] =
      await h.dataSource.query(
        'SELECT id, kind, recipient_email, status, message_id FROM deliveries WHERE event_id = $1 ORDER BY recipient_email, kind',
        [envelope.id],
      );
    const queued = rows.filter((r) => r.status === 'queued' || r.status === 'sending');
    const ids = new Set(queued.map((r) => r.id));
    if (ids.size) await h.svc.waitForDeliveries((n) => n.outcome === 'sent' && ids.has(n.deliveryId), ids.size);
    const settled: typeof rows = await h.dataSource.query(
      'SELECT id, kind, recipient_email, status, message_id FROM deliveries WHERE event_id = $1 ORDER BY recipient_email, kind',
      [envelope.id],
    );
    const messageIds = new Set(settled.map((r) => r.message_id));
    return {
      rows: settled.map(({ kind, recipient_email, status }) => ({ kind, recipient_email, status })),
      mails: h.smtp.received.filter((m) => messageIds.has(m.parsed.messageId ?? '')),
    };
  }

  /** The attached calendar of a mail, read back: its METHOD and its one VEVENT. */
  function calendarOf(mail: ReceivedMail): { filename: string; method: string; event: IcsComponent } {
    expect(mail.parsed.attachments).toHaveLength(1);
    const [attachment] = mail.parsed.attachments;
    expect(attachment!.contentType).toBe('text/calendar');
    const [calendar] = parseIcs(attachment!.content.toString('utf8'));
    expect(calendar!.components).toHaveLength(1);
    return { filename: attachment!.filename ?? '', method: icsProperty(calendar!, 'METHOD')!.value, event: calendar!.components[0]! };
  }
  const prop = (event: IcsComponent, name: string) => icsProperty(event, name)?.value;

  function hearing(): InterviewV1 {
    return { ...sampleOf(InterviewScheduledV1).interview, interviewId: uuidv7(), sequence: 1 };
  }

  it('invites each invitee to a hearing in their own language, with an .ics REQUEST naming them, and then changes and cancels it', async () => {
    const proposal = proposalRef(applicant.id, coordinator.id);
    const interview = hearing();
    const scheduled = await deliver(InterviewScheduledV1, {
      proposal,
      interview,
      recipientIds: [applicant.id, secondInvitee.id],
      scheduledBy: coordinator.id,
    });
    expect(scheduled.rows).toEqual(
      [
        { kind: 'interview-scheduled', recipient_email: applicant.email, status: 'sent' },
        { kind: 'interview-scheduled', recipient_email: secondInvitee.email, status: 'sent' },
      ].sort((a, b) => a.recipient_email.localeCompare(b.recipient_email)),
    );
    const toAnna = scheduled.mails.find((m) => m.to[0] === applicant.email)!;
    const toKato = scheduled.mails.find((m) => m.to[0] === secondInvitee.email)!;
    expect(subjectOf(toAnna)).toBe(
      `[Collabo Hearing invitation] Invitation to a hearing on "A food material from kelp holdfasts" (Thursday 10 December 2026, 14:00–15:00 (JST)) (${proposal.referenceNumber})`,
    );
    expect(toAnna.parsed.headers.get('content-language')).toBe('en');
    expect(toAnna.parsed.text).toMatch(/^Dear Anna Smith,/);
    expect(subjectOf(toKato)).toMatch(
      /^【Collabo 面談のご案内】「昆布の根（ガニアシ）を使った食品素材の開発」のヒアリング（2026年12月10日（木）14:00〜15:00）/,
    );
    expect(toKato.parsed.text).toMatch(/^加藤 美咲 様/);
    // Transactional: no one-click unsubscribe.
    expect([hasOneClick(toAnna), hasOneClick(toKato)]).toEqual([false, false]);
    for (const [mail, person] of [
      [toAnna, applicant],
      [toKato, secondInvitee],
    ] as const) {
      const { filename, method, event } = calendarOf(mail);
      expect([filename, method, prop(event, 'UID'), prop(event, 'SEQUENCE'), prop(event, 'STATUS')]).toEqual([
        'hearing.ics',
        'REQUEST',
        interview.interviewId,
        '1',
        'CONFIRMED',
      ]);
      expect(parseIcsUtc(prop(event, 'DTSTART')!)?.toISOString()).toBe('2026-12-10T05:00:00.000Z');
      expect(icsProperty(event, 'ATTENDEE')?.value).toBe(`mailto:${person.email}`);
      expect(icsProperty(event, 'ORGANIZER')?.value).toMatch(/^mailto:/);
    }

    // The hearing moves and Kato is no longer needed: Anna gets the change (same UID, SEQUENCE 2), Kato a
    // cancellation, and nobody both.
    const moved: InterviewV1 = {
      ...interview,
      sequence: 2,
      startsAt: '2026-12-11T10:00:00.000+09:00',
      endsAt: '2026-12-11T11:00:00.000+09:00',
    };
    const rescheduled = await deliver(InterviewRescheduledV1, {
      proposal,
      interview: moved,
      previous: interview,
      recipientIds: [applicant.id],
      removedRecipientIds: [secondInvitee.id],
      addedRecipientIds: [],
      changedBy: coordinator.id,
    });
    expect(rescheduled.rows.map((r) => [r.recipient_email, r.kind, r.status])).toEqual(
      [
        [applicant.email, 'interview-rescheduled', 'sent'],
        [secondInvitee.email, 'interview-cancelled', 'sent'],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    const change = rescheduled.mails.find((m) => m.to[0] === applicant.email)!;
    expect(subjectOf(change)).toMatch(/^\[Collabo Hearing changed\] Hearing on "A food material from kelp holdfasts": new date and time/);
    expect(change.parsed.text).toContain('- Previously: Thursday 10 December 2026, 14:00–15:00 (JST)');
    const changeIcs = calendarOf(change);
    expect([changeIcs.method, prop(changeIcs.event, 'UID'), prop(changeIcs.event, 'SEQUENCE'), prop(changeIcs.event, 'DTSTART')]).toEqual([
      'REQUEST',
      interview.interviewId,
      '2',
      '20261211T010000Z',
    ]);
    const uninvited = rescheduled.mails.find((m) => m.to[0] === secondInvitee.email)!;
    expect(subjectOf(uninvited)).toMatch(/^【Collabo 面談の取り消し】/);
    expect(uninvited.parsed.text).toContain('ご出席いただく必要がなくなりました');
    const uninvitedIcs = calendarOf(uninvited);
    expect([uninvitedIcs.filename, uninvitedIcs.method, prop(uninvitedIcs.event, 'UID'), prop(uninvitedIcs.event, 'SEQUENCE')]).toEqual([
      'hearing-cancelled.ics',
      'CANCEL',
      interview.interviewId,
      '2',
    ]);

    // Kato is asked again: he gets the invitation itself (a change to a hearing he was taken off would puzzle
    // him), Anna the change; one email each.
    const again: InterviewV1 = { ...moved, sequence: 3, place: '大会議室' };
    const reinvited = await deliver(InterviewRescheduledV1, {
      proposal,
      interview: again,
      previous: moved,
      recipientIds: [applicant.id, secondInvitee.id],
      removedRecipientIds: [],
      addedRecipientIds: [secondInvitee.id],
      changedBy: coordinator.id,
    });
    expect(reinvited.rows.map((r) => [r.recipient_email, r.kind, r.status])).toEqual(
      [
        [applicant.email, 'interview-rescheduled', 'sent'],
        [secondInvitee.email, 'interview-scheduled', 'sent'],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    const invitation = reinvited.mails.find((m) => m.to[0] === secondInvitee.email)!;
    expect(subjectOf(invitation)).toMatch(/^【Collabo 面談のご案内】/);
    const invitationIcs = calendarOf(invitation);
    expect([invitationIcs.method, prop(invitationIcs.event, 'UID'), prop(invitationIcs.event, 'SEQUENCE')]).toEqual([
      'REQUEST',
      interview.interviewId,
      '3',
    ]);

    const cancelled = await deliver(InterviewCancelledV1, {
      proposal,
      interview: { ...moved, sequence: 4 },
      recipientIds: [applicant.id],
      reason: 'The committee meets earlier this year.',
      cancelledBy: coordinator.id,
    });
    expect(cancelled.rows).toEqual([{ kind: 'interview-cancelled', recipient_email: applicant.email, status: 'sent' }]);
    const [cancellation] = cancelled.mails;
    expect(subjectOf(cancellation!)).toBe(
      `[Collabo Hearing cancelled] Hearing on "A food material from kelp holdfasts" (Friday 11 December 2026, 10:00–11:00 (JST)) cancelled (${proposal.referenceNumber})`,
    );
    expect(cancellation!.parsed.text).toContain('- Reason: The committee meets earlier this year.');
    const cancelIcs = calendarOf(cancellation!);
    expect([cancelIcs.method, prop(cancelIcs.event, 'UID'), prop(cancelIcs.event, 'SEQUENCE'), prop(cancelIcs.event, 'STATUS')]).toEqual([
      'CANCEL',
      interview.interviewId,
      '4',
      'CANCELLED',
    ]);
  });

  it('asks the applicant for documents, tells a change and a withdrawal, and says nothing when the documents arrived', async () => {
    const proposal = proposalRef(secondInvitee.id, coordinator.id);
    const request = { ...sampleOf(DocumentsRequestedV1).request, requestId: uuidv7() };
    const asked = await deliver(DocumentsRequestedV1, { proposal, request, recipientIds: [secondInvitee.id], requestedBy: coordinator.id });
    expect(asked.rows).toEqual([{ kind: 'documents-requested', recipient_email: secondInvitee.email, status: 'sent' }]);
    expect(subjectOf(asked.mails[0]!)).toBe(
      `【Collabo 書類提出のお願い】「昆布の根（ガニアシ）を使った食品素材の開発」の書類のご提出のお願い（2026年12月18日（金）まで）（${proposal.referenceNumber}）`,
    );
    expect(asked.mails[0]!.parsed.text).toContain('■ ご提出いただく書類：・決算書（直近2期分）\n・試作品の成分分析結果');
    expect(asked.mails[0]!.parsed.attachments).toEqual([]);
    expect(hasOneClick(asked.mails[0]!)).toBe(false);

    const later = { ...request, sequence: 2, dueOn: '2026-12-25' };
    const changed = await deliver(DocumentRequestChangedV1, {
      proposal,
      request: later,
      previous: request,
      recipientIds: [secondInvitee.id],
      changedBy: coordinator.id,
    });
    expect(subjectOf(changed.mails[0]!)).toMatch(/^【Collabo 書類提出依頼の変更】.*提出期限を変更しました（2026年12月25日（金）まで）/);
    expect(changed.mails[0]!.parsed.text).toContain('■ 変更前の提出期限：2026年12月18日（金）');

    const fulfilled = await deliver(DocumentRequestClosedV1, {
      proposal,
      request: later,
      outcome: 'fulfilled',
      reason: null,
      recipientIds: [secondInvitee.id],
      closedBy: coordinator.id,
    });
    expect(fulfilled).toEqual({ rows: [], mails: [] });
    const withdrawn = await deliver(DocumentRequestClosedV1, {
      proposal,
      request: { ...later, requestId: uuidv7() },
      outcome: 'withdrawn',
      reason: '別途ご提出いただいた資料で確認できたため',
      recipientIds: [secondInvitee.id],
      closedBy: coordinator.id,
    });
    expect(withdrawn.rows).toEqual([{ kind: 'document-request-withdrawn', recipient_email: secondInvitee.email, status: 'sent' }]);
    expect(subjectOf(withdrawn.mails[0]!)).toMatch(/^【Collabo 書類提出依頼の取り下げ】/);
  });

  it('reminds the advisor before and after the due day, gives the coordinator the weekly digest, and honours their opt-out', async () => {
    const proposal = proposalRef(applicant.id, coordinator.id);
    const assignmentId = uuidv7();
    const soon = await deliver(ReviewDueSoonV1, { assignmentId, proposal, advisorId: advisor.id, dueOn: '2026-12-15', daysLeft: 3 });
    expect(soon.rows).toEqual([{ kind: 'review-due-soon', recipient_email: advisor.email, status: 'sent' }]);
    expect(subjectOf(soon.mails[0]!)).toBe(
      `【Collabo 審査期限のお知らせ】「昆布の根（ガニアシ）を使った食品素材の開発」の書面審査の期限は2026年12月15日（火）です（あと3日）（${proposal.referenceNumber}）`,
    );
    // Optional: every reminder carries its one-click link.
    expect(hasOneClick(soon.mails[0]!)).toBe(true);

    const overdueEn = await deliver(ReviewOverdueV1, {
      assignmentId: uuidv7(),
      proposal,
      advisorId: enAdvisor.id,
      dueOn: '2026-12-15',
      daysOverdue: 1,
    });
    expect(subjectOf(overdueEn.mails[0]!)).toBe(
      `[Collabo Review overdue] Your review of "A food material from kelp holdfasts" was due on Tuesday 15 December 2026 (${proposal.referenceNumber})`,
    );
    expect(overdueEn.mails[0]!.parsed.text).toMatch(/^Dear Lee Brown,/);

    const digestData = sampleOf(OverdueReviewsDigestV1);
    const digest = await deliver(OverdueReviewsDigestV1, { ...digestData, coordinatorId: coordinator.id });
    expect(digest.rows).toEqual([{ kind: 'overdue-reviews-digest', recipient_email: coordinator.email, status: 'sent' }]);
    expect(subjectOf(digest.mails[0]!)).toBe('【Collabo 週次 超過審査一覧】期限を過ぎた書面審査 2件（2026年12月21日（月）の週）');
    expect(digest.mails[0]!.parsed.text).toContain(
      '・P2026-0042「昆布の根（ガニアシ）を使った食品素材の開発」 期限 2026年12月15日（火）（6日超過）',
    );

    // The advisor switches review-deadline emails off: the overdue notice is recorded, not sent. A document request
    // to the same person (transactional) cannot be switched off and still goes out.
    const off = await h
      .api(coordinatorToken)
      .put('/v1/preferences')
      .send({ personId: advisor.id, category: 'review_deadline', subscribed: false });
    expect(off.status).toBe(200);
    const refused = await h
      .api(coordinatorToken)
      .put('/v1/preferences')
      .send({ personId: advisor.id, category: 'applicant_request', subscribed: false });
    expect([refused.status, refused.body.code]).toEqual([422, 'NOTIFICATIONS.CATEGORY_NOT_OPTIONAL']);
    const overdue = await deliver(ReviewOverdueV1, { assignmentId, proposal, advisorId: advisor.id, dueOn: '2026-12-15', daysOverdue: 1 });
    expect(overdue).toEqual({ rows: [{ kind: 'review-overdue', recipient_email: advisor.email, status: 'suppressed' }], mails: [] });
    const stillAsked = await deliver(DocumentsRequestedV1, {
      ...sampleOf(DocumentsRequestedV1),
      proposal: proposalRef(advisor.id, coordinator.id),
      recipientIds: [advisor.id],
    });
    expect(stillAsked.rows).toEqual([{ kind: 'documents-requested', recipient_email: advisor.email, status: 'sent' }]);
  });

  it('names the advisor of each line of the weekly digest at send time (ja and en): never stored with the email, neutral once the registry forgets them', async () => {
    const erasable = h.registry.person({ familyName: '消去', givenName: '予定', email: 'erasable.advisor@example.ac.jp' });
    const digestOf = (coordinatorId: string) => {
      const data = sampleOf(OverdueReviewsDigestV1);
      data.coordinatorId = coordinatorId;
      data.weekOf = '2026-12-28';
      data.reviews[0]!.advisorId = advisor.id;
      data.reviews[1]!.advisorId = enAdvisor.id;
      data.reviews.push({
        ...structuredClone(data.reviews[1]!),
        assignmentId: uuidv7(),
        referenceNumber: 'P2026-0077',
        advisorId: erasable.id,
        daysOverdue: 1,
      });
      return data;
    };
    const storedOf = async (eventId: string) =>
      JSON.stringify(
        await h.dataSource.query(
          'SELECT subject, text_body, html_body, attachments, recipient_name, secret_links FROM deliveries WHERE event_id = $1',
          [eventId],
        ),
      );
    const textOf = (m: ReceivedMail) => m.parsed.text ?? '';

    // Japanese, to the coordinator: each line names its advisor as the registry writes them.
    const ja = await deliver(OverdueReviewsDigestV1, digestOf(coordinator.id));
    expect(ja.rows).toEqual([{ kind: 'overdue-reviews-digest', recipient_email: coordinator.email, status: 'sent' }]);
    expect(textOf(ja.mails[0]!)).toContain(
      '・P2026-0042「昆布の根（ガニアシ）を使った食品素材の開発」 期限 2026年12月15日（火）（6日超過） 担当：高橋 健一\n' +
        '・P2026-0051「道産ハスカップの機能性表示食品」 期限 2026年12月18日（金）（3日超過） 担当：Brown Lee\n' +
        '・P2026-0077「道産ハスカップの機能性表示食品」 期限 2026年12月18日（金）（1日超過） 担当：消去 予定',
    );
    expect(String(ja.mails[0]!.parsed.html)).toContain('担当：高橋 健一');
    // At rest and in the delivery log: slots, and whose name goes in; no name of an advisor.
    const [row] = await h.dataSource.query(
      `SELECT id, text_body, secret_links FROM deliveries WHERE event_id = (SELECT event_id FROM deliveries WHERE message_id = $1)`,
      [ja.mails[0]!.parsed.messageId],
    );
    expect(row.text_body).toContain('担当：⟦審査員 1⟧');
    expect(row.secret_links.filter((l: { via: string }) => l.via === 'registry.person-name')).toEqual([
      { masked: '⟦審査員 1⟧', via: 'registry.person-name', personId: advisor.id, role: 'advisor' },
      { masked: '⟦審査員 2⟧', via: 'registry.person-name', personId: enAdvisor.id, role: 'advisor' },
      { masked: '⟦審査員 3⟧', via: 'registry.person-name', personId: erasable.id, role: 'advisor' },
    ]);
    const view = await h.api(coordinatorToken).get(`/v1/deliveries/${row.id}`);
    expect(view.body.text).toContain('担当：⟦審査員 3⟧');
    const eventIdOf = async (mail: ReceivedMail): Promise<string> =>
      (await h.dataSource.query('SELECT event_id FROM deliveries WHERE message_id = $1', [mail.parsed.messageId]))[0].event_id;
    for (const name of ['高橋', 'Brown', '消去']) expect(await storedOf(await eventIdOf(ja.mails[0]!))).not.toContain(name);

    // English, to an English-speaking coordinator: Latin names given name first.
    const en = await deliver(OverdueReviewsDigestV1, digestOf(applicant.id));
    expect(textOf(en.mails[0]!)).toContain(
      '- P2026-0042 "A food material from kelp holdfasts": due Tuesday 15 December 2026 (6 days overdue), assigned to 高橋 健一\n' +
        '- P2026-0051 "A food with function claims from Hokkaido haskap berries": due Friday 18 December 2026 (3 days overdue), assigned to Lee Brown\n',
    );

    // The erasable advisor is erased: gone from the registry, and the erasure reaches this service (its recipient
    // cache forgets them). The next digest shows them neutrally, never by id; nothing stored ever held their name.
    h.registry.people.delete(erasable.id);
    await h.publishApplied(PrivacyRequestOpenedV1, {
      requestId: uuidv7(),
      kind: 'erasure',
      subject: { personId: erasable.id, personIds: [erasable.id], emails: [erasable.email] },
      openedAt: '2026-12-28T09:00:00+09:00',
    });
    const afterJa = await deliver(OverdueReviewsDigestV1, { ...digestOf(coordinator.id), weekOf: '2027-01-04' });
    expect(textOf(afterJa.mails[0]!)).toContain('（1日超過） 担当：（審査員）');
    expect(textOf(afterJa.mails[0]!)).toContain('（6日超過） 担当：高橋 健一');
    const afterEn = await deliver(OverdueReviewsDigestV1, { ...digestOf(applicant.id), weekOf: '2027-01-04' });
    expect(textOf(afterEn.mails[0]!)).toContain('(1 day overdue), assigned to (advisor)');
    for (const mail of [...afterJa.mails, ...afterEn.mails]) {
      expect(textOf(mail)).not.toContain(erasable.id);
      expect(textOf(mail)).not.toContain('消去');
    }
    const everything = JSON.stringify(
      await h.dataSource.query(
        `SELECT d.subject, d.text_body, d.html_body, d.attachments, d.recipient_name, d.secret_links, a.smtp_response, a.error
           FROM deliveries d LEFT JOIN delivery_attempts a ON a.delivery_id = d.id`,
      ),
    );
    expect(everything).not.toContain('消去');
    // The erasure also dropped whose name the earlier digests' slot was: nothing of them points at the advisor any more.
    for (const mail of [...ja.mails, ...en.mails]) expect(await storedOf(await eventIdOf(mail))).not.toContain(erasable.id);
    const [earlier] = await h.dataSource.query('SELECT secret_links FROM deliveries WHERE id = $1', [row.id]);
    expect(earlier.secret_links.filter((l: { via: string }) => l.via === 'registry.person-name')).toEqual([
      { masked: '⟦審査員 1⟧', via: 'registry.person-name', personId: advisor.id, role: 'advisor' },
      { masked: '⟦審査員 2⟧', via: 'registry.person-name', personId: enAdvisor.id, role: 'advisor' },
      { masked: '⟦審査員 3⟧', via: 'registry.person-name', personId: null, role: 'advisor' },
    ]);
    const cached = await h.dataSource.query('SELECT 1 FROM recipient_cache WHERE person_id = $1', [erasable.id]);
    expect(cached).toEqual([]);
  });

  it('one act, one email: a hearing or a document request writes no progress email, and a person named twice gets one', async () => {
    const proposal = proposalRef(applicant.id, coordinator.id);
    const before = h.smtp.to(applicant.email).length;
    // The contact person named twice (once in another case) for one hearing, and for one document request.
    const invited = await deliver(InterviewScheduledV1, {
      proposal,
      interview: hearing(),
      recipientIds: [applicant.id, applicant.id.toUpperCase()],
      scheduledBy: coordinator.id,
    });
    const asked = await deliver(DocumentsRequestedV1, {
      proposal,
      request: { ...sampleOf(DocumentsRequestedV1).request, requestId: uuidv7() },
      recipientIds: [applicant.id, applicant.id],
      requestedBy: null,
    });
    expect([...invited.rows, ...asked.rows]).toEqual([
      { kind: 'interview-scheduled', recipient_email: applicant.email, status: 'sent' },
      { kind: 'documents-requested', recipient_email: applicant.email, status: 'sent' },
    ]);
    // A stage change of its own (the committee's screening) is its own act and its own progress email, once.
    const stage = await deliver(ProposalAdvancedV1, advanced(proposal));
    expect(stage.rows.map((r) => [r.recipient_email, r.kind])).toEqual(
      [
        [applicant.email, 'proposal-advanced'],
        [coordinator.email, 'proposal-advanced'],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    expect(h.smtp.to(applicant.email).slice(before).map(kindOf).sort()).toEqual([
      'documents-requested',
      'interview-scheduled',
      'proposal-advanced',
    ]);
    // The coordinator was told nothing about the hearing or the request (they arranged them), only the stage change.
    expect(
      h.smtp
        .to(coordinator.email)
        .filter((m) => m.parsed.subject?.includes(proposal.referenceNumber))
        .map(kindOf),
    ).toEqual(['proposal-advanced']);
  });

  it('previews the new kinds with their sample data, the hearing with its calendar file', async () => {
    const viewer = await h.token('viewer');
    const invitation = await h.api(viewer).get('/v1/templates/interview-scheduled/preview?language=en');
    expect(invitation.status).toBe(200);
    expect(invitation.body.subject).toMatch(/^\[Collabo Hearing invitation\]/);
    expect(invitation.body.attachments).toEqual([
      expect.objectContaining({ filename: 'hearing.ics', contentType: 'text/calendar; charset=utf-8; method=REQUEST' }),
    ]);
    const digest = await h.api(viewer).get('/v1/templates/overdue-reviews-digest/preview?role=coordinator');
    expect(digest.body.subject).toMatch(/^【Collabo 週次 超過審査一覧】/);
    // The sample advisors by name, as the worker puts names in at send time.
    expect(digest.body.text).toContain('（6日超過） 担当：高橋 健一');
    expect(digest.body.text).toContain('（3日超過） 担当：Emily Clark');
    const digestEn = await h.api(viewer).get('/v1/templates/overdue-reviews-digest/preview?role=coordinator&language=en');
    expect(digestEn.body.text).toContain('(3 days overdue), assigned to Emily Clark');
    const templates = await h.api(viewer).get('/v1/templates');
    expect(templates.body.find((t: { kind: string }) => t.kind === 'interview-cancelled')).toMatchObject({
      category: 'applicant_request',
      transactional: true,
      sentOn: ['proposals.evt.interview.cancelled.v1', 'proposals.evt.interview.rescheduled.v1'],
      recipients: ['registry person at recipientIds[]', 'registry person at removedRecipientIds[] (not those at recipientIds[])'],
    });
  });
});
