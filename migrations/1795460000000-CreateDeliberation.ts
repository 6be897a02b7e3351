import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The community panel (owned by libs/deliberation): each round's panel settings, the residents
 * who volunteer (with their profile answers: special-category data), the one draw by lot and the
 * members it and the facilitator seated, conflicts of interest, who reviews what, the panel-only
 * discussion, private notes, meetings, scores and the panel's decisions.
 *
 * Also the panel's questions to applicants and their answers, which belong to libs/applications
 * (the applicant answers through its pages).
 */
export class CreateDeliberation1795460000000 implements MigrationInterface {
  name = 'CreateDeliberation1795460000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE panels (
        round_id           uuid PRIMARY KEY REFERENCES rounds (id),
        panel_size         int NOT NULL DEFAULT 12 CHECK (panel_size BETWEEN 1 AND 200),
        -- Which of the profile questions volunteers are asked (keys of the catalogue in domain/profile-questions.ts).
        profile_questions  text[] NOT NULL DEFAULT '{}',
        -- [{ category, value, min, max }]: seats per answer the draw must respect.
        quotas             jsonb NOT NULL DEFAULT '[]',
        score_max          int NOT NULL DEFAULT 5 CHECK (score_max BETWEEN 2 AND 10),
        -- The facilitator may close scoring before the panel-review phase ends.
        scoring_closed_at  timestamptz,
        -- 0 until first saved: pages send the version they showed, so a change made since is not overwritten.
        version            int NOT NULL DEFAULT 0,
        updated_by         uuid,
        updated_at         timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE panel_volunteers (
        round_id        uuid NOT NULL REFERENCES rounds (id),
        account_id      uuid NOT NULL,
        -- { category: answer }: seen only by the panel's facilitators, used only for the draw and totals.
        profile         jsonb NOT NULL DEFAULT '{}',
        volunteered_at  timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (round_id, account_id)
      )`);
    await q.query(`
      CREATE TABLE panel_draws (
        -- One draw a round: of two facilitators drawing at once, one wins.
        round_id         uuid PRIMARY KEY REFERENCES rounds (id),
        seed             text NOT NULL CHECK (length(seed) BETWEEN 1 AND 200),
        algorithm        text NOT NULL,
        -- The draw's whole input, volunteers numbered V001… with their answers and no names: anyone
        -- given it and the seed can run the draw again and get the same panel.
        -- Kept as text, byte for byte, so its SHA-256 can be checked by anyone who downloads it.
        snapshot         text NOT NULL,
        snapshot_sha256  text NOT NULL,
        -- The account behind each number, in order (never published).
        volunteer_ids    uuid[] NOT NULL,
        panel            text[] NOT NULL,
        reserves         text[] NOT NULL,
        drawn_by         uuid NOT NULL,
        drawn_at         timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE panel_members (
        round_id      uuid NOT NULL REFERENCES rounds (id),
        account_id    uuid NOT NULL,
        source        text NOT NULL CHECK (source IN ('drawn', 'reserve', 'direct')),
        status        text NOT NULL DEFAULT 'invited' CHECK (status IN ('invited', 'accepted', 'declined')),
        -- Why someone was added directly (e.g. "nominated by the youth club").
        note          text CHECK (note IS NULL OR length(note) <= 300),
        -- The member a reserve took the place of.
        replaces      uuid,
        added_by      uuid NOT NULL,
        added_at      timestamptz NOT NULL DEFAULT now(),
        responded_at  timestamptz,
        PRIMARY KEY (round_id, account_id),
        CHECK ((source = 'direct') = (note IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX panel_members_account ON panel_members (account_id)`);
    await q.query(`
      CREATE TABLE panel_conflicts (
        application_id  uuid NOT NULL REFERENCES applications (id),
        account_id      uuid NOT NULL,
        round_id        uuid NOT NULL REFERENCES rounds (id),
        kind            text NOT NULL CHECK (kind IN ('none', 'member', 'family', 'business', 'other')),
        detail          text CHECK (detail IS NULL OR length(detail) <= 500),
        declared_by     uuid NOT NULL,
        declared_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (application_id, account_id)
      )`);
    await q.query(`CREATE INDEX panel_conflicts_round ON panel_conflicts (round_id, account_id)`);
    await q.query(`
      CREATE TABLE panel_assignments (
        application_id  uuid NOT NULL REFERENCES applications (id),
        account_id      uuid NOT NULL,
        round_id        uuid NOT NULL REFERENCES rounds (id),
        assigned_by     uuid NOT NULL,
        assigned_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (application_id, account_id)
      )`);
    await q.query(`CREATE INDEX panel_assignments_round ON panel_assignments (round_id, account_id)`);
    await q.query(`
      CREATE TABLE panel_posts (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id  uuid NOT NULL REFERENCES applications (id),
        round_id        uuid NOT NULL REFERENCES rounds (id),
        author_id       uuid NOT NULL,
        parent_id       uuid REFERENCES panel_posts (id),
        body            text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
        created_at      timestamptz NOT NULL DEFAULT now(),
        edited_at       timestamptz,
        removed_at      timestamptz,
        removed_by      uuid,
        removal_reason  text CHECK (removal_reason IS NULL OR length(removal_reason) <= 500),
        CHECK ((removed_at IS NULL) = (removed_by IS NULL))
      )`);
    await q.query(`CREATE INDEX panel_posts_application ON panel_posts (application_id, created_at)`);
    await q.query(`
      CREATE TABLE panel_notes (
        application_id  uuid NOT NULL REFERENCES applications (id),
        account_id      uuid NOT NULL,
        body            text NOT NULL CHECK (length(body) <= 4000),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (application_id, account_id)
      )`);
    await q.query(`
      CREATE TABLE panel_meetings (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        round_id         uuid NOT NULL REFERENCES rounds (id),
        held_on          date NOT NULL,
        attendees        uuid[] NOT NULL DEFAULT '{}',
        other_attendees  text CHECK (other_attendees IS NULL OR length(other_attendees) <= 500),
        decisions        text NOT NULL DEFAULT '' CHECK (length(decisions) <= 4000),
        notes            text NOT NULL DEFAULT '' CHECK (length(notes) <= 4000),
        recorded_by      uuid NOT NULL,
        recorded_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX panel_meetings_round ON panel_meetings (round_id, held_on)`);
    await q.query(`
      CREATE TABLE panel_scores (
        application_id  uuid NOT NULL REFERENCES applications (id),
        account_id      uuid NOT NULL,
        round_id        uuid NOT NULL REFERENCES rounds (id),
        -- { criterionId: score }, each 0..score_max; complete once every criterion has one.
        scores          jsonb NOT NULL,
        comment         text NOT NULL DEFAULT '' CHECK (length(comment) <= 1000),
        complete        boolean NOT NULL,
        version         int NOT NULL DEFAULT 1,
        updated_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (application_id, account_id)
      )`);
    await q.query(`CREATE INDEX panel_scores_round ON panel_scores (round_id)`);
    await q.query(`
      CREATE TABLE panel_decisions (
        application_id  uuid PRIMARY KEY REFERENCES applications (id),
        round_id        uuid NOT NULL REFERENCES rounds (id),
        outcome         text NOT NULL CHECK (outcome IN ('shortlisted', 'not-shortlisted', 'award', 'no-award')),
        -- For a direct award: how much (the amount asked for, unless the panel decided otherwise).
        award_pence     bigint CHECK (award_pence IS NULL OR award_pence > 0),
        -- Published with the results.
        rationale       text NOT NULL CHECK (length(rationale) BETWEEN 1 AND 2000),
        -- Why a decision already made was changed (the audit trail keeps every earlier one).
        change_reason   text CHECK (change_reason IS NULL OR length(change_reason) <= 1000),
        decided_by      uuid NOT NULL,
        decided_at      timestamptz NOT NULL DEFAULT now(),
        version         int NOT NULL DEFAULT 1,
        CHECK ((outcome = 'award') = (award_pence IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX panel_decisions_round ON panel_decisions (round_id)`);
    await q.query(`
      CREATE TABLE application_questions (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id  uuid NOT NULL REFERENCES applications (id),
        question        text NOT NULL CHECK (length(question) BETWEEN 1 AND 1000),
        asked_by        uuid NOT NULL,
        asked_at        timestamptz NOT NULL DEFAULT now(),
        answer          text CHECK (answer IS NULL OR length(answer) BETWEEN 1 AND 4000),
        answered_by     uuid,
        answered_at     timestamptz,
        CHECK ((answer IS NULL) = (answered_at IS NULL))
      )`);
    await q.query(`CREATE INDEX application_questions_application ON application_questions (application_id, asked_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['application_questions', 'panel_decisions', 'panel_scores', 'panel_meetings', 'panel_notes', 'panel_posts', 'panel_assignments', 'panel_conflicts', 'panel_members', 'panel_draws', 'panel_volunteers', 'panels']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
