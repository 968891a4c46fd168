import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { kitMigrations } from '@collabo/service-kit';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { MaskedSecretLinks1765000000000 } from '../src/database/migrations/1765000000000-masked-secret-links.js';
import { NOTIFICATION_MIGRATIONS } from '../src/notifications.definition.js';
import { signUnsubscribe } from '../src/preferences/unsubscribe-token.js';
import { startHarness, TEST_UNSUBSCRIBE_SECRET, type Harness } from './support/harness.js';

const OLD_SET_PASSWORD = 'old-set-password-secret-5c1d';
const OLD_QUESTIONNAIRE = 'old-questionnaire-secret-8e2b';

/**
 * The migration that masks what the old code stored: delivery bodies, unsubscribe URLs and dead letters of
 * the v1 events held usable links. Rows are written as the old schema had them, then the migration runs.
 */
describe('masking the secret links stored before', () => {
  let h: Harness;
  const unsubscribeToken = signUnsubscribe(TEST_UNSUBSCRIBE_SECRET, {
    recipientKey: 'email:old.guest@example.jp',
    category: 'event_reminder',
  });
  const ids = { invitation: uuidv7(), thanks: uuidv7(), reminder: uuidv7() };

  const oldRow = (
    id: string,
    kind: string,
    category: string,
    subject: string,
    status: string,
    link: string,
    unsubscribe: string | null,
  ) => [
    id,
    uuidv7(),
    subject,
    kind,
    category,
    'email:old.guest@example.jp',
    'old.guest@example.jp',
    `<${id}@collabo.example.jp>`,
    `件名 ${kind}`,
    `本文\n${link}\n${unsubscribe ?? ''}`,
    `<a href="${link.replace(/&/g, '&amp;')}">${link.replace(/&/g, '&amp;')}</a>${unsubscribe ? `<a href="${unsubscribe}">停止</a>` : ''}`,
    unsubscribe,
    status,
  ];

  beforeAll(async () => {
    h = await startHarness({ start: false });
    // The schema as it was before the masking migration, with what the old code stored.
    const old = new DataSource({
      type: 'postgres',
      url: h.db.url,
      migrations: [...kitMigrations, ...NOTIFICATION_MIGRATIONS.slice(0, NOTIFICATION_MIGRATIONS.indexOf(MaskedSecretLinks1765000000000))],
      migrationsTableName: 'migrations',
    });
    await old.initialize();
    await old.runMigrations();
    const unsubscribe = `http://notifications.test/v1/unsubscribe?token=${unsubscribeToken}`;
    const rows = [
      oldRow(
        ids.invitation,
        'account-invitation',
        'account',
        'registry.evt.account.invited.v1',
        'failed',
        `https://collabo.example.jp/set-password?lang=ja&token=${OLD_SET_PASSWORD}`,
        null,
      ),
      oldRow(
        ids.thanks,
        'event-thanks',
        'event_follow_up',
        'events.evt.event.completed.v1',
        'queued',
        `https://collabo.example.jp/q?t=${OLD_QUESTIONNAIRE}`,
        unsubscribe,
      ),
      oldRow(
        ids.reminder,
        'event-reminder',
        'event_reminder',
        'events.evt.event.reminder-due.v1',
        'queued',
        'https://collabo.example.jp/e/1',
        unsubscribe,
      ),
    ];
    for (const row of rows) {
      await old.query(
        `INSERT INTO deliveries (id, event_id, event_subject, kind, category, recipient_key, recipient_email, message_id, subject,
                                 text_body, html_body, unsubscribe_url, status, recipient_role, recipient_source, language)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'registrant', 'event', 'ja')`,
        row,
      );
    }
    await old.query(
      `INSERT INTO dead_letters (id, consumer, subject, payload, error, attempts) VALUES ($1, 'notifications-notify-on-account-invited', $2, $3, 'x', 3)`,
      [
        uuidv7(),
        `${h.prefix}.registry.evt.account.invited.v1`,
        JSON.stringify({ data: { setPasswordUrl: `https://collabo.example.jp/set-password?token=${OLD_SET_PASSWORD}`, email: 'a@b.jp' } }),
      ],
    );
    await old.destroy();
    // The service starts and runs the new migration (and its worker sends what is queued).
    await h.start();
  });

  afterAll(() => h?.close());

  it('the migration masks every stored set-password, questionnaire and unsubscribe token, in deliveries and v1 dead letters', async () => {
    const source = h.dataSource;
    const stored = JSON.stringify([await source.query('SELECT * FROM deliveries'), await source.query('SELECT * FROM dead_letters')]);
    for (const secret of [OLD_SET_PASSWORD, OLD_QUESTIONNAIRE, unsubscribeToken, unsubscribeToken.split('.')[1]!]) {
      expect([secret, stored.includes(secret)]).toEqual([secret, false]);
    }
    const [invitation] = await source.query('SELECT text_body, html_body, secret_links FROM deliveries WHERE id = $1', [ids.invitation]);
    expect(invitation.text_body).toContain('https://collabo.example.jp/set-password?lang=ja&token=•••');
    expect(invitation.html_body).toContain('href="https://collabo.example.jp/set-password?lang=ja&amp;token=•••"');
    expect(invitation.secret_links).toEqual([
      {
        masked: 'https://collabo.example.jp/set-password?lang=ja&token=•••',
        via: 'unavailable',
        reason: 'recorded from registry.evt.account.invited.v1, before secret links were masked',
      },
    ]);
    const [letter] = await source.query('SELECT payload FROM dead_letters');
    expect(JSON.parse(letter.payload).data.setPasswordUrl).toBe('https://collabo.example.jp/set-password?token=•••');
  });

  it('an old invitation cannot be resent with a live link: refused with NOTIFICATIONS.SECRET_LINK_UNAVAILABLE', async () => {
    const admin = await h.token('admin');
    const read = await h.api(admin).get(`/v1/deliveries/${ids.invitation}`);
    expect(read.body.text).toContain('token=•••');
    const resend = await h
      .api(admin)
      .post(`/v1/deliveries/${ids.invitation}/resend`)
      .set('if-match', read.headers['etag'] as string);
    expect([resend.status, resend.body.code]).toEqual([409, 'NOTIFICATIONS.SECRET_LINK_UNAVAILABLE']);
  });

  it('a queued old email whose link cannot be had again fails instead of going out dead; one with only an unsubscribe link is sent with a working one', async () => {
    const [failed] = await h.svc.waitForDeliveries((n) => n.deliveryId === ids.thanks && n.outcome === 'failed');
    expect(failed!.attempts).toBe(1);
    const [row] = await h.dataSource.query('SELECT last_error_code FROM deliveries WHERE id = $1', [ids.thanks]);
    expect(row.last_error_code).toBe('NOTIFICATIONS.SECRET_LINK_UNAVAILABLE');
    await h.svc.waitForDeliveries((n) => n.deliveryId === ids.reminder && n.outcome === 'sent');
    const [mail] = h.smtp.to('old.guest@example.jp');
    const header = /^List-Unsubscribe: <([^>]+)>\r?$/m.exec(mail!.raw.toString('latin1'))?.[1];
    expect(header).toBe(`http://notifications.test/v1/unsubscribe?token=${unsubscribeToken}`);
    expect(mail!.parsed.text).toContain(header!);
    expect((await h.api().post(new URL(header!).pathname + new URL(header!).search)).status).toBe(200);
  });
});
