import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Indexes to find what names a registry organisation: the organiser filter of the event list and organisation merges. */
export class OrganizationReferenceIndexes1764400000000 implements MigrationInterface {
  name = 'OrganizationReferenceIndexes1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX events_organizer_idx ON events (organizer_id)`);
    await q.query(`CREATE INDEX events_co_organizers_idx ON events USING gin (co_organizers jsonb_path_ops)`);
    await q.query(`CREATE INDEX registrations_organization_idx ON registrations (organization_id) WHERE organization_id IS NOT NULL`);
    await q.query(`CREATE INDEX event_proposals_organization_idx ON event_proposals (proposing_organization_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of [
      'event_proposals_organization_idx',
      'registrations_organization_idx',
      'events_co_organizers_idx',
      'events_organizer_idx',
    ]) {
      await q.query(`DROP INDEX ${index}`);
    }
  }
}
