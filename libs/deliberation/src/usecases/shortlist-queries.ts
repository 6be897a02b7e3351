import { Injectable } from '@nestjs/common';
import { isConflicted } from '../domain/conflicts';
import { ReviewRepository } from '../persistence/review.repository';

/** What other modules need of the panel's work: its shortlist, who may not vote on what, and the awards it decided. */
@Injectable()
export class ShortlistQueries {
  constructor(private readonly reviews: ReviewRepository) {}

  /** The applications the panel put on the ballot, with the rationale published beside them. */
  async shortlisted(roundId: string): Promise<Array<{ applicationId: string; rationale: string }>> {
    return (await this.reviews.decisions(roundId)).filter((d) => d.outcome === 'shortlisted').map((d) => ({ applicationId: d.applicationId, rationale: d.rationale }));
  }

  /** The applications a panellist declared a conflict on: not theirs to vote on either. */
  async conflictedOn(roundId: string, accountId: string): Promise<string[]> {
    return (await this.reviews.conflicts(roundId)).filter((c) => c.accountId === accountId && isConflicted(c.kind)).map((c) => c.applicationId);
  }

  /** The panel's standing award decisions in a round (where there is no public vote): what each award in the books must match. */
  async awarded(roundId: string): Promise<Array<{ applicationId: string; awardPence: number; version: number }>> {
    return (await this.reviews.decisions(roundId)).filter((d) => d.outcome === 'award').map((d) => ({ applicationId: d.applicationId, awardPence: d.awardPence!, version: d.version }));
  }
}
