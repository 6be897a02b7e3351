import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FundQueries, type RoundDetail } from '@commonpurse/funds';
import { ResidentDirectory } from '@commonpurse/identity';
import { NotificationEvent, Notifier } from '@commonpurse/notifications';
import { BallotRepository } from '../../persistence/ballot.repository';
import { VoteReminderRepository } from '../../persistence/vote-reminder.repository';

/** How long before the vote closes its reminder goes out: a day leaves an evening or a morning to confirm, as the preferences page promises. */
export const VOTE_REMINDER_LEAD_MS = 24 * 3600_000;

/**
 * When a vote's reminder is due: a day before it closes, but not before the vote is half over. A
 * vote shorter than the lead would otherwise be reminded about the moment it opens (as co-design
 * is, when it is shorter than its lead), before anyone has started a ballot, and never again.
 */
export function reminderDueAt(vote: { opensAt: Date | string; closesAt: Date | string }): Date {
  const opens = new Date(vote.opensAt).getTime();
  const closes = new Date(vote.closesAt).getTime();
  return new Date(Math.max(closes - VOTE_REMINDER_LEAD_MS, opens + (closes - opens) / 2));
}

/** One voter's ballots with choices saved and not confirmed, a lot each. */
export type Unconfirmed = Array<{ lotKey: string; confirmedBefore: boolean }>;

/**
 * What one voter is told: that their vote is not confirmed (some ballot of theirs was never
 * confirmed, so nothing of theirs counts there) or that their change is not (each has an earlier
 * ballot that still counts), with the lots named where the round has lots. The link is the check
 * page of their one unconfirmed ballot, or the ballot page, which lists every lot, for several.
 */
export function reminderFor(round: Pick<RoundDetail, 'slug' | 'name' | 'fund' | 'lots'>, closesAt: Date, unconfirmed: Unconfirmed): { event: NotificationEvent; payload: Record<string, string> } {
  const names = (list: Unconfirmed) => list.flatMap((u) => round.lots.find((l) => l.id === u.lotKey)?.name ?? []).join(', ');
  const never = unconfirmed.filter((u) => !u.confirmedBefore);
  const vote = `/funds/${round.fund.slug}/rounds/${round.slug}/vote`;
  const only = unconfirmed.length === 1 ? unconfirmed[0].lotKey : null;
  return {
    event: never.length > 0 ? NotificationEvent.VoteUnconfirmed : NotificationEvent.VoteChangeUnconfirmed,
    payload: {
      fundName: round.fund.name,
      roundName: round.name,
      votePath: only === null ? vote : `${vote}/check${only ? `?lot=${encodeURIComponent(only)}` : ''}`,
      closesAt: closesAt.toISOString(),
      unconfirmedLots: names(never),
      changedLots: names(unconfirmed.filter((u) => u.confirmedBefore)),
    },
  };
}

/**
 * The vote counter's reminders: a day before the public vote closes, every voter who saved choices
 * online and did not confirm them is told so, once per round (a primary key decides, whichever
 * worker gets there), in one email however many lots. Paper ballots are staff's: never reminded.
 * Reminders are optional: the email processor leaves out whoever turned them off.
 */
@Injectable()
export class RemindUnconfirmedUseCase {
  private readonly logger = new Logger(RemindUnconfirmedUseCase.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly funds: FundQueries,
    private readonly ballots: BallotRepository,
    private readonly reminders: VoteReminderRepository,
    private readonly residents: ResidentDirectory,
    private readonly notifier: Notifier,
  ) {}

  async execute(now = new Date()): Promise<number> {
    // The votes closing within the lead: closed by then, and not yet.
    const closed = new Set((await this.funds.roundsWithPhaseClosed('public-vote', now)).map((r) => r.roundId));
    const closing = (await this.funds.roundsWithPhaseClosed('public-vote', new Date(now.getTime() + VOTE_REMINDER_LEAD_MS))).filter((r) => !closed.has(r.roundId));
    const pending = new Set(await this.reminders.notReminded(closing.map((r) => r.roundId)));
    let reminded = 0;
    for (const { roundId, fundId } of closing) {
      if (!pending.has(roundId)) continue;
      const vote = (await this.funds.timeline(fundId, roundId, now)).phases.find((p) => p.phase === 'public-vote');
      if (!vote?.opensAt || !vote.closesAt || new Date(vote.opensAt) > now || reminderDueAt({ opensAt: vote.opensAt, closesAt: vote.closesAt }) > now) continue;
      reminded += await this.remind(await this.funds.roundById(roundId, now), new Date(vote.closesAt));
    }
    if (reminded > 0) this.logger.log({ reminded }, 'reminded voters who have not confirmed their ballots');
    return reminded;
  }

  private remind(round: RoundDetail, closesAt: Date): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const byVoter = new Map<string, Unconfirmed>();
      for (const d of await this.ballots.unconfirmedDrafts(manager, round.id)) byVoter.set(d.voterId, [...(byVoter.get(d.voterId) ?? []), d]);
      const people = await this.residents.byIds([...byVoter.keys()], manager);
      if (!(await this.reminders.claim(manager, round.id, people.length))) return 0;
      await this.notifier.notify(
        manager,
        people.map((person) => ({
          ...reminderFor(round, closesAt, byVoter.get(person.accountId)!),
          eventId: `${round.id}:vote-unconfirmed`,
          recipient: { accountId: person.accountId, email: person.email, language: person.language, name: person.name },
        })),
      );
      return people.length;
    });
  }
}
