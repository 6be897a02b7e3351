import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Language } from '@commonpurse/kernel';
import { normaliseEmail } from '../domain/email-address';
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
    return (await this.accounts.verifiedInDistricts(districts, manager)).map(toResident);
  }

  /** The confirmed account with this email, if any. */
  async byEmail(email: string, manager?: EntityManager): Promise<Resident | undefined> {
    const account = await this.accounts.findByEmail(normaliseEmail(email), manager);
    return account?.emailVerifiedAt ? toResident(account) : undefined;
  }

  /** These accounts, where their email is confirmed (a reminder goes only to an address that is theirs). */
  async byIds(ids: string[], manager?: EntityManager): Promise<Resident[]> {
    return (await this.accounts.verifiedByIds(ids, manager)).map(toResident);
  }

  /** Where these people live now, by the postcode on their account (absent or null: none known). */
  async postcodesOf(accountIds: string[], manager?: EntityManager): Promise<Map<string, string | null>> {
    return new Map((await this.accounts.postcodesByIds(accountIds, manager)).map((a) => [a.id, a.postcode]));
  }
}

function toResident(r: { id: string; email: string; displayName: string; language: Language }): Resident {
  return { accountId: r.id, email: r.email, name: r.displayName, language: r.language };
}
