import { Injectable } from '@nestjs/common';
import { standingIn, stillStanding, type Standing } from '../domain/co-design';
import { FundsErrorCode, FundsException } from '../domain/funds.exception';
import { phaseAllows, phaseAt } from '../domain/round-timeline';
import { CoDesignRepository, type CommentRow, type CriterionRow, type PollRow, type PriorityRow } from '../persistence/codesign.repository';
import { RoundRepository } from '../persistence/round.repository';
import { managesFund, RoundContext, type LockedRound, type Participant } from './round-context';

export interface BoardView extends LockedRound {
  open: boolean;
  /** Where co-design stands: not part of this round, still to come, open, or over. */
  coDesign: 'off' | 'before' | 'open' | 'closed';
  managesFund: boolean;
  standing: Standing | 'signedOut';
  /** Priorities still standing (not merged away), most endorsed first. */
  priorities: Array<PriorityRow & { mine: number }>;
  merged: number;
  /** Priorities taken down by the fund manager. */
  removed: number;
  dots: { used: number; allowance: number } | null;
  polls: Array<PollRow & { answer: number | null }>;
  participants: number;
}

export interface PriorityView extends LockedRound {
  open: boolean;
  managesFund: boolean;
  standing: Standing | 'signedOut';
  priority: PriorityRow & { mine: number };
  mergedInto: PriorityRow | null;
  mergedFrom: PriorityRow[];
  comments: Array<CommentRow & { byViewer: boolean }>;
  adoptedInto: CriterionRow[];
  dots: { used: number; allowance: number } | null;
}

export interface ActivityItem {
  kind: 'proposed' | 'endorsed' | 'commented' | 'answered';
  title: string;
  count: number;
  at: Date;
  fundName: string;
  roundName: string;
  /** Where it is: the priority's page, or the board for a poll. */
  path: string;
}

/** What residents and the public read about a round's co-design. */
@Injectable()
export class CoDesignQueries {
  constructor(
    private readonly context: RoundContext,
    private readonly codesign: CoDesignRepository,
    private readonly rounds: RoundRepository,
  ) {}

  async board(fundKey: string, roundKey: string, viewer?: Participant, now = new Date()): Promise<BoardView> {
    const locked = await this.context.load(fundKey, roundKey);
    const { round } = locked;
    const [all, polls, participants, mine, answers] = await Promise.all([
      this.codesign.priorities(round.id),
      this.codesign.polls(round.id),
      this.codesign.participants(round.id),
      viewer ? this.codesign.dotsByPriority(round.id, viewer.accountId) : Promise.resolve(new Map<string, number>()),
      viewer ? this.codesign.answersOf(round.id, viewer.accountId) : Promise.resolve(new Map<string, number>()),
    ]);
    const standing = all.filter(stillStanding);
    const open = phaseAllows(phaseAt(locked.phases, now), 'endorse-priority');
    const window = locked.phases.find((p) => p.phase === 'co-design')!;
    return {
      ...locked,
      open,
      coDesign: !window.enabled ? 'off' : open ? 'open' : window.opensAt && window.opensAt > now ? 'before' : 'closed',
      managesFund: managesFund(viewer, locked.fund.id),
      standing: viewer ? standingIn(locked.areas, viewer) : 'signedOut',
      priorities: standing.map((p) => ({ ...p, mine: mine.get(p.id) ?? 0 })),
      merged: all.filter((p) => p.mergedInto).length,
      removed: all.filter((p) => p.removedReason && !p.mergedInto).length,
      dots: viewer ? { used: [...mine.values()].reduce((a, b) => a + b, 0), allowance: round.endorsementDots } : null,
      polls: polls.map((p) => ({ ...p, answer: answers.get(p.id) ?? null })),
      participants,
    };
  }

  async priority(fundKey: string, roundKey: string, priorityId: string, viewer?: Participant, now = new Date()): Promise<PriorityView> {
    const locked = await this.context.load(fundKey, roundKey);
    const { round } = locked;
    const all = await this.codesign.priorities(round.id);
    const priority = all.find((p) => p.id === priorityId);
    if (!priority) throw new FundsException(FundsErrorCode.NotFound, 'funds.priority.notFound');
    const [comments, criteria, mine] = await Promise.all([
      this.codesign.comments(priority.id),
      this.codesign.criteria(round.id),
      viewer ? this.codesign.dotsByPriority(round.id, viewer.accountId) : Promise.resolve(new Map<string, number>()),
    ]);
    return {
      ...locked,
      open: phaseAllows(phaseAt(locked.phases, now), 'endorse-priority'),
      managesFund: managesFund(viewer, locked.fund.id),
      standing: viewer ? standingIn(locked.areas, viewer) : 'signedOut',
      priority: { ...priority, mine: mine.get(priority.id) ?? 0 },
      mergedInto: all.find((p) => p.id === priority.mergedInto) ?? null,
      mergedFrom: all.filter((p) => p.mergedInto === priority.id),
      comments: comments.map((c) => ({ ...c, byViewer: c.authorId === viewer?.accountId })),
      adoptedInto: criteria.filter((c) => c.priorityIds.includes(priority.id) || (priority.mergedInto !== null && c.priorityIds.includes(priority.mergedInto))),
      dots: viewer ? { used: [...mine.values()].reduce((a, b) => a + b, 0), allowance: round.endorsementDots } : null,
    };
  }

  /**
   * Every priority of the round for its fund manager, most endorsed first, with what became of
   * it: merged into another, or adopted into criteria.
   */
  async forManager(roundId: string, criteria: Array<{ title: string; priorities: Array<{ id: string }> }>): Promise<Array<PriorityRow & { mergedIntoTitle: string | null; adoptedInto: string[] }>> {
    const all = await this.codesign.priorities(roundId);
    return all.map((p) => ({
      ...p,
      mergedIntoTitle: all.find((q) => q.id === p.mergedInto)?.title ?? null,
      adoptedInto: criteria.filter((c) => c.priorities.some((q) => q.id === p.id)).map((c) => c.title),
    }));
  }

  /** Everything one resident has done in co-design, newest first, with where to find it. */
  async activity(accountId: string): Promise<ActivityItem[]> {
    const items = await this.codesign.activity(accountId);
    const rounds = await this.rounds.names([...new Set(items.map((i) => i.roundId))]);
    return items.flatMap((item) => {
      const r = rounds.get(item.roundId);
      if (!r) return [];
      const base = `/funds/${r.fundSlug}/rounds/${r.slug}/priorities`;
      return [{ kind: item.kind, title: item.title, count: item.count, at: item.at, fundName: r.fundName, roundName: r.name, path: item.kind === 'answered' ? `${base}#polls` : `${base}/${item.subjectId}` }];
    });
  }
}
