import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Past exchange events recorded after the fact (`events.historical`) and their attendance by registry person
 * (`event_attendances`): an event held before the service was used, entered as completed, with who came.
 */
export class HistoricalEvents1764600000000 implements MigrationInterface {
  name = 'HistoricalEvents1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE events ADD COLUMN historical boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE INDEX events_historical_idx ON events (fiscal_year) WHERE historical`);
    await q.query(`
      CREATE TABLE event_attendances (
        event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        person_id uuid NOT NULL,
        recorded_at timestamptz NOT NULL,
        recorded_by uuid,
        PRIMARY KEY (event_id, person_id)
      )`);
    await q.query(`CREATE INDEX event_attendances_person_idx ON event_attendances (person_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE event_attendances`);
    await q.query(`DROP INDEX events_historical_idx`);
    await q.query(`ALTER TABLE events DROP COLUMN historical`);
  }
}
