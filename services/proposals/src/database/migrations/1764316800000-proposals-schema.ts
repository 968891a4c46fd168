import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The proposals service's tables. Stages, transitions and rubrics are data per programme. */
export class ProposalsSchema1764316800000 implements MigrationInterface {
  name = 'ProposalsSchema1764316800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE programmes (
        id uuid PRIMARY KEY,
        code text NOT NULL UNIQUE CHECK (code ~ '^[a-z][a-z0-9-]{1,59}$'),
        name_ja text NOT NULL,
        name_en text,
        initial_stage text NOT NULL,
        min_completed_reviews integer NOT NULL CHECK (min_completed_reviews >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid
      )`);
    await q.query(`
      CREATE TABLE programme_stages (
        programme_id uuid NOT NULL REFERENCES programmes (id),
        code text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{0,59}$'),
        label_ja text NOT NULL,
        label_en text,
        kind text NOT NULL CHECK (kind IN ('intake', 'step', 'screening', 'accepted', 'declined', 'team', 'prototype',
                                           'sales_planned', 'on_sale', 'paused', 'closed')),
        position integer NOT NULL,
        PRIMARY KEY (programme_id, code)
      )`);
    await q.query(`
      CREATE TABLE programme_transitions (
        programme_id uuid NOT NULL,
        from_stage text NOT NULL,
        to_stage text NOT NULL,
        resume_only boolean NOT NULL DEFAULT false,
        PRIMARY KEY (programme_id, from_stage, to_stage),
        FOREIGN KEY (programme_id, from_stage) REFERENCES programme_stages (programme_id, code),
        FOREIGN KEY (programme_id, to_stage) REFERENCES programme_stages (programme_id, code),
        CHECK (from_stage <> to_stage)
      )`);
    await q.query(`
      ALTER TABLE programmes ADD FOREIGN KEY (id, initial_stage) REFERENCES programme_stages (programme_id, code)
        DEFERRABLE INITIALLY DEFERRED`);

    await q.query(`
      CREATE TABLE rubrics (
        id uuid PRIMARY KEY,
        programme_id uuid NOT NULL REFERENCES programmes (id),
        fiscal_year integer NOT NULL CHECK (fiscal_year BETWEEN 1900 AND 2200),
        version integer NOT NULL CHECK (version >= 1),
        min_total numeric NOT NULL CHECK (min_total >= 0),
        min_criterion_ratio numeric NOT NULL CHECK (min_criterion_ratio BETWEEN 0 AND 1),
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid,
        UNIQUE (programme_id, fiscal_year, version)
      )`);
    await q.query(`
      CREATE TABLE rubric_criteria (
        rubric_id uuid NOT NULL REFERENCES rubrics (id),
        code text NOT NULL,
        label_ja text NOT NULL,
        label_en text,
        max_points integer NOT NULL CHECK (max_points > 0),
        position integer NOT NULL,
        PRIMARY KEY (rubric_id, code)
      )`);

    await q.query(`CREATE TABLE reference_counters (fiscal_year integer PRIMARY KEY, last_value integer NOT NULL)`);
    await q.query(`
      CREATE TABLE proposals (
        id uuid PRIMARY KEY,
        reference_number text NOT NULL UNIQUE,
        programme_id uuid NOT NULL REFERENCES programmes (id),
        title_ja text NOT NULL,
        title_en text,
        summary_ja text NOT NULL,
        summary_en text,
        proposing_organization_id uuid NOT NULL,
        proposing_organization_kind text NOT NULL,
        proposing_organization_name text NOT NULL,
        study_group_id uuid,
        contact_person_id uuid NOT NULL,
        coordinator_id uuid,
        focus_fields text[] NOT NULL DEFAULT '{}',
        municipality_codes text[] NOT NULL DEFAULT '{}',
        bureau_codes text[] NOT NULL DEFAULT '{}',
        participating_organization_ids uuid[] NOT NULL DEFAULT '{}',
        support_requested text NOT NULL DEFAULT '',
        brought_in_on date NOT NULL,
        origin_event_id uuid,
        stage text NOT NULL,
        resume_stage text,
        rubric_id uuid REFERENCES rubrics (id),
        historical boolean NOT NULL DEFAULT false,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid,
        updated_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (programme_id, stage) REFERENCES programme_stages (programme_id, code)
      )`);
    await q.query(`CREATE INDEX proposals_stage_idx ON proposals (programme_id, stage)`);
    await q.query(`CREATE INDEX proposals_brought_in_on_idx ON proposals (brought_in_on DESC, reference_number DESC)`);
    await q.query(`CREATE INDEX proposals_coordinator_idx ON proposals (coordinator_id)`);
    await q.query(`CREATE INDEX proposals_study_group_idx ON proposals (study_group_id)`);
    await q.query(`CREATE INDEX proposals_proposer_idx ON proposals (proposing_organization_id)`);
    await q.query(`CREATE INDEX proposals_focus_fields_idx ON proposals USING gin (focus_fields)`);
    await q.query(`CREATE INDEX proposals_bureau_codes_idx ON proposals USING gin (bureau_codes)`);
    await q.query(`CREATE INDEX proposals_participants_idx ON proposals USING gin (participating_organization_ids)`);

    // The history: appended, never rewritten (enforced here, not only in code).
    await q.query(`
      CREATE TABLE proposal_transitions (
        id uuid PRIMARY KEY,
        proposal_id uuid NOT NULL REFERENCES proposals (id),
        seq integer NOT NULL,
        from_stage text,
        to_stage text NOT NULL,
        reason text NOT NULL,
        effective_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid,
        resumed boolean NOT NULL DEFAULT false,
        historical boolean NOT NULL DEFAULT false,
        UNIQUE (proposal_id, seq)
      )`);
    await q.query(`CREATE INDEX proposal_transitions_effective_idx ON proposal_transitions (effective_at)`);
    await q.query(`
      CREATE FUNCTION refuse_history_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'proposal_transitions is append-only: % refused', TG_OP USING ERRCODE = 'P0001';
      END $$`);
    await q.query(`
      CREATE TRIGGER proposal_transitions_append_only BEFORE UPDATE OR DELETE ON proposal_transitions
        FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite()`);
    await q.query(`
      CREATE TRIGGER proposal_transitions_no_truncate BEFORE TRUNCATE ON proposal_transitions
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite()`);

    await q.query(`
      CREATE TABLE review_assignments (
        id uuid PRIMARY KEY,
        proposal_id uuid NOT NULL REFERENCES proposals (id),
        advisor_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('assigned', 'submitted', 'declined', 'conflict_declared')),
        due_on date,
        assigned_at timestamptz NOT NULL DEFAULT now(),
        assigned_by uuid,
        conflicts jsonb NOT NULL DEFAULT '[]',
        waiver_reason text,
        waived_by uuid,
        response_reason text,
        responded_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        CHECK (jsonb_array_length(conflicts) = 0 OR waiver_reason IS NOT NULL)
      )`);
    await q.query(`
      CREATE UNIQUE INDEX review_assignments_active_idx ON review_assignments (proposal_id, advisor_id)
        WHERE status IN ('assigned', 'submitted')`);
    await q.query(`CREATE INDEX review_assignments_advisor_idx ON review_assignments (advisor_id, status)`);

    await q.query(`
      CREATE TABLE reviews (
        id uuid PRIMARY KEY,
        assignment_id uuid NOT NULL UNIQUE REFERENCES review_assignments (id),
        proposal_id uuid NOT NULL REFERENCES proposals (id),
        advisor_id uuid NOT NULL,
        rubric_id uuid NOT NULL REFERENCES rubrics (id),
        scores jsonb NOT NULL,
        total integer NOT NULL,
        comment text NOT NULL,
        recommendation text NOT NULL CHECK (recommendation IN ('accept', 'accept_with_conditions', 'decline')),
        submitted_at timestamptz NOT NULL DEFAULT now(),
        submitted_by uuid
      )`);
    await q.query(`CREATE INDEX reviews_proposal_idx ON reviews (proposal_id)`);

    await q.query(`
      CREATE TABLE teams (
        id uuid PRIMARY KEY,
        proposal_id uuid NOT NULL UNIQUE REFERENCES proposals (id),
        formed_at timestamptz NOT NULL DEFAULT now(),
        formed_by uuid,
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(`
      CREATE TABLE team_members (
        team_id uuid NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
        person_id uuid NOT NULL,
        role text NOT NULL CHECK (role IN ('coordinator', 'lead_advisor', 'advisor')),
        conflicts jsonb NOT NULL DEFAULT '[]',
        waiver_reason text,
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (team_id, person_id)
      )`);
    await q.query(`CREATE INDEX team_members_person_idx ON team_members (person_id)`);

    await q.query(`
      CREATE TABLE outcomes (
        id uuid PRIMARY KEY,
        proposal_id uuid NOT NULL REFERENCES proposals (id),
        kind text NOT NULL CHECK (kind IN ('prototype', 'sale', 'patent_filed', 'patent_granted', 'award')),
        summary text NOT NULL,
        occurred_on date NOT NULL,
        amount_yen bigint CHECK (amount_yen >= 0),
        fiscal_year integer,
        patent_number text,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        recorded_by uuid,
        CHECK ((kind = 'sale') = (amount_yen IS NOT NULL AND fiscal_year IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX outcomes_proposal_idx ON outcomes (proposal_id)`);
    await q.query(`CREATE INDEX outcomes_occurred_idx ON outcomes (occurred_on)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'outcomes',
      'team_members',
      'teams',
      'reviews',
      'review_assignments',
      'proposal_transitions',
      'proposals',
      'reference_counters',
      'rubric_criteria',
      'rubrics',
      'programme_transitions',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP FUNCTION refuse_history_rewrite()`);
    await q.query(`ALTER TABLE programmes DROP CONSTRAINT IF EXISTS programmes_id_initial_stage_fkey`);
    await q.query(`DROP TABLE programme_stages`);
    await q.query(`DROP TABLE programmes`);
  }
}
