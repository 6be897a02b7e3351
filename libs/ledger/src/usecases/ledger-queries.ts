import { Injectable } from '@nestjs/common';
import { fundMoney, reconciles, type AccountBalance, type FundMoney } from '../domain/accounts';
import { verifyChain, type ChainBreak } from '../domain/chain';
import { LedgerRepository, type AwardRow } from '../persistence/ledger.repository';

export interface AwardStanding extends AwardRow {
  committedPence: number;
  paidPence: number;
  withdrawn: boolean;
}

export interface LedgerVerification {
  fundId: string;
  transactions: number;
  /** The first transaction that does not follow from those before it; null when the chain holds. */
  chainBreak: ChainBreak | null;
  money: FundMoney;
  /** contributed = available + set aside + committed + paid + returned. */
  reconciles: boolean;
  /** Accounts below zero (money spent that was never there); empty when the books are sound. */
  negativeAccounts: AccountBalance[];
  /** Award accounts naming no award of this fund; payments naming none either. */
  orphanAwardAccounts: string[];
}

/** What the books say: the fund's money at any date, its awards, its transactions, and whether it all holds. */
@Injectable()
export class LedgerQueries {
  constructor(private readonly ledger: LedgerRepository) {}

  /** The fund's money on a day (YYYY-MM-DD, counting what moved that day), or now. */
  async money(fundId: string, on?: string): Promise<FundMoney & { reconciles: boolean; byContributor: Array<{ organisationId: string } & FundMoney> }> {
    const balances = await this.ledger.balances(fundId, on);
    const money = fundMoney(balances);
    const organisations = [...new Set(balances.map((b) => b.organisationId))].sort();
    return { ...money, reconciles: reconciles(money), byContributor: organisations.map((organisationId) => ({ organisationId, ...fundMoney(balances.filter((b) => b.organisationId === organisationId)) })) };
  }

  async balances(fundId: string, on?: string): Promise<AccountBalance[]> {
    return this.ledger.balances(fundId, on);
  }

  async transactions(fundId: string) {
    return this.ledger.transactions(fundId);
  }

  async transaction(id: string) {
    return this.ledger.byId(id);
  }

  async award(id: string): Promise<AwardStanding | undefined> {
    const award = await this.ledger.award(id);
    return award && (await this.standing(award, await this.ledger.balances(award.fundId)));
  }

  async awards(fundId: string): Promise<AwardStanding[]> {
    const [awards, balances] = await Promise.all([this.ledger.awardsOfFund(fundId), this.ledger.balances(fundId)]);
    return Promise.all(awards.map((a) => this.standing(a, balances)));
  }

  private async standing(award: AwardRow, balances: AccountBalance[]): Promise<AwardStanding> {
    const sum = (kind: string) => balances.filter((b) => b.awardId === award.id && b.kind === kind).reduce((total, b) => total + b.balancePence, 0);
    const commitment = await this.ledger.commitment(award.id);
    return { ...award, committedPence: sum('award-committed'), paidPence: sum('award-paid'), withdrawn: commitment?.withdrawn ?? false };
  }

  /** Recomputes the fund's hash chain and balances from the rows themselves and reports what does not hold. */
  async verify(fundId: string): Promise<LedgerVerification> {
    const [transactions, balances, awards] = await Promise.all([this.ledger.transactions(fundId), this.ledger.balances(fundId), this.ledger.awardsOfFund(fundId)]);
    const money = fundMoney(balances);
    const awardIds = new Set(awards.map((a) => a.id));
    return {
      fundId,
      transactions: transactions.length,
      chainBreak: verifyChain(transactions),
      money,
      reconciles: reconciles(money),
      negativeAccounts: balances.filter((b) => b.kind !== 'contributions' && b.balancePence < 0),
      orphanAwardAccounts: [...new Set(balances.filter((b) => b.awardId && !awardIds.has(b.awardId)).map((b) => b.awardId!))],
    };
  }
}
