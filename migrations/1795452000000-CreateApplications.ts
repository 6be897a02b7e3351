import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Applications (owned by libs/applications): the organisations residents apply for and their
 * members, each application with its sections (a version each, so two co-editors cannot
 * overwrite each other unseen), budget lines, answers to the round's questions, the criteria it
 * addresses, uploaded files (stored outside the web root; only their record is here), and every
 * screening decision. Rounds, lots, criteria and questions belong to libs/funds.
 */
export class CreateApplications1795452000000 implements MigrationInterface {
  name = 'CreateApplications1795452000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE applicant_organisations (
        id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name                 text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        type                 text NOT NULL CHECK (type IN ('unregistered-group', 'charity', 'cio', 'cic', 'company', 'school', 'faith-group', 'individual')),
        registration_number  text CHECK (registration_number IS NULL OR length(registration_number) BETWEEN 1 AND 20),
        address_line1        text NOT NULL CHECK (length(address_line1) BETWEEN 1 AND 200),
        address_line2        text CHECK (address_line2 IS NULL OR length(address_line2) <= 200),
        town                 text NOT NULL CHECK (length(town) BETWEEN 1 AND 100),
        postcode             text NOT NULL CHECK (postcode ~ '^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$'),
        contact_name         text NOT NULL CHECK (length(contact_name) BETWEEN 1 AND 100),
        contact_email        text NOT NULL CHECK (length(contact_email) BETWEEN 3 AND 320),
        contact_phone        text CHECK (contact_phone IS NULL OR length(contact_phone) <= 20),
        version              int NOT NULL DEFAULT 1,
        created_by           uuid NOT NULL,
        created_at           timestamptz NOT NULL DEFAULT now(),
        updated_at           timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE organisation_members (
        organisation_id  uuid NOT NULL REFERENCES applicant_organisations (id),
        account_id       uuid NOT NULL,
        added_by         uuid,
        added_at         timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, account_id)
      )`);
    await q.query(`CREATE INDEX organisation_members_account ON organisation_members (account_id)`);
    await q.query(`
      CREATE TABLE applications (
        id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        round_id              uuid NOT NULL REFERENCES rounds (id),
        organisation_id       uuid REFERENCES applicant_organisations (id),
        created_by            uuid NOT NULL,
        status                text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'needs-info', 'invited', 'eligible', 'ineligible', 'withdrawn')),
        -- In a two-stage round: an expression of interest first, then the full application once invited.
        stage                 text NOT NULL DEFAULT 'full' CHECK (stage IN ('interest', 'full')),
        reference             text,
        title                 text NOT NULL DEFAULT '' CHECK (length(title) <= 120),
        summary               text NOT NULL DEFAULT '' CHECK (length(summary) <= 140),
        description           text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
        start_on              date,
        end_on                date,
        area_code             text,
        lot_id                uuid REFERENCES round_lots (id),
        amount_pence          bigint CHECK (amount_pence IS NULL OR amount_pence > 0),
        -- The organisation as it was when the application was last submitted or changed (what the
        -- officer screens), and the automatic eligibility checks then.
        organisation_snapshot jsonb,
        eligibility           jsonb,
        info_requested_until  timestamptz,
        submitted_at          timestamptz,
        withdrawn_at          timestamptz,
        created_at            timestamptz NOT NULL DEFAULT now(),
        updated_at            timestamptz NOT NULL DEFAULT now(),
        UNIQUE (round_id, reference),
        CHECK ((status = 'draft') = (reference IS NULL) OR status = 'withdrawn')
      )`);
    await q.query(`CREATE INDEX applications_round ON applications (round_id, status)`);
    await q.query(`CREATE INDEX applications_organisation ON applications (organisation_id)`);
    await q.query(`
      CREATE TABLE application_sections (
        application_id  uuid NOT NULL REFERENCES applications (id),
        section         text NOT NULL CHECK (section IN ('organisation', 'project', 'where', 'budget', 'questions', 'documents')),
        version         int NOT NULL DEFAULT 0,
        completed       boolean NOT NULL DEFAULT false,
        updated_by      uuid,
        updated_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (application_id, section)
      )`);
    await q.query(`
      CREATE TABLE application_criteria (
        application_id  uuid NOT NULL REFERENCES applications (id),
        criterion_id    uuid NOT NULL REFERENCES round_criteria (id),
        PRIMARY KEY (application_id, criterion_id)
      )`);
    await q.query(`
      CREATE TABLE application_budget_lines (
        application_id       uuid NOT NULL REFERENCES applications (id),
        position             int NOT NULL,
        item                 text NOT NULL CHECK (length(item) <= 200),
        amount_pence         bigint CHECK (amount_pence IS NULL OR amount_pence >= 0),
        other_funding_pence  bigint CHECK (other_funding_pence IS NULL OR other_funding_pence >= 0),
        PRIMARY KEY (application_id, position)
      )`);
    await q.query(`
      CREATE TABLE application_answers (
        application_id  uuid NOT NULL REFERENCES applications (id),
        question_id     uuid NOT NULL REFERENCES round_questions (id),
        value           jsonb NOT NULL,
        PRIMARY KEY (application_id, question_id)
      )`);
    await q.query(`
      CREATE TABLE application_files (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id  uuid NOT NULL REFERENCES applications (id),
        file_name       text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 120),
        mime_type       text NOT NULL,
        size_bytes      int NOT NULL CHECK (size_bytes > 0),
        sha256          text NOT NULL,
        -- Where the bytes are, relative to STORAGE_DIR: a random name, never the one uploaded.
        stored_as       text NOT NULL UNIQUE,
        uploaded_by     uuid NOT NULL,
        uploaded_at     timestamptz NOT NULL DEFAULT now(),
        removed_at      timestamptz
      )`);
    await q.query(`CREATE INDEX application_files_application ON application_files (application_id)`);
    await q.query(`
      CREATE TABLE screening_decisions (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        application_id  uuid NOT NULL REFERENCES applications (id),
        decision        text NOT NULL CHECK (decision IN ('eligible', 'ineligible', 'needs-info', 'invited')),
        reason          text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
        info_until      timestamptz,
        decided_by      uuid NOT NULL,
        decided_at      timestamptz NOT NULL DEFAULT now(),
        CHECK ((decision = 'needs-info') = (info_until IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX screening_decisions_application ON screening_decisions (application_id, decided_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['screening_decisions', 'application_files', 'application_answers', 'application_budget_lines', 'application_criteria', 'application_sections', 'applications', 'organisation_members', 'applicant_organisations']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
