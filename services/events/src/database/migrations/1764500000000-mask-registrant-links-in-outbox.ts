import { maskSecretUrl } from '@collabo/contracts';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The retired messages that carried a registrant's usable link (their manage token in the URL). */
const SEAT_OFFERED_V1 = 'events.evt.registration.seat-offered.v1';
const COMPLETED_V1 = 'events.evt.event.completed.v1';
const SEAT_OFFERED_V2 = 'events.evt.registration.seat-offered.v2';
const COMPLETED_V2 = 'events.evt.event.completed.v2';
const BATCH = 500;

interface Envelope {
  version: number;
  data: Record<string, unknown>;
  [key: string]: unknown;
}

const masked = (url: unknown): string => maskSecretUrl(typeof url === 'string' ? url : '');

/**
 * What a stored v1 row becomes: an unpublished one is rewritten as its v2 message (same id, masked link),
 * so the relay still sends it and the email still goes out; a published one keeps its subject and shape
 * (it is the record of what was sent) with its link masked.
 */
export function scrubbedOutboxRow(subject: string, envelope: Envelope, published: boolean): { subject: string; envelope: Envelope } {
  const data = { ...envelope.data };
  if (subject === SEAT_OFFERED_V1) {
    if (published) return { subject, envelope: { ...envelope, data: { ...data, acceptUrl: masked(data['acceptUrl']) } } };
    const { acceptUrl, ...rest } = data;
    return { subject: SEAT_OFFERED_V2, envelope: { ...envelope, version: 2, data: { ...rest, maskedAcceptUrl: masked(acceptUrl) } } };
  }
  const attendees = Array.isArray(data['attendees']) ? (data['attendees'] as Record<string, unknown>[]) : [];
  if (published) {
    const kept = attendees.map((a) => ({ ...a, questionnaireUrl: masked(a['questionnaireUrl']) }));
    return { subject, envelope: { ...envelope, data: { ...data, attendees: kept } } };
  }
  const upgraded = attendees.map(({ questionnaireUrl, ...rest }) => ({ ...rest, maskedQuestionnaireUrl: masked(questionnaireUrl) }));
  return { subject: COMPLETED_V2, envelope: { ...envelope, version: 2, data: { ...data, attendees: upgraded } } };
}

/**
 * No usable registrant link stays at rest: outbox rows of `RegistrationSeatOfferedV1` (`acceptUrl`) and
 * `EventCompletedV1` (`questionnaireUrl`) get their links masked (see {@link scrubbedOutboxRow}). Cannot be
 * undone (the tokens are gone from those rows); `down` leaves the rows as they are.
 */
export class MaskRegistrantLinksInOutbox1764500000000 implements MigrationInterface {
  name = 'MaskRegistrantLinksInOutbox1764500000000';

  async up(q: QueryRunner): Promise<void> {
    let after = '0';
    for (;;) {
      const rows: { seq: string; subject: string; envelope: Envelope; published: boolean }[] = await q.query(
        `SELECT seq::text AS seq, subject, envelope, published_at IS NOT NULL AS published
           FROM outbox WHERE subject = ANY($1::text[]) AND seq > $2::bigint ORDER BY seq LIMIT ${BATCH}`,
        [[SEAT_OFFERED_V1, COMPLETED_V1], after],
      );
      for (const row of rows) {
        const scrubbed = scrubbedOutboxRow(row.subject, row.envelope, row.published);
        await q.query(`UPDATE outbox SET subject = $2, envelope = $3::jsonb WHERE seq = $1::bigint`, [
          row.seq,
          scrubbed.subject,
          JSON.stringify(scrubbed.envelope),
        ]);
      }
      if (rows.length < BATCH) return;
      after = rows[rows.length - 1]!.seq;
    }
  }

  async down(): Promise<void> {
    // The tokens are gone: nothing to restore.
  }
}
