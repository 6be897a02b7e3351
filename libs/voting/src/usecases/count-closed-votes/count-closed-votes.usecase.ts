import { Injectable, Logger } from '@nestjs/common';
import { AppException } from '@commonpurse/kernel';
import { FundQueries } from '@commonpurse/funds';
import { ResultRepository } from '../../persistence/result.repository';
import { CountVotesUseCase } from '../count-votes/count-votes.usecase';

/**
 * Counts every public vote that has closed by the clock and has not been counted yet, as the
 * worker's tick finds them: results are ready for the fund manager to check and publish without
 * anyone having to press "count". A vote that cannot be counted (no ballot paper, say) is logged
 * and left for the manager, whose page says why.
 */
@Injectable()
export class CountClosedVotesUseCase {
  private readonly logger = new Logger(CountClosedVotesUseCase.name);

  constructor(
    private readonly funds: FundQueries,
    private readonly results: ResultRepository,
    private readonly counter: CountVotesUseCase,
  ) {}

  async execute(): Promise<number> {
    let counted = 0;
    for (const { roundId, fundId } of await this.funds.roundsWithPhaseClosed('public-vote')) {
      if ((await this.results.forRound(roundId)).length > 0) continue;
      try {
        await this.counter.count({ actorId: null, fundId, roundId });
        counted += 1;
      } catch (error) {
        if (!(error instanceof AppException)) throw error;
        this.logger.warn({ roundId, code: error.code, reason: error.message }, 'a closed vote could not be counted');
      }
    }
    return counted;
  }
}
