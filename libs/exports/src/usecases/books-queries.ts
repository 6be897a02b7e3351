import { Injectable } from '@nestjs/common';
import { ApplicationQueries } from '@commonpurse/applications';
import { ShortlistQueries } from '@commonpurse/deliberation';
import { FundQueries } from '@commonpurse/funds';
import { LedgerQueries, type AwardStanding, type LedgerVerification } from '@commonpurse/ledger';
import { PublishedResults } from '@commonpurse/voting';
import { ExportRepository } from '../persistence/export.repository';

export interface AwardTrace {
  awardId: string;
  applicationId: string;
  source: AwardStanding['source'];
  sourceRef: string;
  withdrawn: boolean;
  /** True when a published result or a standing panel decision says exactly this award. */
  traced: boolean;
}

export interface BooksVerification extends LedgerVerification {
  checkedAt: string;
  awards: AwardTrace[];
  /** Payments naming no award of this fund. */
  untracedPayments: string[];
  /** Everything holds: the chain, the identity, no account below zero, every award and payment traced. */
  ok: boolean;
}

/** The fund's books as people read them: the money, its funders, the awards with their titles, the latest postings and exports. */
@Injectable()
export class BooksQueries {
  constructor(
    private readonly funds: FundQueries,
    private readonly ledger: LedgerQueries,
    private readonly applications: ApplicationQueries,
    private readonly results: PublishedResults,
    private readonly panel: ShortlistQueries,
    private readonly exports: ExportRepository,
  ) {}

  /** Closed books take no more postings: the pages offer no forms then. */
  async isClosed(fundId: string): Promise<boolean> {
    return !!(await this.ledger.closure(fundId));
  }

  async summary(fundId: string, on?: string) {
    const fund = await this.funds.detail(fundId);
    const [money, funders, awards, transactions, exports, closure] = await Promise.all([this.ledger.money(fund.id, on), this.funds.funders(fund.id), this.ledger.awards(fund.id), this.ledger.transactions(fund.id), this.exports.recent(fund.id, 10), this.ledger.closure(fund.id)]);
    const names = new Map(funders.map((f) => [f.id, f]));
    const titled = await Promise.all(
      awards.map(async (a) => {
        const view = await this.applications.forManager(fund.id, a.roundId, a.applicationId);
        return { ...a, title: view.application.title, reference: view.application.reference, roundName: fund.rounds.find((r) => r.id === a.roundId)?.name ?? '' };
      }),
    );
    const reversed = new Set(transactions.map((t) => t.reverses).filter((id) => id !== null));
    const latest = transactions
      .slice(-20)
      .reverse()
      .map((t) => ({ ...t, amountPence: movedPence(t), reversed: reversed.has(t.id) }));
    return {
      fund,
      on: on ?? null,
      money,
      contributors: money.byContributor.map((c) => ({ ...c, name: names.get(c.organisationId)?.name ?? '', identifier: names.get(c.organisationId)?.identifier ?? '' })),
      funders,
      awards: titled,
      transactions: latest,
      transactionCount: transactions.length,
      exports,
      closure: closure ?? null,
    };
  }

  /** One award as its page shows it: its standing, project and round, its funders by name, its payments and, once withdrawn, when and why. */
  async award(fundId: string, awardId: string) {
    const award = await this.ledger.award(awardId);
    if (!award || award.fundId !== fundId) return undefined;
    const fund = await this.funds.detail(fundId);
    const [funders, transactions, view] = await Promise.all([this.funds.funders(fund.id), this.ledger.transactions(fund.id), this.applications.forManager(fund.id, award.roundId, award.applicationId)]);
    const names = new Map(funders.map((f) => [f.id, f.name]));
    const reversals = new Map(transactions.filter((t) => t.reverses).map((t) => [t.reverses!, t]));
    const own = transactions.filter((t) => t.memo.awardId === award.id);
    const commitment = own.find((t) => t.kind === 'award');
    const withdrawal = commitment && reversals.get(commitment.id);
    return {
      fund,
      award,
      title: view.application.title,
      reference: view.application.reference,
      roundName: fund.rounds.find((r) => r.id === award.roundId)?.name ?? '',
      funders: award.fundedBy.map((f) => ({ ...f, name: names.get(f.organisationId) ?? '' })),
      // The default schedule (the whole award on acceptance) is not one a manager set.
      scheduled: award.tranches.filter((t) => !t.onAcceptance),
      payments: own
        .filter((t) => t.kind === 'payment')
        .map((t) => ({ id: t.id, seq: t.seq, paidOn: t.effectiveOn, reference: String(t.memo.reference ?? ''), trancheSeq: typeof t.memo.trancheSeq === 'number' ? t.memo.trancheSeq : null, amountPence: movedPence(t), reversed: reversals.has(t.id) })),
      withdrawal: withdrawal ? { on: withdrawal.effectiveOn, reason: withdrawal.reason } : null,
    };
  }

