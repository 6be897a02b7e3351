import { Injectable } from '@nestjs/common';
import { FundsErrorCode, FundsException } from '../domain/funds.exception';
import { FundRepository, type ContributionRow, type FundRow, type FundSummary } from '../persistence/fund.repository';
import type { FundArea } from '../domain/fund-area';
import { PHASES, phaseAt, type PhaseAt, type PhaseWindow } from '../domain/round-timeline';
import { RoundRepository, type RoundRow } from '../persistence/round.repository';

export interface FundDetail extends FundRow {
  areas: FundArea[];
  contributions: ContributionRow[];
  rounds: RoundRow[];
  totalPence: number;
  unallocatedPence: number;
}

export interface RoundDetail extends RoundRow {
  fund: FundRow;
  /** Every phase in order, switched on or off. */
  phases: PhaseWindow[];
  now: PhaseAt;
}

/** What the public and fund managers read about funds. */
@Injectable()
export class FundQueries {
  constructor(
    private readonly funds: FundRepository,
    private readonly rounds: RoundRepository,
  ) {}

  list(): Promise<FundSummary[]> {
    return this.funds.list();
  }

  async detail(slugOrId: string): Promise<FundDetail> {
    const fund = await this.funds.findBySlugOrId(slugOrId);
    if (!fund) throw new FundsException(FundsErrorCode.NotFound, 'funds.notFound');
    const [areas, contributions, rounds] = await Promise.all([this.funds.areas(fund.id), this.funds.contributions(fund.id), this.rounds.listForFund(fund.id)]);
    const totalPence = contributions.reduce((sum, c) => sum + c.amountPence, 0);
    return { ...fund, areas, contributions, rounds, totalPence, unallocatedPence: totalPence - rounds.reduce((sum, r) => sum + r.budgetPence, 0) };
  }

  async round(fundSlugOrId: string, roundSlugOrId: string, now = new Date()): Promise<RoundDetail> {
    const fund = await this.funds.findBySlugOrId(fundSlugOrId);
    const round = fund && (await this.rounds.find(fund.id, roundSlugOrId));
    if (!fund || !round) throw new FundsException(FundsErrorCode.NotFound, 'funds.round.notFound');
    const stored = await this.rounds.phases(round.id);
    const phases = PHASES.map((phase) => stored.find((p) => p.phase === phase) ?? { phase, enabled: false, opensAt: null, closesAt: null });
    return { ...round, fund, phases, now: phaseAt(phases, now) };
  }
}
