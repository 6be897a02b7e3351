import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('sign_in_attempts')
export class SignInAttemptEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS', type: 'bigint' })
  id: string;

  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  ip: string;

  @Column({ type: 'boolean' })
  succeeded: boolean;

  @Column({ name: 'attempted_at', type: 'timestamptz', default: () => 'now()' })
  attemptedAt: Date;
}