  /** One posting with its entries (accounts named by their funder), what it reverses and what reversed it. */
  async transaction(fundId: string, transactionId: string) {
    const fund = await this.funds.detail(fundId);
    const [transactions, funders] = await Promise.all([this.ledger.transactions(fund.id), this.funds.funders(fund.id)]);
    const posting = transactions.find((t) => t.id === transactionId);
    if (!posting) return undefined;
    const names = new Map(funders.map((f) => [f.id, f.name]));
    const reversedBy = transactions.find((t) => t.reverses === posting.id);
    const reverses = posting.reverses ? transactions.find((t) => t.id === posting.reverses) : undefined;
    return {
      fund,
      posting: { ...posting, amountPence: movedPence(posting), entries: posting.entries.map((e) => ({ ...e, funder: names.get(e.account.organisationId) ?? '' })) },
      reversedBy: reversedBy ? { seq: reversedBy.seq, on: reversedBy.effectiveOn, reason: reversedBy.reason } : null,
      reverses: reverses ? { seq: reverses.seq, kind: reverses.kind } : null,
    };
  }

  /** The fund's funders with what of theirs is not yet set aside for a round: what can go back to each. */
  async returnable(fundId: string) {
    const fund = await this.funds.detail(fundId);
    const [money, funders] = await Promise.all([this.ledger.money(fund.id), this.funds.funders(fund.id)]);
    const available = new Map(money.byContributor.map((c) => [c.organisationId, c.availablePence]));
    return { fund, funders: funders.map((f) => ({ id: f.id, name: f.name, identifier: f.identifier, availablePence: available.get(f.id) ?? 0 })) };
  }

  /** The verification report: the ledger's own checks, and that every award and payment traces back to a decision. */
  async verify(fundId: string): Promise<BooksVerification & { fund: { id: string; name: string; slug: string } }> {
    const fund = await this.funds.detail(fundId);
    const [ledger, awards, transactions] = await Promise.all([this.ledger.verify(fund.id), this.ledger.awards(fund.id), this.ledger.transactions(fund.id)]);
    const traces: AwardTrace[] = [];
    const published = new Map<string, Awaited<ReturnType<PublishedResults['forRound']>>>();
    const decided = new Map<string, Awaited<ReturnType<ShortlistQueries['awarded']>>>();
    for (const a of awards) {
      let traced: boolean;
      if (a.source === 'vote-result') {
        if (!published.has(a.roundId)) published.set(a.roundId, await this.results.forRound(a.roundId));
        traced = published.get(a.roundId)!.some((r) => r.lotKey === a.lotKey && r.resultSha256 === a.sourceRef && r.selected.includes(a.applicationId));
      } else {
        if (!decided.has(a.roundId)) decided.set(a.roundId, await this.panel.awarded(a.roundId));
        // A withdrawn award only had to be decided once; one that stands must match the decision as it stands.
        const decision = decided.get(a.roundId)!.find((d) => d.applicationId === a.applicationId);
        traced = a.withdrawn ? a.sourceRef.startsWith(`decision:${a.applicationId}:`) : !!decision && decision.awardPence === a.amountPence && a.sourceRef === `decision:${a.applicationId}:v${decision.version}`;
      }
      traces.push({ awardId: a.id, applicationId: a.applicationId, source: a.source, sourceRef: a.sourceRef, withdrawn: a.withdrawn, traced });
    }
    const awardIds = new Set(awards.map((a) => a.id));
    const untracedPayments = transactions.filter((t) => t.kind === 'payment' && !awardIds.has(String(t.memo.awardId))).map((t) => t.id);
    const ok = ledger.chainBreak === null && (!ledger.closure || ledger.closure.headHolds) && ledger.reconciles && ledger.negativeAccounts.length === 0 && ledger.orphanAwardAccounts.length === 0 && traces.every((t) => t.traced) && untracedPayments.length === 0;
    return { ...ledger, fund: { id: fund.id, name: fund.name, slug: fund.slug }, checkedAt: new Date().toISOString(), awards: traces, untracedPayments, ok };
  }
}

/** What a transaction moved: the sum of its debits (which equal its credits). */
function movedPence(t: { entries: Array<{ amountPence: number }> }): number {
  return t.entries.filter((e) => e.amountPence > 0).reduce((sum, e) => sum + e.amountPence, 0);
}
