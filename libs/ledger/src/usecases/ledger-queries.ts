import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Translator, type Language } from '@commonpurse/kernel';
import { fundMoney, reconciles, type AccountBalance, type FundMoney } from '../domain/accounts';
import { verifyChain, type ChainBreak } from '../domain/chain';
import { GRANT_CONDITIONS_VERSION, grantOfferText, offerTerms, type GrantConditionsVersion, type GrantOfferText, type OfferWording } from '../domain/grant-offer';
import { trancheSchedule, type Tranche } from '../domain/tranches';
import { LedgerRepository, type AcceptanceRow, type AwardRow, type BooksClosure, type TranchePaymentRow, type TrancheRow } from '../persistence/ledger.repository';

export interface AwardStanding extends AwardRow {
  committedPence: number;
  paidPence: number;
  withdrawn: boolean;
  /** The funding organisations whose money the award is, with how much of it (nothing once withdrawn). */
  fundedBy: Array<{ organisationId: string; pence: number }>;
  /** When the grantee accepted the offer; null until they do. */
  acceptedAt: Date | null;
  acceptance: AcceptanceRow | null;
  /** Scheduled, or the default (the whole award due on acceptance); paid once a payment naming it stands. */
  tranches: Array<Tranche & { paid: boolean; payment: { transactionId: string; reference: string; paidOn: string } | null }>;
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
  /** When the books were closed; and whether the chain still ends where it did then (null while open). */
  closure: (BooksClosure & { headHolds: boolean }) | null;
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

  /** What the fund has handed back to its funders, in pence: no longer the fund's to give to rounds (in the caller's transaction, if given). */
  async returnedPence(fundId: string, manager?: EntityManager): Promise<number> {
    return fundMoney(await this.ledger.balances(fundId, undefined, manager)).returnedPence;
  }

  /** The closure of the fund's books, when they are closed. */
  async closure(fundId: string): Promise<BooksClosure | undefined> {
    return this.ledger.closure(fundId);
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
    return award && (await this.standings([award], await this.ledger.balances(award.fundId)))[0];
  }

  async awards(fundId: string): Promise<AwardStanding[]> {
    const [awards, balances] = await Promise.all([this.ledger.awardsOfFund(fundId), this.ledger.balances(fundId)]);
    return this.standings(awards, balances);
  }

  /** The application's award as its applicants see it: the latest one that stands, or else the latest withdrawn. */
  async awardOfApplication(applicationId: string): Promise<AwardStanding | undefined> {
    const awards = await this.ledger.awardsOfApplication(applicationId);
    if (awards.length === 0) return undefined;
    const standings = await this.standings(awards, await this.ledger.balances(awards[0]!.fundId));
    return standings.find((a) => !a.withdrawn) ?? standings[0];
  }

  /** The award's offer as it reads now (and, once accepted, as it was accepted), in one language. */
  offer(award: AwardStanding, wording: OfferWording, language: Language): GrantOfferText {
    return offerOf(award, wording, language);
  }

  private async standings(awards: AwardRow[], balances: AccountBalance[]): Promise<AwardStanding[]> {
    const ids = awards.map((a) => a.id);
    const [tranches, acceptances, payments, withdrawn] = await Promise.all([this.ledger.tranches(ids), this.ledger.acceptances(ids), this.ledger.tranchePayments(ids), this.ledger.withdrawn(ids)]);
    return awards.map((award) => awardStanding(award, balances, withdrawn.has(award.id), tranches, acceptances, payments));
  }

  /** Recomputes the fund's hash chain and balances from the rows themselves and reports what does not hold. */
  async verify(fundId: string): Promise<LedgerVerification> {
    const [transactions, balances, awards, closure] = await Promise.all([this.ledger.transactions(fundId), this.ledger.balances(fundId), this.ledger.awardsOfFund(fundId), this.ledger.closure(fundId)]);
    const last = transactions.at(-1);
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
      closure: closure ? { ...closure, headHolds: last?.seq === closure.headSeq && last.hash === closure.headHash } : null,
    };
  }
}

/** The offer of an award in one language: with the conditions it was accepted with, or those offered from now on. */
export function offerOf(award: Pick<AwardStanding, 'id' | 'amountPence' | 'tranches' | 'fundedBy' | 'acceptance'>, wording: OfferWording, language: Language): GrantOfferText {
  const version = (award.acceptance?.conditionsVersion ?? GRANT_CONDITIONS_VERSION) as GrantConditionsVersion;
  return grantOfferText(offerTerms(award, wording), language, Translator.instance().forLanguage(language), version);
}

/** An award with what the books, its schedule and its acceptance say about it. */
export function awardStanding(award: AwardRow, balances: AccountBalance[], withdrawn: boolean, tranches: TrancheRow[], acceptances: AcceptanceRow[], payments: TranchePaymentRow[]): AwardStanding {
  const own = balances.filter((b) => b.awardId === award.id);
  const sum = (kind: string) => own.filter((b) => b.kind === kind).reduce((total, b) => total + b.balancePence, 0);
  const byFunder = new Map<string, number>();
  for (const b of own) if (b.kind === 'award-committed' || b.kind === 'award-paid') byFunder.set(b.organisationId, (byFunder.get(b.organisationId) ?? 0) + b.balancePence);
  const acceptance = acceptances.find((a) => a.awardId === award.id) ?? null;
  const schedule = trancheSchedule(award, tranches.filter((t) => t.awardId === award.id), acceptance && acceptance.acceptedAt.toISOString().slice(0, 10));
  return {
    ...award,
    committedPence: sum('award-committed'),
    paidPence: sum('award-paid'),
    withdrawn,
    fundedBy: [...byFunder].filter(([, pence]) => pence > 0).map(([organisationId, pence]) => ({ organisationId, pence })),
    acceptedAt: acceptance?.acceptedAt ?? null,
    acceptance,
    tranches: schedule.map((t) => {
      const paid = payments.find((p) => p.awardId === award.id && p.trancheSeq === t.seq);
      return { ...t, paid: !!paid, payment: paid ? { transactionId: paid.transactionId, reference: paid.reference, paidOn: paid.paidOn } : null };
    }),
  };
}
