import { Injectable } from '@nestjs/common';
import { isConflicted } from '../domain/conflicts';
import { ReviewRepository } from '../persistence/review.repository';

/** What the public vote needs of the panel's work: its shortlist, and who may not vote on what. */
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
}
