import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@commonpurse/kernel';
import { Role } from '../../domain/roles';
import { AccountRepository } from '../../persistence/account.repository';
import { PasswordHasher } from '../password-hasher';

export interface DemoAccount {
  role: Role;
  email: string;
  displayName: string;
  /** Made-up postcodes inside the demo fund's area, so these people can take part in it. */
  postcode?: string;
}

/** One verified account per role, so someone trying the product can see every side of it. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { role: Role.Resident, email: 'resident@demo.commonpurse.example', displayName: 'Rhian Resident', postcode: 'BS5 6XY' },
  { role: Role.Applicant, email: 'applicant@demo.commonpurse.example', displayName: 'Amal Applicant', postcode: 'BS2 9TZ' },
  { role: Role.Panellist, email: 'panellist@demo.commonpurse.example', displayName: 'Priya Panellist', postcode: 'BS6 5QA' },
  { role: Role.Facilitator, email: 'facilitator@demo.commonpurse.example', displayName: 'Femi Facilitator' },
  { role: Role.FundManager, email: 'fund-manager@demo.commonpurse.example', displayName: 'Morgan Fund-Manager' },
  { role: Role.Auditor, email: 'auditor@demo.commonpurse.example', displayName: 'Alex Auditor' },
  { role: Role.Admin, email: 'admin@demo.commonpurse.example', displayName: 'Ada Admin' },
];

/** Creates the demo accounts that are missing; running it again changes nothing. Never in production. */
@Injectable()
export class SeedDemoAccounts {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly hasher: PasswordHasher,
    private readonly config: AppConfig,
  ) {}

  async execute(): Promise<{ created: number; accounts: DemoAccount[]; password: string }> {
    if (this.config.isProduction) throw new Error('Demo accounts are never created in production');
    const passwordHash = await this.hasher.hash(this.config.demoPassword);
    let created = 0;
    await this.dataSource.transaction(async (manager) => {
      for (const demo of DEMO_ACCOUNTS) {
        const inserted = await this.accounts.insertIfEmailFree({ email: demo.email, displayName: demo.displayName, passwordHash, language: 'en', emailVerifiedAt: new Date() }, manager);
        if (inserted) created += 1;
        if (inserted && demo.postcode) await this.accounts.update(inserted.id, { postcode: demo.postcode }, manager);
        const account = inserted ?? (await this.accounts.findByEmail(demo.email, manager));
        // Everyone who lives in the area is a resident; the demo staff too.
        await this.accounts.grant(account!.id, { role: Role.Resident, scopeType: 'global', scopeId: null }, null, manager);
        await this.accounts.grant(account!.id, { role: demo.role, scopeType: 'global', scopeId: null }, null, manager);
      }
    });
    return { created, accounts: DEMO_ACCOUNTS, password: this.config.demoPassword };
  }
}
