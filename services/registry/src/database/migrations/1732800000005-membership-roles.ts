import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Membership roles over time. A role change used to overwrite the membership's role (PATCH) or be entered as a
 * second membership, which the yearly report counted twice. Now a membership has role periods
 * (`membership_roles`): a role change ends the current period and starts a new one; `memberships.role` stays the
 * current role. Every existing membership gets one period carrying its role from `joined_on` to `left_on`.
 */
export class MembershipRoles1732800000005 implements MigrationInterface {
  name = 'MembershipRoles1732800000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE membership_roles (
        id uuid PRIMARY KEY,
        membership_id uuid NOT NULL REFERENCES memberships (id) ON DELETE CASCADE,
        role text NOT NULL,
        from_on date NOT NULL,
        to_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid,
        CONSTRAINT membership_roles_check CHECK (to_on IS NULL OR to_on >= from_on)
      )`);
    await q.query(`CREATE UNIQUE INDEX membership_roles_period_key ON membership_roles (membership_id, from_on)`);
    // one period per existing membership; its id is the membership's (unique, and no uuid function is needed)
    await q.query(`
      INSERT INTO membership_roles (id, membership_id, role, from_on, to_on, created_at, created_by)
      SELECT id, id, role, joined_on, left_on, created_at, created_by FROM memberships`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE membership_roles`);
  }
}
