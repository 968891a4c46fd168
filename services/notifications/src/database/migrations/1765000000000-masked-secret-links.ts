import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Masks the value of `token=`/`t=` parameters, in plain and HTML-escaped (`&amp;token=`) links, as maskSecretUrl does. */
const mask = (column: string): string => `regexp_replace(${column}, '((?:[?&]|&amp;)(?:token|t)=)[^&#\\s"''<>\\\\]*', '\\1•••', 'g')`;

/** The events before masked links (their payloads held usable links); their emails' kinds. */
const V1_SUBJECTS = ['registry.evt.account.invited.v1', 'events.evt.registration.seat-offered.v1', 'events.evt.event.completed.v1'];
const V1_KINDS = ['account-invitation', 'registration-seat-offered', 'event-thanks'];

/**
 * Secret links are never at rest any more. Adds `deliveries.secret_links` (how the worker gets each real link
 * at send time) and masks what is already stored: every `token=`/`t=` value in deliveries' subject, bodies,
 * attachments and unsubscribe URL, and in the payload and error of dead letters of the retired v1 events.
 *
 * Old rows: the unsubscribe link is this service's own, so it is recorded as resolvable (recipient key and
 * category). A set-password, accept or questionnaire link of a v1 event cannot be had again (the v1 events
 * named no invitation; the owners no longer hand out links by v1 data): it is recorded as `unavailable`,
 * and such an email, queued or resent, fails with NOTIFICATIONS.SECRET_LINK_UNAVAILABLE instead of going
 * out with a dead link. Not reversible: the secrets are gone (down drops the column only).
 */
export class MaskedSecretLinks1765000000000 implements MigrationInterface {
  name = 'MaskedSecretLinks1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deliveries ADD COLUMN secret_links jsonb NOT NULL DEFAULT '[]'`);
    await q.query(
      `UPDATE deliveries SET
         subject = ${mask('subject')},
         text_body = ${mask('text_body')},
         html_body = ${mask('html_body')},
         attachments = ${mask('attachments::text')}::jsonb,
         unsubscribe_url = ${mask('unsubscribe_url')}
       WHERE text_body ~ '[?&](token|t)=' OR html_body ~ '(token|t)=' OR subject ~ '(token|t)='
          OR unsubscribe_url IS NOT NULL OR attachments::text ~ '(token|t)='`,
    );
    await q.query(
      `UPDATE deliveries SET secret_links = jsonb_build_array(jsonb_build_object(
         'masked', unsubscribe_url, 'via', 'notifications.unsubscribe', 'recipientKey', recipient_key, 'category', category))
       WHERE unsubscribe_url IS NOT NULL AND redacted_at IS NULL`,
    );
    await q.query(
      `UPDATE deliveries SET secret_links = secret_links || jsonb_build_array(jsonb_build_object(
         'masked', substring(text_body from 'https?://[^\\s]*[?&](?:token|t)=•••[^\\s]*'),
         'via', 'unavailable',
         'reason', 'recorded from ' || event_subject || ', before secret links were masked'))
       WHERE kind = ANY($1::text[]) AND event_subject = ANY($2::text[]) AND redacted_at IS NULL`,
      [V1_KINDS, V1_SUBJECTS],
    );
    const subjects = V1_SUBJECTS.map((s) => `%${s}`);
    await q.query(`UPDATE dead_letters SET payload = ${mask('payload')}, error = ${mask('error')} WHERE subject LIKE ANY($1::text[])`, [
      subjects,
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deliveries DROP COLUMN secret_links`);
  }
}
