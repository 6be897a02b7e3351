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

  async summary(fundId: string, on?: string) {
    const fund = await this.funds.detail(fundId);
    const [money, funders, awards, transactions, exports] = await Promise.all([this.ledger.money(fund.id, on), this.funds.funders(fund.id), this.ledger.awards(fund.id), this.ledger.transactions(fund.id), this.exports.recent(fund.id, 10)]);
    const names = new Map(funders.map((f) => [f.id, f]));
    const titled = await Promise.all(
      awards.map(async (a) => {
        const view = await this.applications.forManager(fund.id, a.roundId, a.applicationId);
        return { ...a, title: view.application.title, reference: view.application.reference, roundName: fund.rounds.find((r) => r.id === a.roundId)?.name ?? '' };
      }),
    );
    const latest = transactions
      .slice(-20)
      .reverse()
      .map((t) => ({ ...t, amountPence: t.entries.filter((e) => e.amountPence > 0).reduce((sum, e) => sum + e.amountPence, 0) }));
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
    };
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
    const ok = ledger.chainBreak === null && ledger.reconciles && ledger.negativeAccounts.length === 0 && ledger.orphanAwardAccounts.length === 0 && traces.every((t) => t.traced) && untracedPayments.length === 0;
    return { ...ledger, fund: { id: fund.id, name: fund.name, slug: fund.slug }, checkedAt: new Date().toISOString(), awards: traces, untracedPayments, ok };
  }
}
