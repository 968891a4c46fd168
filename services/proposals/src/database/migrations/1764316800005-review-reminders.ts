import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16, item 6: review reminders, each published exactly once across replicas and restarts. A reminder
 * is claimed by inserting its row (the primary key refuses a second claim) in the transaction that writes its
 * event to the outbox: whichever replica claims it publishes it, and a restart finds it claimed.
 *
 * - `review_reminders`: per assignment, kind (`due_soon`, `overdue`) and due day (a changed due day is a new
 *   deadline, reminded once again).
 * - `review_digests`: per coordinator and week (the Monday of the Tokyo week).
 */
export class ReviewReminders1764316800005 implements MigrationInterface {
  name = 'ReviewReminders1764316800005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE review_reminders (
        assignment_id uuid NOT NULL REFERENCES review_assignments (id),
        kind text NOT NULL CHECK (kind IN ('due_soon', 'overdue')),
        due_on date NOT NULL,
        sent_at timestamptz NOT NULL,
        PRIMARY KEY (assignment_id, kind, due_on)
      )`);
    await q.query(`
      CREATE TABLE review_digests (
        coordinator_id uuid NOT NULL,
        week_of date NOT NULL,
        reviews integer NOT NULL,
        sent_at timestamptz NOT NULL,
        PRIMARY KEY (coordinator_id, week_of)
      )`);
    await q.query(`CREATE INDEX review_assignments_open_due_idx ON review_assignments (due_on) WHERE status = 'assigned'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX review_assignments_open_due_idx`);
    await q.query(`DROP TABLE review_digests`);
    await q.query(`DROP TABLE review_reminders`);
  }
}
