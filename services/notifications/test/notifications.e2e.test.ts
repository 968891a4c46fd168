import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GetPeopleV1, IssueInvitationLinkV1, ProposalAdvancedV1, type EventEnvelope } from '@collabo/contracts';
import { DEFAULT_SET_PASSWORD_URL, type ReceivedMail } from '@collabo/testing';
import { v7 as uuidv7 } from 'uuid';
import { NotificationIntake } from '../src/deliveries/notification-intake.js';
import { messageIdFor } from '../src/mail/message.js';
import { advanced, CALENDAR, decided, exchangeEvent, guest, invitation, proposalRef, registration } from './fixtures/events.js';
import { anna, kato, lee as member, takahashi as advisor, yamada } from './fixtures/people.js';
import { startHarness, type Harness } from './support/harness.js';
import { publishEnvelope } from './support/producer.js';

/**
 * End to end: real contract messages published on real JetStream as the producers publish them, the
 * registry answering GetPeopleV1 on real NATS, a real SMTP server, and the mails decoded by mailparser.
 */
describe('notifications end to end', () => {
  let h: Harness;
  let coordinatorToken: string;

  beforeAll(async () => {
    // The registry: its people (GetPeopleV1) and the set-password links of invitations (IssueInvitationLinkV1).
    h = await startHarness({ people: [anna, yamada, advisor, member, kato], captureLogs: true });
    coordinatorToken = await h.token('coordinator');
  });

  afterAll(() => h?.close());

  const rowsOf = (
    eventId: string,
  ): Promise<{ recipient_email: string | null; status: string; kind: string; attempts: number; last_error_code: string | null }[]> =>
    h.dataSource.query(
      'SELECT recipient_email, status, kind, attempts, last_error_code FROM deliveries WHERE event_id = $1 ORDER BY recipient_email',
      [eventId],
    );
  const sentFor = (eventId: string, count: number) =>
    h.svc.waitForDeliveries((n) => n.outcome === 'sent' && rowIds.get(eventId)?.has(n.deliveryId) === true, count);
  const rowIds = new Map<string, Set<string>>();
  async function applied(eventId: string): Promise<void> {
    await h.svc.waitForProcessed((n) => n.messageId === eventId && n.outcome === 'applied');
    const rows: { id: string }[] = await h.dataSource.query('SELECT id FROM deliveries WHERE event_id = $1', [eventId]);
    rowIds.set(eventId, new Set(rows.map((r) => r.id)));
  }
  const subjectOf = (m: ReceivedMail) => m.parsed.subject ?? '';

  let firstAdvance: EventEnvelope<ProposalAdvancedV1.Data>;
  const SET_PASSWORD_PAGE = DEFAULT_SET_PASSWORD_URL;
  // The real links, as the owners hand them out at send time (set in the test that sends them).
  let SET_PASSWORD_URL = '';
  let ICHIRO_QUESTIONNAIRE = '';
  let LEE_QUESTIONNAIRE = '';
  let MARIA_ACCEPT = '';

  it('sends a proposal advance to the contact person and the coordinator, once each, in their own language', async () => {
    const ref = proposalRef(anna.id, yamada.id);
    const envelope = await h.publishConsumed('proposalAdvanced', advanced(ref), { correlationId: 'corr-advance-1' });
    firstAdvance = envelope;
    await applied(envelope.id);
    await sentFor(envelope.id, 2);

    const [toAnna] = h.smtp.to(anna.email);
    const [toYamada] = h.smtp.to(yamada.email);
    expect(h.smtp.to(anna.email)).toHaveLength(1);
    expect(h.smtp.to(yamada.email)).toHaveLength(1);

    expect(subjectOf(toAnna!)).toBe(
      `[Collabo Stage advanced] "A food material from kelp holdfasts" is now at: Written review (${ref.referenceNumber})`,
    );
    expect(toAnna!.parsed.text).toMatch(/^Dear Anna Smith,\n/);
    expect(toAnna!.parsed.text).toContain('Your coordinator will contact you about the next steps.');
    expect(toAnna!.parsed.html).toContain('<html lang="en">');
    expect(toAnna!.parsed.headers.get('content-language')).toBe('en');

    expect(subjectOf(toYamada!)).toBe(
      `【Collabo 進捗】「昆布の根（ガニアシ）を使った食品素材の開発」が「書面審査」に進みました（${ref.referenceNumber}）`,
    );
    expect(toYamada!.parsed.text).toMatch(/^山田 太郎 様\n\nいつもお世話になっております。/);
    expect(toYamada!.parsed.text).toContain('ご担当の案件です');
    expect(toYamada!.parsed.html).toContain(
      '<th style="text-align:left;padding:4px 12px 4px 0;vertical-align:top;white-space:nowrap">現在の段階</th>',
    );

    for (const [mail, p] of [
      [toAnna!, anna],
      [toYamada!, yamada],
    ] as const) {
      expect(mail.parsed.messageId).toBe(messageIdFor(envelope.id, `person:${p.id}`, 'proposal-advanced', 'collabo.example.jp'));
      expect(mail.parsed.from?.value[0]).toEqual({ name: 'Collabo', address: 'noreply@collabo.example.jp' });
      expect(mail.parsed.to && !Array.isArray(mail.parsed.to) ? mail.parsed.to.value[0]?.address : null).toBe(p.email);
      expect(mail.parsed.headers.get('x-collabo-notification')).toBe('proposal-advanced');
    }
    expect(await rowsOf(envelope.id)).toEqual([
      { recipient_email: anna.email, status: 'sent', kind: 'proposal-advanced', attempts: 1, last_error_code: null },
      { recipient_email: yamada.email, status: 'sent', kind: 'proposal-advanced', attempts: 1, last_error_code: null },
    ]);
    const [{ correlation_id }] = await h.dataSource.query('SELECT DISTINCT correlation_id FROM deliveries WHERE event_id = $1', [
      envelope.id,
    ]);
    expect(correlation_id).toBe('corr-advance-1');
  });

  it('sends no second email when the same event is delivered again', async () => {
    // Within JetStream's duplicate window the stream itself drops it...
    expect((await publishEnvelope(h.nc, h.prefix, ProposalAdvancedV1, firstAdvance, firstAdvance.id)).duplicate).toBe(true);
    // ...after it (a new stream message with the same envelope id), the inbox does.
    expect((await publishEnvelope(h.nc, h.prefix, ProposalAdvancedV1, firstAdvance, uuidv7())).duplicate).toBe(false);
    await h.svc.waitForProcessed((n) => n.messageId === firstAdvance.id && n.outcome === 'duplicate');
    expect(h.smtp.to(anna.email)).toHaveLength(1);
    expect(h.smtp.to(yamada.email)).toHaveLength(1);
    expect(await rowsOf(firstAdvance.id)).toHaveLength(2);
    // Even past the inbox (a replay by hand, a second path to the same event), the unique key holds.
    const intake = h.svc.app.get(NotificationIntake);
    expect(await h.dataSource.transaction((tx) => intake.accept(ProposalAdvancedV1, firstAdvance, tx))).toBe(0);
    expect(await rowsOf(firstAdvance.id)).toHaveLength(2);
  });

  it('honours a one-click unsubscribe for progress updates but still sends the screening result', async () => {
    const [mail] = h.smtp.to(anna.email);
    const link = /<([^>]+)>/.exec(String(mail!.raw.toString('latin1').match(/^List-Unsubscribe: (.+)$/m)?.[1]))?.[1];
    expect(mail!.raw.toString('latin1')).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(link).toMatch(/^http:\/\/notifications\.test\/v1\/unsubscribe\?token=/);
    const { pathname, search } = new URL(link!);
    // What a mail client does for a one-click unsubscribe (RFC 8058): POST the form field, no login.
    const res = await h
      .api()
      .post(pathname + search)
      .set('content-type', 'application/x-www-form-urlencoded')
      .send('List-Unsubscribe=One-Click');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const prefs = await h.api(coordinatorToken).get(`/v1/preferences?personId=${anna.id}`);
    expect(prefs.body.categories.find((c: { category: string }) => c.category === 'proposal_progress')).toMatchObject({
      subscribed: false,
      source: 'unsubscribe_link',
    });

    const ref = proposalRef(anna.id, yamada.id);
    const second = await h.publishConsumed('proposalAdvanced', advanced(ref));
    await applied(second.id);
    await sentFor(second.id, 1);
    expect(await rowsOf(second.id)).toEqual([
      expect.objectContaining({
        recipient_email: anna.email,
        status: 'suppressed',
        last_error_code: 'NOTIFICATIONS.UNSUBSCRIBED',
        attempts: 0,
      }),
      expect.objectContaining({ recipient_email: yamada.email, status: 'sent' }),
    ]);

    const result = await h.publishConsumed('proposalDecided', decided(ref, 'declined'));
    await applied(result.id);
    // The result to Anna, and the coordinator's notice of it to Yamada.
    await sentFor(result.id, 2);
    const toAnna = h.smtp.to(anna.email);
    expect(toAnna.map(subjectOf)).toEqual([
      expect.stringMatching(/^\[Collabo Stage advanced\]/),
      `[Collabo Screening result] Screening result for "A food material from kelp holdfasts" (${ref.referenceNumber})`,
    ]);
    expect(toAnna[1]!.parsed.text).toContain('has not accepted your proposal this time');
    expect(toAnna[1]!.raw.toString('latin1')).not.toMatch(/^List-Unsubscribe/m);
    const notice = h.smtp.to(yamada.email).find((m) => subjectOf(m).startsWith('【Collabo 採否決定】'))!;
    expect(subjectOf(notice)).toBe(
      `【Collabo 採否決定】「昆布の根（ガニアシ）を使った食品素材の開発」（${ref.referenceNumber}）は不採択と決定しました`,
    );
    expect(notice.parsed.text).toContain('申請者には、審査結果のみを別途メールでお知らせしております');
    // A work notice: it can be switched off, so it carries its one-click link.
    expect(notice.raw.toString('latin1')).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(notice.parsed.messageId).toBe(messageIdFor(result.id, `person:${yamada.id}`, 'proposal-decided-notice', 'collabo.example.jp'));
  });

  it('confirms a registration with the calendar entry attached, to a guest and to a registry person in the registry’s language', async () => {
    const event = exchangeEvent();
    const hanako = registration(guest('佐藤 花子', 'hanako@example.jp'));
    const guestConfirmed = await h.publishConsumed('registrationConfirmed', {
      event,
      registration: hanako,
      checkInToken: 'K7Q2-9XWD',
      calendar: CALENDAR,
    });
    // A registry person registered with Japanese in the form; the registry says English.
    const leeRegistration = registration(guest('Lee Brown', 'lee.old-address@example.org', 'ja', member.id));
    const memberConfirmed = await h.publishConsumed('registrationConfirmed', {
      event,
      registration: leeRegistration,
      checkInToken: 'AB12-CD34',
      calendar: CALENDAR,
    });
    await applied(guestConfirmed.id);
    await applied(memberConfirmed.id);
    await sentFor(guestConfirmed.id, 1);
    await sentFor(memberConfirmed.id, 1);

    const [toHanako] = h.smtp.to('hanako@example.jp');
    expect(subjectOf(toHanako!)).toBe(
      '【Collabo 参加確定】食と健康の異分野交流会（2026年12月3日（木）18:00〜20:30）へのご参加が確定しました',
    );
    expect(toHanako!.parsed.text).toContain('佐藤 花子 様');
    expect(toHanako!.parsed.text).toContain('■ 受付コード：K7Q2-9XWD');
    expect(toHanako!.parsed.attachments.map((a) => [a.filename, a.contentType, a.content.toString('utf8')])).toEqual([
      ['event.ics', 'text/calendar', CALENDAR],
    ]);
    const [toLee] = h.smtp.to(member.email);
    expect(h.smtp.to('lee.old-address@example.org')).toHaveLength(0);
    expect(subjectOf(toLee!)).toBe(
      '[Collabo Registration confirmed] Food and health cross-field exchange meeting (Thursday 3 December 2026, 18:00–20:30 (JST)): your place is confirmed',
    );
    expect(toLee!.parsed.text).toMatch(/^Dear Lee Brown,/);
    expect(toLee!.parsed.attachments).toHaveLength(1);
  });

  it('sends every kind of the rule table to the people its rule names', async () => {
    const ref = proposalRef(kato.id, yamada.id);
    const event = exchangeEvent();
    const g1 = registration(guest('鈴木 一郎', 'ichiro@example.jp'), 'confirmed');
    const g2 = registration(guest('Maria Garcia', 'maria@example.es', 'en'), 'waitlisted');
    const g3 = registration(guest('田中 三郎', 'saburo@example.jp'), 'cancelled');
    const lee = registration(guest('Lee Brown', 'lee.old-address@example.org', 'ja', member.id), 'attended');
    const shiro = registration(guest('欠席 四郎', 'shiro@example.jp'), 'no_show');
    const offerId = uuidv7();
    h.registrantLinks.register(g2.registrationId, offerId);
    h.registrantLinks.register(g1.registrationId);
    h.registrantLinks.register(lee.registrationId);
    MARIA_ACCEPT = h.registrantLinks.real(g2.registrationId, 'seat-offer', offerId);
    ICHIRO_QUESTIONNAIRE = h.registrantLinks.real(g1.registrationId, 'questionnaire');
    LEE_QUESTIONNAIRE = h.registrantLinks.real(lee.registrationId, 'questionnaire');
    const accountId = uuidv7();
    const invitationId = uuidv7();
    h.registry.invite({ accountId, invitationId });
    const published = [
      await h.publishConsumed('proposalSubmitted', {
        proposal: ref,
        stage: { code: 'received', label: { ja: '受付', en: 'Received' } },
        broughtInOn: '2026-11-20',
        originEventId: null,
      }),
      await h.publishConsumed('reviewerAssigned', {
        assignmentId: uuidv7(),
        proposal: ref,
        advisorId: advisor.id,
        dueOn: '2026-12-15',
      }),
      await h.publishConsumed('teamFormed', {
        teamId: uuidv7(),
        proposal: ref,
        members: [
          { personId: yamada.id, role: 'coordinator' },
          { personId: member.id, role: 'advisor' },
        ],
      }),
      await h.publishConsumed('outcomeRecorded', {
        outcomeId: uuidv7(),
        proposal: ref,
        kind: 'patent_filed',
        summary: '特願2026-123456',
        amountYen: null,
        fiscalYear: 2026,
      }),
      await h.publishConsumed('registrationReceived', { event, registration: { ...g1, status: 'received' } }),
      await h.publishConsumed('registrationWaitlisted', { event, registration: g2, position: 2 }),
      await h.publishConsumed('registrationSeatOffered', {
        event,
        registration: { ...g2, status: 'offered' },
        offerId,
        expiresAt: '2026-11-30T12:00:00+09:00',
        maskedAcceptUrl: h.registrantLinks.masked(g2.registrationId, 'seat-offer', offerId),
      }),
      await h.publishConsumed('registrationOfferExpired', {
        event,
        registration: { ...g2, status: 'waitlisted' },
        offerId: uuidv7(),
      }),
      await h.publishConsumed('registrationCancelled', { event, registration: g3, cancelledBy: 'registrant' }),
      await h.publishConsumed('registrationCancelled', { event, registration: g1, cancelledBy: 'event_cancelled' }),
      await h.publishConsumed('eventChanged', {
        event,
        changedFields: ['venue'],
        message: '会場が変わります。',
        registrations: [g1, g2, g3],
      }),
      // As the events service sends it: the registrations active at the cancellation, cancelled with the event.
      await h.publishConsumed('eventCancelled', {
        event,
        reason: '大雪のため',
        registrations: [g1, g2].map((r) => ({ ...r, status: 'cancelled' as const })),
      }),
      await h.publishConsumed('reminderDue', { event, registrations: [g1, g2, g3] }),
      await h.publishConsumed('proposalDecided', decided(ref, 'accepted')),
      await h.publishConsumed('eventCompleted', {
        event,
        attendees: [
          {
            registration: { ...g1, status: 'attended' },
            maskedQuestionnaireUrl: h.registrantLinks.masked(g1.registrationId, 'questionnaire'),
          },
          // A registry person: the registry's address and language, and still their own link.
          { registration: lee, maskedQuestionnaireUrl: h.registrantLinks.masked(lee.registrationId, 'questionnaire') },
          // Did not come: not thanked.
          { registration: shiro, maskedQuestionnaireUrl: h.registrantLinks.masked(shiro.registrationId, 'questionnaire') },
        ],
      }),
      await h.publishConsumed(
        'accountInvited',
        invitation(
          'new.staff@collabo.example.jp',
          h.registry.maskedSetPasswordUrl,
          { accountId, invitationId },
          { roles: ['coordinator'] },
        ),
      ),
    ];
    for (const e of published) await applied(e.id);
    const expected: [string, string][] = [
      [kato.email, '【Collabo 提案受付】'],
      [yamada.email, '【Collabo 新規提案】'],
      [advisor.email, '【Collabo 審査依頼】'],
      [yamada.email, '【Collabo 支援チーム】'],
      [member.email, '[Collabo Support team]'],
      [kato.email, '【Collabo 支援チーム】'],
      [yamada.email, '【Collabo 成果登録】'],
      ['ichiro@example.jp', '【Collabo 申込受付】'],
      ['maria@example.es', '[Collabo Waitlisted]'],
      ['maria@example.es', '[Collabo Seat offered]'],
      ['maria@example.es', '[Collabo Offer expired]'],
      ['saburo@example.jp', '【Collabo 申込取消】'],
      ['ichiro@example.jp', '【Collabo 開催内容変更】'],
      ['maria@example.es', '[Collabo Event changed]'],
      ['ichiro@example.jp', '【Collabo 開催中止】'],
      ['maria@example.es', '[Collabo Event cancelled]'],
      ['ichiro@example.jp', '【Collabo 明日開催】'],
      [kato.email, '【Collabo 審査結果】'],
      [yamada.email, '【Collabo 採否決定】'],
      ['ichiro@example.jp', '【Collabo ご参加御礼】'],
      [member.email, '[Collabo Thank you]'],
      ['new.staff@collabo.example.jp', '【Collabo アカウント登録】'],
    ];
    const ids = published.map((e) => e.id);
    await h.svc.waitForDeliveries(
      (n) => n.outcome === 'sent' && [...rowIds.entries()].some(([eventId, set]) => ids.includes(eventId) && set.has(n.deliveryId)),
      expected.length,
    );
    const got = h.smtp.received.map((m) => [m.to[0]!, subjectOf(m)] as const);
    for (const [to, prefixText] of expected) {
      expect([to, prefixText, got.some(([t, s]) => t === to && s.startsWith(prefixText))]).toEqual([to, prefixText, true]);
    }
    const rows: { n: number }[] = await h.dataSource.query('SELECT count(*)::int AS n FROM deliveries WHERE event_id = ANY($1::uuid[])', [
      ids,
    ]);
    expect(rows[0]!.n).toBe(expected.length);
    // The seat offer carries its deadline and its link; the invitation its set-password link: the real ones,
    // asked of their owners at send time (the registry minted the set-password token then).
    const offer = h.smtp.to('maria@example.es').find((m) => subjectOf(m).startsWith('[Collabo Seat offered]'))!;
    expect(offer.parsed.text).toContain(MARIA_ACCEPT);
    expect(subjectOf(offer)).toContain('please answer by Monday 30 November 2026, 12:00 (JST)');
    const invitationMail = h.smtp.to('new.staff@collabo.example.jp')[0]!;
    expect(h.registry.minted(invitationId)).toHaveLength(1);
    SET_PASSWORD_URL = `${SET_PASSWORD_PAGE}?token=${h.registry.minted(invitationId)[0]}`;
    expect(invitationMail.parsed.html).toContain(`href="${SET_PASSWORD_URL}"`);
    expect(h.registry.works(SET_PASSWORD_URL)).toBe(true);
    // Each attendee is thanked with their own questionnaire link, and only theirs; whoever did not come, not at all.
    const thanks = (to: string) => h.smtp.to(to).find((m) => /^(【Collabo ご参加御礼】|\[Collabo Thank you\])/.test(subjectOf(m)))!;
    expect(thanks('ichiro@example.jp').parsed.text).toContain(ICHIRO_QUESTIONNAIRE);
    expect(thanks('ichiro@example.jp').parsed.text).not.toContain(LEE_QUESTIONNAIRE);
    expect(thanks(member.email).parsed.text).toMatch(/^Dear Lee Brown,/);
    expect(thanks(member.email).parsed.text).toContain(LEE_QUESTIONNAIRE);
    expect(thanks(member.email).parsed.text).not.toContain(ICHIRO_QUESTIONNAIRE);
    expect(h.smtp.to('shiro@example.jp')).toHaveLength(0);
    expect(h.smtp.to('lee.old-address@example.org')).toHaveLength(0);
    // An optional category: a one-click link that switches off only the thank-you notes.
    expect(thanks('ichiro@example.jp').raw.toString('latin1')).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    const [thanksRow] = await h.dataSource.query(
      `SELECT category, unsubscribe_url FROM deliveries WHERE kind = 'event-thanks' AND recipient_email = $1`,
      ['ichiro@example.jp'],
    );
    expect(thanksRow.category).toBe('event_follow_up');
    expect(thanksRow.unsubscribe_url).toBe('http://notifications.test/v1/unsubscribe?token=•••');
  });

  it('records a person the registry does not know, and sends nothing for history brought over', async () => {
    const stranger = uuidv7();
    const ref = proposalRef(stranger, yamada.id);
    const e = await h.publishConsumed('proposalAdvanced', advanced(ref));
    await applied(e.id);
    await sentFor(e.id, 1);
    expect(await rowsOf(e.id)).toEqual([
      expect.objectContaining({ recipient_email: yamada.email, status: 'sent' }),
      expect.objectContaining({ recipient_email: null, status: 'failed', last_error_code: 'NOTIFICATIONS.RECIPIENT_NOT_FOUND' }),
    ]);
    const history = await h.publishConsumed('proposalAdvanced', { ...advanced(ref), historical: true } as ProposalAdvancedV1.Data);
    await applied(history.id);
    expect(await rowsOf(history.id)).toEqual([]);
  });

  it('parks an event in the dead letters while the registry does not answer, and sends it once when staff retry', async () => {
    // GetPeopleV1 stops answering (the invitation links keep being served), and the recipient cache does not
    // hold these people (as after RECIPIENT_CACHE_TTL_MS): they must be asked of the registry.
    await h.registry.restart({ without: [GetPeopleV1.subject] });
    await h.dataSource.query('DELETE FROM recipient_cache');
    const ref = proposalRef(anna.id, yamada.id);
    const e = await h.publishConsumed('teamFormed', {
      teamId: uuidv7(),
      proposal: ref,
      members: [{ personId: advisor.id, role: 'lead_advisor' }],
    });
    await h.svc.waitForProcessed((n) => n.messageId === e.id && n.outcome === 'dead_lettered');
    expect(await rowsOf(e.id)).toEqual([]);
    await h.registry.restart();
    const parked = await h.api(coordinatorToken).get('/v1/dead-letters');
    const letter = parked.body.items.find((d: { messageId: string }) => d.messageId === e.id);
    expect(letter).toMatchObject({ consumer: 'notifications-notify-on-team-formed', attempts: 3 });
    expect(letter.error).toMatch(/registry\.qry\.people\.get-many\.v1/);
    const before = h.smtp.to(advisor.email).length;
    const retried = await h.api(coordinatorToken).post(`/v1/dead-letters/${letter.id}/retry`);
    expect(retried.body).toEqual({ outcome: 'applied' });
    const [row]: { id: string }[] = await h.dataSource.query('SELECT id FROM deliveries WHERE event_id = $1 AND recipient_email = $2', [
      e.id,
      advisor.email,
    ]);
    // The coordinator gets the team email too (the stage change into the team stage sends them none).
    const [coordinatorRow]: { id: string }[] = await h.dataSource.query(
      'SELECT id FROM deliveries WHERE event_id = $1 AND recipient_email = $2',
      [e.id, yamada.email],
    );
    await h.svc.waitForDeliveries((n) => (n.deliveryId === row!.id || n.deliveryId === coordinatorRow!.id) && n.outcome === 'sent', 2);
    expect(h.smtp.to(advisor.email)).toHaveLength(before + 1);
    const again = await h.api(coordinatorToken).post(`/v1/dead-letters/${letter.id}/retry`);
    expect(again.body).toEqual({ outcome: 'duplicate' });
    // Anna switched progress updates off earlier: her copy of the team email is recorded, not sent.
    expect((await rowsOf(e.id)).map((r) => [r.recipient_email, r.status])).toEqual([
      [anna.email, 'suppressed'],
      [advisor.email, 'sent'],
      [yamada.email, 'sent'],
    ]);
  });

  it('writes no address, name, token or personal link of any of these emails into the logs', () => {
    expect(h.logs.lines.length).toBeGreaterThan(0);
    const unsubscribeTokens = h.smtp.received.flatMap((m) => {
      const token = /[?&]token=([A-Za-z0-9_.%-]+)/.exec(m.raw.toString('latin1').match(/^List-Unsubscribe: (.+)$/m)?.[1] ?? '')?.[1];
      return token ? [decodeURIComponent(token), decodeURIComponent(token).split('.')[1]!] : [];
    });
    expect(unsubscribeTokens.length).toBeGreaterThan(4);
    const people = [anna, yamada, advisor, member, kato];
    const secrets = [
      ...people.flatMap((p) => [p.email, p.displayName, `${p.givenName} ${p.familyName}`]),
      ...h.smtp.received.flatMap((m) => m.to),
      '佐藤 花子',
      '鈴木 一郎',
      'Maria Garcia',
      '田中 三郎',
      '欠席 四郎',
      '新井 さくら',
      'lee.old-address@example.org',
      SET_PASSWORD_URL,
      ...h.registry.minted(h.registry.callsOf(IssueInvitationLinkV1)[0]!.invitationId),
      ICHIRO_QUESTIONNAIRE,
      LEE_QUESTIONNAIRE,
      MARIA_ACCEPT,
      ...[ICHIRO_QUESTIONNAIRE, LEE_QUESTIONNAIRE, MARIA_ACCEPT].map((u) => new URL(u).searchParams.get('token')!),
      'K7Q2-9XWD',
      'AB12-CD34',
      coordinatorToken,
      coordinatorToken.split('.')[2]!,
      ...unsubscribeTokens,
    ];
    expect(h.logs.leaks(secrets)).toEqual([]);
  });
});
