import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  AccountInvitedV2,
  EventCancelledV1,
  EventCompletedV2,
  GetConsentWithdrawalLinkV1,
  IssueInvitationLinkV1,
  PersonMergedV1,
  PersonUpdatedV1,
  PrivacyRequestOpenedV1,
  RegistrationSeatOfferedV2,
  ReminderDueV1,
  type ConsentPurpose,
  type EventEnvelope,
} from '@collabo/contracts';
import { DEFAULT_SET_PASSWORD_URL, FAKE_CONSENT_WITHDRAWAL_URL, type ReceivedMail } from '@collabo/testing';
import { v7 as uuidv7 } from 'uuid';
import { exchangeEvent, guest, invitation, registration } from './fixtures/events.js';
import { startHarness, type Harness } from './support/harness.js';

const SET_PASSWORD_PAGE = DEFAULT_SET_PASSWORD_URL;

/**
 * The hole: the delivery log stored (and showed any staff role) the invitation email with its usable
 * set-password link, and the seat-offer, questionnaire and unsubscribe links likewise. Now the row holds the
 * masked links only; the worker asks each link's owner for the real one at send time (real NATS: the
 * registry's and the events service's contracts answered by test responders) and puts it into the message it
 * hands to the real SMTP server only.
 */
describe('secret links are never at rest', () => {
  let h: Harness;
  let admin = '';
  /** Every real secret that went out in an email of this suite. */
  const realSecrets: string[] = [];

  beforeAll(async () => {
    h = await startHarness({ captureLogs: true, env: { RPC_TIMEOUT_MS: '300' } });
    admin = await h.token('admin');
  });

  afterAll(() => h?.close());

  const deliveryOf = async (eventId: string): Promise<{ id: string; version: number }> => {
    await h.svc.waitForProcessed((n) => n.messageId === eventId && n.outcome === 'applied');
    const [row] = await h.dataSource.query('SELECT id, version FROM deliveries WHERE event_id = $1', [eventId]);
    return row;
  };
  const invite = (email: string, accountId: string, invitationId: string): Promise<EventEnvelope<AccountInvitedV2.Data>> =>
    h.publish(AccountInvitedV2, invitation(email, h.registry.maskedSetPasswordUrl, { accountId, invitationId }, { roles: ['admin'] }));
  const tokenIn = (text: string, page: string): string | null =>
    new RegExp(`${page.replace(/[.?/]/g, '\\$&')}[^\\s"<>]*[?&]token=([^&\\s"<>]+)`).exec(text)?.[1] ?? null;
  /** Every text column of deliveries, delivery attempts and dead letters, as one string. */
  const everythingStored = async (): Promise<string> => {
    const tables = ['deliveries', 'delivery_attempts', 'dead_letters'];
    const parts: string[] = [];
    for (const table of tables) parts.push(JSON.stringify(await h.dataSource.query(`SELECT * FROM ${table}`)));
    return parts.join('\n');
  };

  let invitationMail: ReceivedMail;
  let invitationDelivery = '';

  it('the invitation email reaching SMTP holds the working set-password link the registry minted, the row and the API only token=•••', async () => {
    const accountId = uuidv7();
    const invitationId = uuidv7();
    h.registry.invite({ accountId, invitationId });
    const e = await invite('admin.invitee@collabo.example.jp', accountId, invitationId);
    const { id } = await deliveryOf(e.id);
    invitationDelivery = id;
    await h.svc.waitForDeliveries((n) => n.deliveryId === id && n.outcome === 'sent');
    [invitationMail] = h.smtp.to('admin.invitee@collabo.example.jp') as [ReceivedMail];
    const [minted] = h.registry.minted(invitationId);
    expect(h.registry.callsOf(IssueInvitationLinkV1)).toEqual([{ accountId, invitationId }]);
    const real = `${SET_PASSWORD_PAGE}?token=${minted}`;
    realSecrets.push(minted!);
    expect(invitationMail.parsed.text).toContain(real);
    expect(invitationMail.parsed.html).toContain(`href="${real}"`);
    expect(h.registry.works(real)).toBe(true);
    // What staff see, and what is stored: the masked link only.
    const view = await h.api(admin).get(`/v1/deliveries/${id}`);
    expect(view.status).toBe(200);
    expect(view.body.text).toContain(`${SET_PASSWORD_PAGE}?token=•••`);
    expect(view.body.html).toContain(`href="${SET_PASSWORD_PAGE}?token=•••"`);
    expect(JSON.stringify(view.body)).not.toContain(minted);
    const list = await h.api(admin).get('/v1/deliveries?kind=account-invitation');
    expect(JSON.stringify(list.body)).not.toContain(minted);
    const [row] = await h.dataSource.query('SELECT text_body, html_body, secret_links FROM deliveries WHERE id = $1', [id]);
    expect(tokenIn(row.text_body, SET_PASSWORD_PAGE)).toBe('•••');
    expect(row.secret_links).toEqual([{ masked: `${SET_PASSWORD_PAGE}?token=•••`, via: 'registry.invitation', accountId, invitationId }]);
    expect(await everythingStored()).not.toContain(minted);
  });

  it('the seat-offer and questionnaire emails carry the registrant’s real links on the wire and •••, with a working unsubscribe link, at rest', async () => {
    const event = exchangeEvent();
    const maria = registration(guest('Maria Garcia', 'maria.secret@example.es', 'en'), 'offered');
    const ichiro = registration(guest('鈴木 一郎', 'ichiro.secret@example.jp'), 'attended');
    const offerId = uuidv7();
    realSecrets.push(h.registrantLinks.register(maria.registrationId, offerId), h.registrantLinks.register(ichiro.registrationId));
    const offered = await h.publish(RegistrationSeatOfferedV2, {
      event,
      registration: maria,
      offerId,
      expiresAt: '2026-11-30T12:00:00+09:00',
      maskedAcceptUrl: h.registrantLinks.masked(maria.registrationId, 'seat-offer', offerId),
    });
    const completed = await h.publish(EventCompletedV2, {
      event,
      attendees: [{ registration: ichiro, maskedQuestionnaireUrl: h.registrantLinks.masked(ichiro.registrationId, 'questionnaire') }],
    });
    const ids = [(await deliveryOf(offered.id)).id, (await deliveryOf(completed.id)).id];
    await h.svc.waitForDeliveries((n) => ids.includes(n.deliveryId) && n.outcome === 'sent', 2);
    const [offerMail] = h.smtp.to('maria.secret@example.es');
    const [thanksMail] = h.smtp.to('ichiro.secret@example.jp');
    const accept = h.registrantLinks.real(maria.registrationId, 'seat-offer', offerId);
    const questionnaire = h.registrantLinks.real(ichiro.registrationId, 'questionnaire');
    expect(offerMail!.parsed.text).toContain(accept);
    expect(offerMail!.parsed.html).toContain(`href="${accept}"`);
    expect(thanksMail!.parsed.text).toContain(questionnaire);
    expect(thanksMail!.parsed.html).toContain(`href="${questionnaire}"`);
    expect(h.registrantLinks.calls).toEqual(
      expect.arrayContaining([
        { registrationId: maria.registrationId, purpose: 'seat-offer', offerId },
        { registrationId: ichiro.registrationId, purpose: 'questionnaire' },
      ]),
    );

    // The unsubscribe link of the thank-you note (optional category): real in the header and the body, and it works.
    const header = /^List-Unsubscribe: <([^>]+)>\r?$/m.exec(thanksMail!.raw.toString('latin1'))?.[1];
    expect(header).toMatch(/^http:\/\/notifications\.test\/v1\/unsubscribe\?token=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(thanksMail!.parsed.text).toContain(header!);
    const unsubscribeToken = decodeURIComponent(new URL(header!).searchParams.get('token')!);
    realSecrets.push(unsubscribeToken, unsubscribeToken.split('.')[1]!);
    const unsubscribed = await h
      .api()
      .post(new URL(header!).pathname + new URL(header!).search)
      .set('content-type', 'application/x-www-form-urlencoded')
      .send('List-Unsubscribe=One-Click');
    expect(unsubscribed.status).toBe(200);
    const [pref] = await h.dataSource.query('SELECT subscribed, source FROM preferences WHERE recipient_key = $1 AND category = $2', [
      'email:ichiro.secret@example.jp',
      'event_follow_up',
    ]);
    expect(pref).toEqual({ subscribed: false, source: 'unsubscribe_link' });

    for (const id of ids) {
      const view = await h.api(admin).get(`/v1/deliveries/${id}`);
      expect(view.body.text).toMatch(/\?token=•••/);
      for (const secret of realSecrets) expect(JSON.stringify(view.body)).not.toContain(secret);
    }
    const [thanksRow] = await h.dataSource.query('SELECT unsubscribe_url FROM deliveries WHERE id = $1', [ids[1]]);
    expect(thanksRow.unsubscribe_url).toBe('http://notifications.test/v1/unsubscribe?token=•••');
  });

  it('resending an invitation gets a fresh set-password link from the registry, and the first one dies', async () => {
    const address = 'refused.first@collabo.example.jp';
    h.smtp.reject(address, 550, 'Mailbox unavailable');
    const accountId = uuidv7();
    const invitationId = uuidv7();
    h.registry.invite({ accountId, invitationId });
    const e = await invite(address, accountId, invitationId);
    const { id } = await deliveryOf(e.id);
    await h.svc.waitForDeliveries((n) => n.deliveryId === id && n.outcome === 'failed');
    const [first] = h.registry.minted(invitationId);
    expect(h.registry.works(`${SET_PASSWORD_PAGE}?token=${first}`)).toBe(true);
    h.smtp.accept(address);
    const read = await h.api(admin).get(`/v1/deliveries/${id}`);
    const resent = await h
      .api(admin)
      .post(`/v1/deliveries/${id}/resend`)
      .set('if-match', read.headers['etag'] as string);
    expect(resent.status).toBe(200);
    await h.svc.waitForDeliveries((n) => n.deliveryId === id && n.outcome === 'sent');
    const minted = h.registry.minted(invitationId);
    expect(minted).toHaveLength(2);
    realSecrets.push(...minted);
    const [mail] = h.smtp.to(address);
    expect(tokenIn(mail!.parsed.text ?? '', SET_PASSWORD_PAGE)).toBe(minted[1]);
    expect(minted[1]).not.toBe(first);
    expect(h.registry.works(`${SET_PASSWORD_PAGE}?token=${minted[1]}`)).toBe(true);
    expect(h.registry.works(`${SET_PASSWORD_PAGE}?token=${first}`)).toBe(false);
  });

  it('an invitation that is no longer pending fails its delivery at once, with a clear code, without retrying', async () => {
    const accountId = uuidv7();
    const invitationId = uuidv7();
    h.registry.invite({ accountId, invitationId });
    h.registry.closeInvitation(invitationId);
    const before = h.registry.callsOf(IssueInvitationLinkV1).length;
    const e = await invite('superseded@collabo.example.jp', accountId, invitationId);
    const { id } = await deliveryOf(e.id);
    const [notice] = await h.svc.waitForDeliveries((n) => n.deliveryId === id && n.outcome !== 'sent');
    expect(notice).toMatchObject({ outcome: 'failed', status: 'failed', attempts: 1 });
    const [row] = await h.dataSource.query('SELECT status, attempts, last_error_code, next_attempt_at FROM deliveries WHERE id = $1', [id]);
    expect(row).toMatchObject({ status: 'failed', attempts: 1, last_error_code: 'NOTIFICATIONS.INVITATION_NOT_PENDING' });
    expect(h.registry.callsOf(IssueInvitationLinkV1).length).toBe(before + 1);
    expect(h.smtp.to('superseded@collabo.example.jp')).toHaveLength(0);
    // An unknown invitation (the account is gone) is the same: failed, not retried.
    const gone = await invite('gone@collabo.example.jp', uuidv7(), uuidv7());
    const goneId = (await deliveryOf(gone.id)).id;
    await h.svc.waitForDeliveries((n) => n.deliveryId === goneId && n.outcome === 'failed');
    const [goneRow] = await h.dataSource.query('SELECT attempts, last_error_code FROM deliveries WHERE id = $1', [goneId]);
    expect(goneRow).toEqual({ attempts: 1, last_error_code: 'NOTIFICATIONS.INVITATION_NOT_PENDING' });
  });

  it('retries with backoff while the registry does not answer, and sends once it does', async () => {
    const accountId = uuidv7();
    const invitationId = uuidv7();
    h.registry.invite({ accountId, invitationId });
    await h.registry.stop();
    const e = await invite('waiting@collabo.example.jp', accountId, invitationId);
    const { id } = await deliveryOf(e.id);
    const [retry] = await h.svc.waitForDeliveries((n) => n.deliveryId === id && n.outcome === 'retry');
    expect(retry!.status).toBe('queued');
    expect(retry!.error).toMatch(/did not hand it out \(COMMON\.\w+\)/);
    await h.registry.restart();
    await h.svc.waitForDeliveries((n) => n.deliveryId === id && n.outcome === 'sent');
    const [mail] = h.smtp.to('waiting@collabo.example.jp');
    const [minted] = h.registry.minted(invitationId);
    realSecrets.push(minted!);
    expect(tokenIn(mail!.parsed.text ?? '', SET_PASSWORD_PAGE)).toBe(minted);
  });

  // Consent-withdrawal links (issue #20 item 6): a registry person's optional emails.
  const CONSENT_PAGE = FAKE_CONSENT_WITHDRAWAL_URL;
  /** The links the fake registry answered for a person and purpose (GetConsentWithdrawalLinkV1), oldest first. */
  const answered = (personId: string, purpose: ConsentPurpose): string[] =>
    h.registry.withdrawalLinks.filter((l) => l.personId === personId && l.purpose === purpose).map((l) => l.withdrawalUrl);
  const consentCalls = () => h.registry.callsOf(GetConsentWithdrawalLinkV1);
  const escapeRegExp = (text: string): string => text.replace(/[.?/]/g, '\\$&');
  /** The registry's link of `purpose` in an email's text as it went out (without the fragment), or null. */
  const wireLink = (text: string, purpose: ConsentPurpose): string | null =>
    new RegExp(`(${escapeRegExp(CONSENT_PAGE)}\\?token=[^#\\s]+)#${purpose}(?:\\s|$)`).exec(text)?.[1] ?? null;
  const rowsOf = async (
    eventId: string,
  ): Promise<{ id: string; recipient_email: string; text_body: string; message_id: string; secret_links: { via: string }[] }[]> => {
    await h.svc.waitForProcessed((n) => n.messageId === eventId && n.outcome === 'applied');
    return h.dataSource.query('SELECT id, recipient_email, text_body, message_id, secret_links FROM deliveries WHERE event_id = $1', [
      eventId,
    ]);
  };
  let member = { id: '', email: '' };

  it('consent links: an optional email to a registry person carries the registry’s withdrawal links on the wire and •••#<purpose> at rest; a transactional one and a guest’s carry none', async () => {
    member = h.registry.person({ familyName: 'Tanaka', givenName: 'Yui', email: 'yui.consents@example.jp', preferredLanguage: 'en' });
    const guestAddress = 'guest.no-consents@example.jp';
    const event = exchangeEvent();
    const regs = [registration(guest('Yui Tanaka', member.email, 'en', member.id)), registration(guest('来場 者', guestAddress))];
    const callsBefore = consentCalls().length;
    const reminder = await h.publish(ReminderDueV1, { event, registrations: regs });
    const cancelled = await h.publish(EventCancelledV1, { event, reason: '荒天のため', registrations: regs });
    const rows = [...(await rowsOf(reminder.id)), ...(await rowsOf(cancelled.id))];
    expect(rows).toHaveLength(4);
    const ids = rows.map((r) => r.id);
    await h.svc.waitForDeliveries((n) => ids.includes(n.deliveryId) && n.outcome === 'sent', 4);

    // The registry was asked for the person's two links of the reminder, and for nobody else's (a try that timed out
    // on a loaded machine asks again: the link on the wire is then the later answer).
    const calls = consentCalls().slice(callsBefore);
    expect(new Set(calls.map((c) => `${c.personId}:${c.purpose}`))).toEqual(
      new Set([`${member.id}:news`, `${member.id}:attendee_listing`]),
    );
    for (const purpose of ['news', 'attendee_listing'] as const) {
      realSecrets.push(...answered(member.id, purpose).map((l) => tokenIn(l, CONSENT_PAGE)!));
    }

    // On the wire: the registry's own links (its answers, with the purpose's fragment), in the text and the HTML.
    const [memberReminder] = h.smtp.to(member.email).filter((m) => m.parsed.headers.get('x-collabo-notification') === 'event-reminder');
    expect(memberReminder).toBeDefined();
    const news = wireLink(memberReminder!.parsed.text ?? '', 'news');
    const listing = wireLink(memberReminder!.parsed.text ?? '', 'attendee_listing');
    expect(answered(member.id, 'news')).toContain(news);
    expect(answered(member.id, 'attendee_listing')).toContain(listing);
    expect(news).toMatch(new RegExp(`^${escapeRegExp(CONSENT_PAGE)}\\?token=[A-Za-z0-9_-]{32}$`));
    expect(memberReminder!.parsed.text).toContain(`To withdraw your consent to receiving news by email, use this link:\n${news}#news`);
    expect(memberReminder!.parsed.text).toContain(
      `To withdraw your consent to listing on attendee lists, use this link:\n${listing}#attendee_listing`,
    );
    expect(memberReminder!.parsed.html).toContain(`href="${news}#news"`);
    expect(memberReminder!.parsed.html).toContain(`href="${listing}#attendee_listing"`);
    expect(memberReminder!.parsed.text).not.toContain('•••');

    // At rest and in the delivery log: masked, with how to get them at send time.
    const reminderRow = rows.find((r) => r.recipient_email === member.email && r.secret_links.some((l) => l.via === 'registry.consent'))!;
    expect(reminderRow.text_body).toContain(`${CONSENT_PAGE}?token=•••#news`);
    expect(reminderRow.text_body).toContain(`${CONSENT_PAGE}?token=•••#attendee_listing`);
    expect(reminderRow.secret_links.filter((l) => l.via === 'registry.consent')).toEqual([
      { masked: `${CONSENT_PAGE}?token=•••#news`, via: 'registry.consent', personId: member.id, purpose: 'news' },
      { masked: `${CONSENT_PAGE}?token=•••#attendee_listing`, via: 'registry.consent', personId: member.id, purpose: 'attendee_listing' },
    ]);
    const view = await h.api(admin).get(`/v1/deliveries/${reminderRow.id}`);
    expect(view.body.text).toContain(`${CONSENT_PAGE}?token=•••#news`);
    expect(JSON.stringify(view.body)).not.toContain(tokenIn(news!, CONSENT_PAGE)!);
    const stored = await everythingStored();
    for (const link of [news!, listing!]) expect(stored).not.toContain(tokenIn(link, CONSENT_PAGE)!);

    // The cancellation (transactional) to the person, and both emails to the guest: no consent link.
    const memberCancelled = h.smtp.to(member.email).filter((m) => m !== memberReminder);
    const guestMails = h.smtp.to(guestAddress);
    expect(memberCancelled).toHaveLength(1);
    expect(guestMails).toHaveLength(2);
    for (const mail of [...memberCancelled, ...guestMails]) {
      expect(mail.parsed.text).not.toContain(CONSENT_PAGE);
      expect(String(mail.parsed.html)).not.toContain(CONSENT_PAGE);
      expect(mail.parsed.text).not.toMatch(/consent|同意/);
    }
    for (const row of rows.filter((r) => r !== reminderRow)) {
      expect(row.secret_links.some((l) => l.via === 'registry.consent')).toBe(false);
      expect(row.text_body).not.toContain(CONSENT_PAGE);
    }
  });

  it('consent links: kept in memory (the registry asked once per person and purpose), dropped on person.updated, person.merged and erasure', async () => {
    const reminderTo = async (person: { id: string; email: string }): Promise<ReceivedMail> => {
      const e = await h.publish(ReminderDueV1, {
        event: exchangeEvent(),
        registrations: [registration(guest('Yui Tanaka', person.email, 'en', person.id))],
      });
      const [row] = await rowsOf(e.id);
      await h.svc.waitForDeliveries((n) => n.deliveryId === row!.id && n.outcome === 'sent');
      const mail = h.smtp.to(person.email).find((m) => m.parsed.messageId === row!.message_id);
      expect(mail).toBeDefined();
      return mail!;
    };
    const callsFor = (personId: string) => consentCalls().filter((c) => c.personId === personId).length;
    const linksIn = (mail: ReceivedMail) => [
      wireLink(mail.parsed.text ?? '', 'news'),
      wireLink(mail.parsed.text ?? '', 'attendee_listing'),
    ];
    const keep = (person: { id: string }) => {
      for (const purpose of ['news', 'attendee_listing'] as const) {
        realSecrets.push(...answered(person.id, purpose).map((l) => tokenIn(l, CONSENT_PAGE)!));
      }
    };

    const cachedOne = h.registry.person({
      familyName: 'Sato',
      givenName: 'Rin',
      email: 'rin.sato.links@example.jp',
      preferredLanguage: 'en',
    });
    const first = await reminderTo(cachedOne);
    const asked = callsFor(cachedOne.id);
    expect(asked).toBeGreaterThanOrEqual(2);
    // The next emails to the person: the same links, and the registry is not asked again.
    const second = await reminderTo(cachedOne);
    const third = await reminderTo(cachedOne);
    expect(callsFor(cachedOne.id)).toBe(asked);
    expect(linksIn(second)).toEqual(linksIn(first));
    expect(linksIn(third)).toEqual(linksIn(first));
    expect(linksIn(first).every((l) => l !== null)).toBe(true);

    // person.updated: the person's links are asked again (a fresh answer of the fake: another token).
    await h.publishApplied(PersonUpdatedV1, { person: { ...cachedOne, version: cachedOne.version + 1 }, changedFields: ['phone'] });
    h.registry.people.set(cachedOne.id, { ...cachedOne, version: cachedOne.version + 1 });
    const afterUpdate = await reminderTo(cachedOne);
    expect(callsFor(cachedOne.id)).toBeGreaterThan(asked);
    expect(linksIn(afterUpdate)).not.toEqual(linksIn(first));
    expect(answered(cachedOne.id, 'news')).toContain(linksIn(afterUpdate)[0]);

    // person.merged: the merged person's and the survivor's links are dropped.
    const duplicate = h.registry.person({
      familyName: 'Sato',
      givenName: 'Rin',
      email: 'rin.sato.old@example.jp',
      preferredLanguage: 'en',
    });
    await reminderTo(duplicate);
    const beforeMerge = { survivor: callsFor(cachedOne.id), duplicate: callsFor(duplicate.id) };
    const survivor = { ...cachedOne, version: cachedOne.version + 2 };
    h.registry.people.set(cachedOne.id, survivor);
    await h.publishApplied(PersonMergedV1, {
      survivorId: cachedOne.id,
      mergedId: duplicate.id,
      mergedEmail: duplicate.email,
      survivor,
      movedAffiliations: 0,
      movedMemberships: 0,
      movedAccount: false,
      aliasIds: [duplicate.id],
    });
    await reminderTo(cachedOne);
    expect(callsFor(cachedOne.id)).toBeGreaterThan(beforeMerge.survivor);

    // Erasure: a cached person's links are dropped; with the person gone from the registry too, an optional email
    // still queued for them would fail (CONSENT_LINK_UNAVAILABLE) rather than carry a remembered link.
    const erased = h.registry.person({ familyName: 'Ono', givenName: 'Mei', email: 'mei.ono.links@example.jp', preferredLanguage: 'en' });
    await reminderTo(erased);
    const beforeErasure = callsFor(erased.id);
    await h.publishApplied(PrivacyRequestOpenedV1, {
      requestId: uuidv7(),
      kind: 'erasure',
      subject: { personId: erased.id, personIds: [erased.id], emails: [] },
      openedAt: '2026-12-01T09:00:00+09:00',
    });
    await reminderTo(erased); // the registry still knows them here: asked again, not remembered
    expect(callsFor(erased.id)).toBeGreaterThan(beforeErasure);
    for (const person of [cachedOne, duplicate, erased]) keep(person);
  });

  it('consent links: while the registry does not answer, the email is retried with backoff (as an invitation is), and goes out once it does', async () => {
    // The member's links are remembered from the emails above: a change to the person drops them, so this email asks.
    await h.publishApplied(PersonUpdatedV1, { person: { ...h.registry.people.get(member.id)! }, changedFields: [] });
    await h.registry.stop();
    try {
      // The person is in the recipient cache: the intake needs no registry, the send does.
      const e = await h.publish(ReminderDueV1, {
        event: exchangeEvent(),
        registrations: [registration(guest('Yui Tanaka', member.email, 'en', member.id))],
      });
      const [row] = await rowsOf(e.id);
      const [retry] = await h.svc.waitForDeliveries((n) => n.deliveryId === row!.id && n.outcome === 'retry');
      expect(retry).toMatchObject({ status: 'queued' });
      expect(retry!.error).toMatch(/did not hand it out \(COMMON\.\w+\)/);
      expect(h.smtp.to(member.email)).toHaveLength(2);
      await h.registry.restart();
      await h.svc.waitForDeliveries((n) => n.deliveryId === row!.id && n.outcome === 'sent');
      const last = h.smtp.to(member.email).at(-1)!;
      realSecrets.push(...answered(member.id, 'news').map((l) => tokenIn(l, CONSENT_PAGE)!));
      realSecrets.push(...answered(member.id, 'attendee_listing').map((l) => tokenIn(l, CONSENT_PAGE)!));
      expect(answered(member.id, 'news')).toContain(wireLink(last.parsed.text ?? '', 'news'));
      expect(answered(member.id, 'attendee_listing')).toContain(wireLink(last.parsed.text ?? '', 'attendee_listing'));
    } finally {
      await h.registry.restart();
    }
  });

  it('consent links: a person the registry no longer knows fails the email at once (NOTIFICATIONS.CONSENT_LINK_UNAVAILABLE), without retrying', async () => {
    const gone = h.registry.person({ email: 'gone.member@example.jp' });
    // In the recipient cache by a first email (a cancellation: transactional, no consent link asked or remembered), then
    // gone from the registry (erased, say) before the next is sent.
    const first = await h.publish(EventCancelledV1, {
      event: exchangeEvent(),
      reason: '荒天のため',
      registrations: [registration(guest('山田 太郎', gone.email, 'ja', gone.id))],
    });
    const [firstRow] = await rowsOf(first.id);
    await h.svc.waitForDeliveries((n) => n.deliveryId === firstRow!.id && n.outcome === 'sent');
    realSecrets.push(
      ...h.registry.withdrawalLinks.filter((l) => l.personId === gone.id).map((l) => tokenIn(l.withdrawalUrl, CONSENT_PAGE)!),
    );
    const callsOfFirst = consentCalls().filter((c) => c.personId === gone.id).length;
    h.registry.people.delete(gone.id);
    const e = await h.publish(ReminderDueV1, {
      event: exchangeEvent(),
      registrations: [registration(guest('山田 太郎', gone.email, 'ja', gone.id))],
    });
    const [row] = await rowsOf(e.id);
    const [notice] = await h.svc.waitForDeliveries((n) => n.deliveryId === row!.id && n.outcome !== 'sent' && n.outcome !== 'retry');
    expect(notice).toMatchObject({ outcome: 'failed', status: 'failed' });
    // Failed at the registry's first refusal: one call per try (news is asked first), and only a call that timed out (a
    // loaded machine) was tried again; here normally one try.
    const triesOfSecond = consentCalls().filter((c) => c.personId === gone.id).length - callsOfFirst;
    const [stored] = await h.dataSource.query('SELECT status, attempts, last_error_code FROM deliveries WHERE id = $1', [row!.id]);
    expect(stored).toEqual({ status: 'failed', attempts: triesOfSecond, last_error_code: 'NOTIFICATIONS.CONSENT_LINK_UNAVAILABLE' });
    const retries = h.svc.notices.filter((n) => n.deliveryId === row!.id && n.outcome === 'retry');
    expect(retries.every((n) => /\(COMMON\.\w+\)/.test(n.error ?? ''))).toBe(true);
    expect(h.smtp.to(gone.email)).toHaveLength(1);
  });

  it('a grep of every text column of deliveries, their attempts and the dead letters finds none of the real tokens, nor do the logs', async () => {
    expect(realSecrets.length).toBeGreaterThanOrEqual(8);
    const stored = await everythingStored();
    expect(stored).toContain('token=•••');
    for (const secret of realSecrets) expect([secret, stored.includes(secret)]).toEqual([secret, false]);
    expect(h.logs.lines.length).toBeGreaterThan(0);
    expect(h.logs.leaks(realSecrets)).toEqual([]);
    expect(invitationMail.parsed.text).not.toContain('•••');
    expect(invitationDelivery).not.toBe('');
  });
});
