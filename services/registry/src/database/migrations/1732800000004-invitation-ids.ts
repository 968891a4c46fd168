import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invitation links are never at rest. Each invitation (or new link) gets an `invitation_id`; the
 * `account invited` event (v2) carries that id and a masked link, and the notifications service asks for
 * the usable link over RPC at send time (`registry.cmd.invitation-link.issue.v1`), which mints the token.
 *
 * The v1 events carried the usable link in their payload. This migration
 * - deletes every outbox row of `registry.evt.account.invited.v1`, published or not: a published row has
 *   done its work (the relay never reads it again, and the audit log keeps who invited whom and when), and an
 *   unpublished one would reach no consumer any more (v1 is retired); masking would keep rows that serve no one;
 * - kills the links those events carried (token hash and expiry cleared): copies of them are also in places
 *   no registry migration can reach (the JetStream stream, other services' stores), so they must stop
 *   working. An account that was still waiting for its link shows as invited without an expiry; an admin
 *   sends a new link (`POST /v1/accounts/:id/invitation`).
 */
export class InvitationIds1732800000004 implements MigrationInterface {
  name = 'InvitationIds1732800000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE accounts ADD COLUMN invitation_id uuid`);
    await q.query(`UPDATE accounts SET invitation_token_hash = NULL, invitation_expires_at = NULL WHERE invitation_token_hash IS NOT NULL`);
    await q.query(`DELETE FROM outbox WHERE subject = 'registry.evt.account.invited.v1'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE accounts SET invitation_token_hash = NULL, invitation_expires_at = NULL WHERE invitation_id IS NOT NULL`);
    await q.query(`ALTER TABLE accounts DROP COLUMN invitation_id`);
  }
}
