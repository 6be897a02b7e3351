import { Injectable } from '@nestjs/common';
import { ResultRepository } from '../persistence/result.repository';

/** What the books need of a round's vote: each published paper's certified result and winners. */
@Injectable()
export class PublishedResults {
  constructor(private readonly results: ResultRepository) {}

  async forRound(roundId: string): Promise<Array<{ lotKey: string; resultSha256: string; selected: string[]; publishedAt: Date }>> {
    return (await this.results.forRound(roundId)).filter((r) => r.publishedAt).map((r) => ({ lotKey: r.lotKey, resultSha256: r.resultSha256, selected: r.result.selected, publishedAt: r.publishedAt! }));
  }
}
