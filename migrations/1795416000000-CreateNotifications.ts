import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The notification outbox, delivery records and preferences (owned by libs/notifications). */
export class CreateNotifications1795416000000 implements MigrationInterface {
  name = 'CreateNotifications1795416000000';

  async up(q: QueryRunner): Promise<void> {
    // Written in the same transaction as the state change it announces; nothing is sent from requests.
    await q.query(`
      CREATE TABLE notification_outbox (
        id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        idempotency_key       text NOT NULL,
        event_id              text NOT NULL,
        event_type            text NOT NULL,
        category              text NOT NULL CHECK (category IN ('account', 'decisions', 'reminders', 'news')),
        channel               text NOT NULL CHECK (channel IN ('email')),
        recipient_account_id  uuid,
        recipient_address     text NOT NULL,
        language              text NOT NULL CHECK (language IN ('en', 'cy')),
        payload               jsonb NOT NULL DEFAULT '{}',
        sealed_secrets        text,
        status                text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'relayed')),
        created_at            timestamptz NOT NULL DEFAULT now(),
        relayed_at            timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX notification_outbox_idempotency_key ON notification_outbox (idempotency_key)`);
    await q.query(`CREATE INDEX notification_outbox_pending ON notification_outbox (created_at) WHERE status = 'pending'`);

    // One delivery record per outbox row: the unique constraint is what makes a second send impossible.
    await q.query(`
      CREATE TABLE notification_deliveries (
        id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        outbox_id            uuid NOT NULL REFERENCES notification_outbox (id),
        status               text NOT NULL CHECK (status IN ('sending', 'retrying', 'sent', 'failed', 'skipped')),
        attempts             integer NOT NULL DEFAULT 0,
        lease_until          timestamptz,
        last_error           text,
        provider_message_id  text,
        created_at           timestamptz NOT NULL DEFAULT now(),
        updated_at           timestamptz NOT NULL DEFAULT now(),
        sent_at              timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX notification_deliveries_outbox ON notification_deliveries (outbox_id)`);
    await q.query(`CREATE INDEX notification_deliveries_failed ON notification_deliveries (updated_at) WHERE status = 'failed'`);

    await q.query(`
      CREATE TABLE notification_preferences (
        account_id  uuid NOT NULL,
        category    text NOT NULL CHECK (category IN ('reminders', 'news')),
        enabled     boolean NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (account_id, category)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification_preferences`);
    await q.query(`DROP TABLE notification_deliveries`);
    await q.query(`DROP TABLE notification_outbox`);
  }
}
