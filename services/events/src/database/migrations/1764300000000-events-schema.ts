import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The events service's tables: exchange events, registrations and seat offers, lottery draws, seating, after-event records. */
export class EventsSchema1764300000000 implements MigrationInterface {
  name = 'EventsSchema1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE events (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('exchange_meeting', 'seminar', 'matching_meeting', 'forum', 'site_visit')),
        title_ja text NOT NULL,
        title_en text,
        description_ja text NOT NULL DEFAULT '',
        description_en text,
        organizer_id uuid NOT NULL,
        organizer_name text NOT NULL,
        co_organizers jsonb NOT NULL DEFAULT '[]',
        venue_kind text NOT NULL CHECK (venue_kind IN ('centre', 'university', 'izakaya', 'hall', 'other')),
        venue_name text NOT NULL,
        venue_address text,
        venue_capacity integer NOT NULL CHECK (venue_capacity > 0),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        fiscal_year integer NOT NULL,
        registration_opens_at timestamptz,
        registration_closes_at timestamptz,
        capacity integer NOT NULL CHECK (capacity > 0),
        admission text NOT NULL CHECK (admission IN ('first_come', 'lottery')),
        fee_yen integer NOT NULL CHECK (fee_yen >= 0),
        party_fee_yen integer NOT NULL CHECK (party_fee_yen >= 0),
        language text NOT NULL CHECK (language IN ('ja', 'en', 'ja_en')),
        status text NOT NULL CHECK (status IN ('draft', 'published', 'changed', 'cancelled', 'completed')),
        next_queue_number integer NOT NULL DEFAULT 1,
        reminder_due_at timestamptz NOT NULL,
        reminder_sent_at timestamptz,
        published_at timestamptz,
        cancelled_at timestamptz,
        cancel_reason text,
        completed_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_capacity_within_venue CHECK (capacity <= venue_capacity),
        CONSTRAINT events_ends_after_start CHECK (ends_at > starts_at),
        CONSTRAINT events_window_order CHECK (
          registration_opens_at IS NULL OR registration_closes_at IS NULL OR registration_opens_at < registration_closes_at)
      )`);
    await q.query(`CREATE INDEX events_status_starts_idx ON events (status, starts_at)`);
    await q.query(`CREATE INDEX events_fiscal_year_idx ON events (fiscal_year, starts_at)`);
    await q.query(`CREATE INDEX events_reminder_due_idx ON events (reminder_due_at) WHERE reminder_sent_at IS NULL`);

    await q.query(`
      CREATE TABLE registrations (
        id uuid PRIMARY KEY,
        event_id uuid NOT NULL REFERENCES events (id),
        queue_number integer NOT NULL,
        person_id uuid,
        person_version integer,
        name text NOT NULL,
        name_kana text,
        email text NOT NULL,
        language text NOT NULL CHECK (language IN ('ja', 'en')),
        organization_id uuid,
        organization_name text,
        sector text CHECK (sector IN ('industry', 'academia', 'government', 'finance')),
        focus_fields text[] NOT NULL DEFAULT '{}',
        study_group_ids uuid[] NOT NULL DEFAULT '{}',
        consent_to_list boolean NOT NULL DEFAULT false,
        source text NOT NULL CHECK (source IN ('staff', 'public')),
        status text NOT NULL CHECK (status IN ('received', 'confirmed', 'waitlisted', 'offered', 'cancelled', 'attended', 'no_show')),
        waitlist_order integer,
        check_in_token text NOT NULL UNIQUE,
        manage_token text NOT NULL UNIQUE,
        confirmed_at timestamptz,
        checked_in_at timestamptz,
        cancelled_at timestamptz,
        cancelled_by text CHECK (cancelled_by IN ('registrant', 'staff', 'event_cancelled', 'offer_expired', 'offer_declined')),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (event_id, queue_number)
      )`);
    // One active registration per person per event (a guest is known by email).
    await q.query(
      `CREATE UNIQUE INDEX registrations_one_active_person ON registrations (event_id, person_id)
       WHERE person_id IS NOT NULL AND status <> 'cancelled'`,
    );
    await q.query(
      `CREATE UNIQUE INDEX registrations_one_active_guest ON registrations (event_id, lower(email))
       WHERE person_id IS NULL AND status <> 'cancelled'`,
    );
    await q.query(`CREATE INDEX registrations_event_status_idx ON registrations (event_id, status, waitlist_order)`);
    await q.query(`CREATE INDEX registrations_person_idx ON registrations (person_id) WHERE person_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE seat_offers (
        id uuid PRIMARY KEY,
        event_id uuid NOT NULL REFERENCES events (id),
        registration_id uuid NOT NULL REFERENCES registrations (id),
        offered_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'accepted', 'declined', 'expired', 'withdrawn')),
        resolved_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX seat_offers_one_open_idx ON seat_offers (registration_id) WHERE status = 'open'`);
    await q.query(`CREATE INDEX seat_offers_open_expiry_idx ON seat_offers (expires_at) WHERE status = 'open'`);
    await q.query(`CREATE INDEX seat_offers_event_idx ON seat_offers (event_id)`);

    await q.query(`
      CREATE TABLE lottery_draws (
        event_id uuid PRIMARY KEY REFERENCES events (id),
        seed text NOT NULL,
        algorithm text NOT NULL,
        seats integer NOT NULL,
        applicant_ids uuid[] NOT NULL,
        drawn_order uuid[] NOT NULL,
        drawn_at timestamptz NOT NULL,
        drawn_by uuid
      )`);

    await q.query(`
      CREATE TABLE seating_plans (
        event_id uuid PRIMARY KEY REFERENCES events (id),
        version integer NOT NULL DEFAULT 1,
        table_size integer NOT NULL,
        hosts_per_table integer NOT NULL,
        tables jsonb NOT NULL,
        input_hash text NOT NULL,
        generated_at timestamptz NOT NULL,
        generated_by uuid,
        adjusted_at timestamptz,
        adjusted_by uuid,
        manual_moves integer NOT NULL DEFAULT 0
      )`);

    await q.query(`
      CREATE TABLE questionnaire_answers (
        registration_id uuid PRIMARY KEY REFERENCES registrations (id),
        event_id uuid NOT NULL REFERENCES events (id),
        satisfaction integer NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
        comments text,
        would_join_again boolean,
        submitted_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX questionnaire_answers_event_idx ON questionnaire_answers (event_id)`);

    await q.query(`
      CREATE TABLE connections (
        id uuid PRIMARY KEY,
        event_id uuid NOT NULL REFERENCES events (id),
        registration_a uuid NOT NULL REFERENCES registrations (id),
        registration_b uuid NOT NULL REFERENCES registrations (id),
        kind text NOT NULL CHECK (kind IN ('business_cards', 'conversation')),
        note text,
        recorded_at timestamptz NOT NULL,
        recorded_by uuid,
        CHECK (registration_a < registration_b),
        UNIQUE (event_id, registration_a, registration_b)
      )`);

    await q.query(`
      CREATE TABLE follow_ups (
        id uuid PRIMARY KEY,
        event_id uuid NOT NULL REFERENCES events (id),
        registration_ids uuid[] NOT NULL,
        kind text NOT NULL CHECK (kind IN ('meeting', 'site_visit', 'joint_research', 'proposal', 'other')),
        note text NOT NULL,
        due_on date,
        status text NOT NULL CHECK (status IN ('open', 'done', 'dropped')),
        done_on date,
        owner_id uuid,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX follow_ups_event_idx ON follow_ups (event_id)`);

    await q.query(`
      CREATE TABLE event_proposals (
        proposal_id uuid PRIMARY KEY,
        event_id uuid NOT NULL REFERENCES events (id),
        reference_number text NOT NULL,
        title_ja text NOT NULL,
        title_en text,
        proposing_organization_id uuid NOT NULL,
        contact_person_id uuid NOT NULL,
        focus_fields text[] NOT NULL DEFAULT '{}',
        brought_in_on date NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX event_proposals_event_idx ON event_proposals (event_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'event_proposals',
      'follow_ups',
      'connections',
      'questionnaire_answers',
      'seating_plans',
      'lottery_draws',
      'seat_offers',
      'registrations',
      'events',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
