import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The registry's tables: reference data, organisations, people and their links, staff accounts, the audit trail. */
export class RegistrySchema1732800000000 implements MigrationInterface {
  name = 'RegistrySchema1732800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await q.query(`
      CREATE TABLE bureaus (
        code text PRIMARY KEY,
        name_ja text NOT NULL,
        name_en text NOT NULL,
        seat_name text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE municipalities (
        code text PRIMARY KEY CHECK (code ~ '^01[0-9]{4}$'),
        name_ja text NOT NULL,
        name_kana text NOT NULL,
        name_en text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('city', 'town', 'village')),
        bureau_code text NOT NULL REFERENCES bureaus (code)
      )`);
    await q.query(`CREATE INDEX municipalities_bureau_idx ON municipalities (bureau_code)`);

    const audit = `
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid`;

    await q.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY,
        kind text NOT NULL,
        sector text NOT NULL,
        name text NOT NULL,
        name_kana text NOT NULL,
        name_en text,
        name_key text NOT NULL,
        corporate_number text CHECK (corporate_number ~ '^[0-9]{13}$'),
        jsic_code text,
        jsic_revision smallint,
        focus_fields text[] NOT NULL DEFAULT '{}',
        postal_code text,
        municipality_code text REFERENCES municipalities (code),
        address text,
        capital_yen bigint CHECK (capital_yen >= 0),
        employees integer CHECK (employees >= 0),
        founded_on date,
        dissolved_on date,
        representative text,
        website text,
        contact_email text,
        contact_phone text,
        area_municipality_codes text[] NOT NULL DEFAULT '{}',
        area_bureau_codes text[] NOT NULL DEFAULT '{}',
        archived boolean NOT NULL DEFAULT false,
        archived_at timestamptz,
        merged_into uuid REFERENCES organizations (id),
        search_name text GENERATED ALWAYS AS (lower(replace(name, ' ', ''))) STORED,
        search_kana text GENERATED ALWAYS AS (replace(name_kana, ' ', '')) STORED,
        CHECK ((jsic_code IS NULL) = (jsic_revision IS NULL)),
        ${audit}
      )`);
    // The same corporate number twice among live records is refused; a merged alias keeps its number for history.
    await q.query(
      `CREATE UNIQUE INDEX organizations_corporate_number_key ON organizations (corporate_number)
         WHERE corporate_number IS NOT NULL AND merged_into IS NULL`,
    );
    await q.query(`CREATE INDEX organizations_search_name_trgm ON organizations USING gin (search_name gin_trgm_ops)`);
    await q.query(`CREATE INDEX organizations_search_kana_trgm ON organizations USING gin (search_kana gin_trgm_ops)`);
    await q.query(`CREATE INDEX organizations_name_key_trgm ON organizations USING gin (name_key gin_trgm_ops)`);
    await q.query(`CREATE INDEX organizations_municipality_idx ON organizations (municipality_code)`);
    await q.query(`CREATE INDEX organizations_kind_idx ON organizations (kind)`);
    await q.query(`CREATE INDEX organizations_focus_fields_idx ON organizations USING gin (focus_fields)`);
    await q.query(`CREATE INDEX organizations_merged_into_idx ON organizations (merged_into) WHERE merged_into IS NOT NULL`);

    await q.query(`
      CREATE TABLE people (
        id uuid PRIMARY KEY,
        family_name text NOT NULL,
        given_name text NOT NULL,
        family_name_kana text NOT NULL,
        given_name_kana text NOT NULL,
        name_en text,
        email text NOT NULL,
        phone text,
        preferred_language text NOT NULL DEFAULT 'ja',
        consent_to_list boolean NOT NULL DEFAULT false,
        expertise_fields text[] NOT NULL DEFAULT '{}',
        archived boolean NOT NULL DEFAULT false,
        archived_at timestamptz,
        search_name text GENERATED ALWAYS AS (lower(replace(family_name || given_name, ' ', ''))) STORED,
        search_kana text GENERATED ALWAYS AS (replace(family_name_kana || given_name_kana, ' ', '')) STORED,
        ${audit}
      )`);
    await q.query(`CREATE UNIQUE INDEX people_email_key ON people (lower(email))`);
    await q.query(`CREATE INDEX people_search_name_trgm ON people USING gin (search_name gin_trgm_ops)`);
    await q.query(`CREATE INDEX people_search_kana_trgm ON people USING gin (search_kana gin_trgm_ops)`);
    await q.query(`CREATE INDEX people_expertise_fields_idx ON people USING gin (expertise_fields)`);

    await q.query(`
      CREATE TABLE affiliations (
        id uuid PRIMARY KEY,
        person_id uuid NOT NULL REFERENCES people (id),
        organization_id uuid NOT NULL REFERENCES organizations (id),
        department text,
        title text,
        from_on date,
        to_on date,
        CHECK (to_on IS NULL OR from_on IS NULL OR to_on >= from_on),
        ${audit}
      )`);
    await q.query(`CREATE INDEX affiliations_person_idx ON affiliations (person_id)`);
    await q.query(`CREATE INDEX affiliations_organization_idx ON affiliations (organization_id)`);

    await q.query(`
      CREATE TABLE memberships (
        id uuid PRIMARY KEY,
        study_group_id uuid NOT NULL REFERENCES organizations (id),
        person_id uuid NOT NULL REFERENCES people (id),
        role text NOT NULL,
        joined_on date NOT NULL,
        left_on date,
        CHECK (left_on IS NULL OR left_on >= joined_on),
        ${audit}
      )`);
    await q.query(`CREATE INDEX memberships_study_group_idx ON memberships (study_group_id)`);
    await q.query(`CREATE INDEX memberships_person_idx ON memberships (person_id)`);

    await q.query(`
      CREATE TABLE tenancies (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organizations (id),
        room text NOT NULL,
        from_on date NOT NULL,
        to_on date,
        note text,
        CHECK (to_on IS NULL OR to_on >= from_on),
        ${audit}
      )`);
    await q.query(`CREATE INDEX tenancies_organization_idx ON tenancies (organization_id)`);

    await q.query(`
      CREATE TABLE consortium_memberships (
        id uuid PRIMARY KEY,
        consortium_id uuid NOT NULL REFERENCES organizations (id),
        organization_id uuid NOT NULL REFERENCES organizations (id),
        fiscal_year integer NOT NULL,
        contributed_people integer NOT NULL DEFAULT 0 CHECK (contributed_people >= 0),
        contributed_yen bigint NOT NULL DEFAULT 0 CHECK (contributed_yen >= 0),
        contributed_facilities text,
        note text,
        ${audit}
      )`);
    await q.query(`CREATE UNIQUE INDEX consortium_memberships_key ON consortium_memberships (consortium_id, organization_id, fiscal_year)`);
    await q.query(`CREATE INDEX consortium_memberships_organization_idx ON consortium_memberships (organization_id)`);

    await q.query(`
      CREATE TABLE accounts (
        id uuid PRIMARY KEY,
        person_id uuid NOT NULL UNIQUE REFERENCES people (id),
        roles text[] NOT NULL,
        password_hash text,
        disabled boolean NOT NULL DEFAULT false,
        activated_at timestamptz,
        invitation_token_hash text UNIQUE,
        invitation_expires_at timestamptz,
        invited_by uuid,
        failed_logins integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        last_login_at timestamptz,
        ${audit}
      )`);
    await q.query(`CREATE INDEX accounts_roles_idx ON accounts USING gin (roles)`);

    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        entity_type text NOT NULL,
        entity_id uuid NOT NULL,
        action text NOT NULL,
        actor_id uuid,
        at timestamptz NOT NULL DEFAULT now(),
        changed_fields text[] NOT NULL DEFAULT '{}',
        correlation_id text
      )`);
    await q.query(`CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'audit_log',
      'accounts',
      'consortium_memberships',
      'tenancies',
      'memberships',
      'affiliations',
      'people',
      'organizations',
      'municipalities',
      'bureaus',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
