import { Injectable } from '@nestjs/common';
import type { RoundDetail } from '@commonpurse/funds';
import { isConflicted } from '../domain/conflicts';
import { aggregate, rubricFor } from '../domain/scoring';
import { ReviewRepository } from '../persistence/review.repository';

/** What other modules need of the panel's work: its shortlist, who may not vote on what, its scores, and the awards it decided. */
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

  /**
   * Each scored application's panel score: the mean of its complete scores on the round's rubric,
   * leaving out anyone conflicted on it, added up as the panel's scores table adds them; null
   * where no score counts. Applications no one scored are not in the map.
   */
  async panelScores(round: Pick<RoundDetail, 'id' | 'criteria'>): Promise<Map<string, number | null>> {
    const rubric = rubricFor(round.criteria.map((c) => ({ id: c.id, title: c.title, weight: c.weight })));
    const [scores, conflicts] = await Promise.all([this.reviews.scores(round.id), this.reviews.conflicts(round.id)]);
    const scored = [...new Set(scores.map((s) => s.applicationId))];
    return new Map(
      scored.map((id) => {
        const conflicted = new Set(conflicts.filter((c) => c.applicationId === id && isConflicted(c.kind)).map((c) => c.accountId));
        return [id, aggregate(rubric, scores.filter((s) => s.applicationId === id), conflicted).mean];
      }),
    );
  }

  /** The panel's standing award decisions in a round (where there is no public vote): what each award in the books must match. */
  async awarded(roundId: string): Promise<Array<{ applicationId: string; awardPence: number; version: number }>> {
    return (await this.reviews.decisions(roundId)).filter((d) => d.outcome === 'award').map((d) => ({ applicationId: d.applicationId, awardPence: d.awardPence!, version: d.version }));
  }
}
