import { Injectable } from '@nestjs/common';
import { FundsErrorCode, FundsException } from '../domain/funds.exception';
import { FundRepository, type ContributionRow, type FundRow, type FundSummary } from '../persistence/fund.repository';
import type { FundArea } from '../domain/fund-area';

export interface FundDetail extends FundRow {
  areas: FundArea[];
  contributions: ContributionRow[];
  totalPence: number;
}

/** What the public and fund managers read about funds. */
@Injectable()
export class FundQueries {
  constructor(private readonly funds: FundRepository) {}

  list(): Promise<FundSummary[]> {
    return this.funds.list();
  }

  async detail(slugOrId: string): Promise<FundDetail> {
    const fund = await this.funds.findBySlugOrId(slugOrId);
    if (!fund) throw new FundsException(FundsErrorCode.NotFound, 'funds.notFound');
    const [areas, contributions] = await Promise.all([this.funds.areas(fund.id), this.funds.contributions(fund.id)]);
    return { ...fund, areas, contributions, totalPence: contributions.reduce((sum, c) => sum + c.amountPence, 0) };
  }
}
