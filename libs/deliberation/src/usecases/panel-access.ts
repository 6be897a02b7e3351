import { Injectable } from '@nestjs/common';
import { ApplicationQueries, type ApplicationView } from '@commonpurse/applications';
import { FundQueries, type RoundDetail } from '@commonpurse/funds';
import type { Principal } from '@commonpurse/kernel';
import { isConflicted } from '../domain/conflicts';
import { DeliberationErrorCode, DeliberationException, refuse } from '../domain/deliberation.exception';
import { PanelRepository, type MemberRow, type PanelRow } from '../persistence/panel.repository';
import { ReviewRepository, type ConflictRow } from '../persistence/review.repository';

export interface PanelSeat {
  round: RoundDetail;
  panel: PanelRow;
  member: MemberRow;
}

/** Whether the round has a panel at all: its panel-review phase is switched on. */
export function hasPanel(round: RoundDetail): boolean {
  return round.phases.some((p) => p.phase === 'panel-review' && p.enabled);
}

/** Whether the panel's review has opened (it may since have closed: what was decided stays readable). */
export function reviewOpened(round: RoundDetail, now = new Date()): boolean {
  return round.phases.some((p) => p.phase === 'panel-review' && p.enabled && p.opensAt && new Date(p.opensAt) <= now);
}

/** Whether the panel's review is over, by the clock. */
export function reviewOver(round: RoundDetail, now = new Date()): boolean {
  return round.phases.some((p) => p.phase === 'panel-review' && p.enabled && p.closesAt && new Date(p.closesAt) <= now);
}

/**
 * Who may see what of a panel's work. Facilitators reach a round through the fund in the address
 * (their permission is checked on the handler, scoped to that fund). Panellists must have
 * accepted their place; an application opens to them only once they have declared no conflict
 * on it, and, where the facilitator has assigned reviewers, only if it is one of theirs.
 * Every page and API handler of the panel goes through here, so the rule is enforced once.
 */
@Injectable()
export class PanelAccess {
  constructor(
    private readonly funds: FundQueries,
    private readonly panels: PanelRepository,
    private readonly reviews: ReviewRepository,
    private readonly applications: ApplicationQueries,
  ) {}

  /** The round in the address, for its facilitators: refused when it has no panel. */
  async roundFor(fundId: string, roundId: string): Promise<RoundDetail> {
    const round = await this.funds.round(fundId, roundId);
    if (round.id !== roundId || round.fund.id !== fundId) throw new DeliberationException(DeliberationErrorCode.NotFound, 'deliberation.roundNotFound');
    if (!hasPanel(round)) throw new DeliberationException(DeliberationErrorCode.NotFound, 'deliberation.noPanel');
    return round;
  }

  /** The round by its fund's and its own address (slugs or ids), for residents volunteering: refused when it has no panel. */
  async publicRound(fundKey: string, roundKey: string): Promise<RoundDetail> {
    const round = await this.funds.round(fundKey, roundKey);
    if (!hasPanel(round)) throw new DeliberationException(DeliberationErrorCode.NotFound, 'deliberation.noPanel');
    return round;
  }

  roundById(roundId: string): Promise<RoundDetail> {
    return this.funds.roundById(roundId);
  }

  /** A panellist's seat on a round's panel: refused unless they accepted it. */
  async seat(person: Pick<Principal, 'accountId'>, roundId: string): Promise<PanelSeat> {
    const member = await this.panels.member(roundId, person.accountId);
    if (!member || member.status !== 'accepted') throw refuse(DeliberationErrorCode.Forbidden, 'panel', 'deliberation.notOnPanel');
    const round = await this.funds.roundById(roundId);
    return { round, panel: await this.panels.find(roundId), member };
  }

  /** An application opened by a panellist, with their declaration on it; refused when conflicted, undeclared or not theirs to review. */
  async application(person: Pick<Principal, 'accountId'>, roundId: string, applicationId: string): Promise<PanelSeat & { view: ApplicationView; conflict: ConflictRow }> {
    const seat = await this.seat(person, roundId);
    if (!reviewOpened(seat.round)) throw refuse(DeliberationErrorCode.Closed, 'phase', 'deliberation.reviewNotOpen');
    const view = await this.applications.forPanel(roundId, applicationId);
    const conflict = await this.reviews.conflict(applicationId, person.accountId);
    if (!conflict) throw refuse(DeliberationErrorCode.Forbidden, 'conflict', 'deliberation.conflicts.declareFirst');
    if (isConflicted(conflict.kind)) throw refuse(DeliberationErrorCode.Forbidden, 'conflict', 'deliberation.conflicts.conflicted');
    const assignments = await this.reviews.assignments(roundId);
    if (assignments.length > 0 && !assignments.some((a) => a.applicationId === applicationId && a.accountId === person.accountId)) throw refuse(DeliberationErrorCode.Forbidden, 'assignment', 'deliberation.notAssigned');
    return { ...seat, view, conflict };
  }
}
