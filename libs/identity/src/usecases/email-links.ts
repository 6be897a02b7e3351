import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { newSecret } from '../domain/secret-token';
import type { EmailTokenPurpose } from '../persistence/email-token.entity';
import { EmailTokenRepository } from '../persistence/email-token.repository';

export const LINK_HOURS: Record<EmailTokenPurpose, number> = { verify_email: 24, reset_password: 1 };

/** Issues the secret behind an emailed link. A new link replaces older ones of the same purpose. */
@Injectable()
export class EmailLinks {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: EmailTokenRepository,
  ) {}

  /** Returns the secret to put in the link; only its hash is stored. Joins the caller's transaction when given one. */
  async issue(accountId: string, purpose: EmailTokenPurpose, manager?: EntityManager): Promise<string> {
    const { secret, hash } = newSecret();
    const write = async (m: EntityManager) => {
      await this.tokens.retireOthers(accountId, purpose, m);
      await this.tokens.insert({ accountId, purpose, tokenHash: hash, expiresAt: new Date(Date.now() + LINK_HOURS[purpose] * 3600_000) }, m);
    };
    await (manager ? write(manager) : this.dataSource.transaction(write));
    return secret;
  }
}
