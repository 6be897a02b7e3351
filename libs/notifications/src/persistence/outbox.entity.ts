import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('notification_outbox')
export class OutboxEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'idempotency_key', type: 'text' }) idempotencyKey: string;
  @Column({ name: 'event_id', type: 'text' }) eventId: string;
  @Column({ name: 'event_type', type: 'text' }) eventType: string;
  @Column({ type: 'text' }) category: string;
  @Column({ type: 'text' }) channel: string;
  @Column({ name: 'recipient_account_id', type: 'uuid', nullable: true }) recipientAccountId: string | null;
  @Column({ name: 'recipient_address', type: 'text' }) recipientAddress: string;
  @Column({ type: 'text' }) language: 'en' | 'cy';
  @Column({ type: 'jsonb' }) payload: Record<string, string | number | boolean | null>;
  @Column({ name: 'sealed_secrets', type: 'text', nullable: true }) sealedSecrets: string | null;
  @Column({ type: 'text' }) status: 'pending' | 'relayed';
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'relayed_at', type: 'timestamptz', nullable: true }) relayedAt: Date | null;
}
