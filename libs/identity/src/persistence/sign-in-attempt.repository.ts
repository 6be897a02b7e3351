import { Injectable } from '@nestjs/common';
import { DataSource, LessThan } from 'typeorm';
import type { RecentFailures } from '../domain/sign-in-throttle';
import { SignInAttemptEntity } from './sign-in-attempt.entity';

@Injectable()
export class SignInAttemptRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(SignInAttemptEntity);
  }

  async record(email: string, ip: string, succeeded: boolean): Promise<void> {
    await this.repo.insert({ email, ip, succeeded });
  }

  /** Failures since the last success for the email, and all failures from the address, within the window. */
  async recentFailures(email: string, ip: string, windowMinutes: number): Promise<RecentFailures> {
    const [row] = (await this.dataSource.query(
      `SELECT
         (SELECT count(*) FROM sign_in_attempts f
           WHERE f.email = $1 AND NOT f.succeeded AND f.attempted_at > now() - make_interval(mins => $3)
             AND f.attempted_at > coalesce((SELECT max(s.attempted_at) FROM sign_in_attempts s WHERE s.email = $1 AND s.succeeded), '-infinity')
         )::int AS for_email,
         (SELECT count(*) FROM sign_in_attempts WHERE ip = $2 AND NOT succeeded AND attempted_at > now() - make_interval(mins => $3))::int AS from_ip`,
      [email, ip, windowMinutes],
    )) as Array<{ for_email: number; from_ip: number }>;
    return { forEmail: row.for_email, fromIp: row.from_ip };
  }

  async deleteBefore(cutoff: Date): Promise<number> {
    const result = await this.repo.delete({ attemptedAt: LessThan(cutoff) });
    return result.affected ?? 0;
  }
}
