import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Language } from '@commonpurse/kernel';
import { AccountRepository } from '../persistence/account.repository';

export interface Resident {
  accountId: string;
  email: string;
  name: string;
  language: Language;
}

/** Who lives where, for other modules: the people to tell when something opens in their area. */
@Injectable()
export class ResidentDirectory {
  constructor(private readonly accounts: AccountRepository) {}

  async inDistricts(districts: string[], manager?: EntityManager): Promise<Resident[]> {
    const rows = await this.accounts.verifiedInDistricts(districts, manager);
    return rows.map((r) => ({ accountId: r.id, email: r.email, name: r.displayName, language: r.language }));
  }
}
