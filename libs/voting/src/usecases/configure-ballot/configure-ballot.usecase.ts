import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { FundQueries } from '@commonpurse/funds';
import { checkBallotSettings, type BallotSettings } from '../../domain/ballot';
import { LOTS_PER_VOTER, VERIFICATIONS, type LotsPerVoter, type Verification } from '../../domain/eligibility';
import { BallotRepository } from '../../persistence/ballot.repository';
import { VoterListRepository } from '../../persistence/voter-list.repository';
import { refuse, VotingRefusal, VotingRefused } from '../voting-refused';

/**
 * A fund manager sets what a ballot may hold (how many choices, how many points, how much of the
 * budget a knapsack ballot must spend), how residents are verified (their declaration, or staff
 * confirming them against the council's list, which the fund must have) and, where the round has
 * lots, whether each resident votes in every lot or in one. Left out, a choice stays as it was. Fixed from the moment the vote opens or the first ballot
 * exists, whichever is first: everyone votes on the same paper. Audited.
 */
@Injectable()
export class ConfigureBallotUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly funds: FundQueries,
    private readonly ballots: BallotRepository,
    private readonly lists: VoterListRepository,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: { actorId: string; fundId: string; roundId: string; settings: BallotSettings; supportThreshold?: number | null; verification?: string; lotsPerVoter?: string; seenVersion?: number }): Promise<void> {
    const round = await this.funds.round(command.fundId, command.roundId);
    if (round.id !== command.roundId || !round.phases.some((p) => p.phase === 'public-vote' && p.enabled)) throw refuse(VotingRefusal.NotFound, 'round', 'voting.noVote');
    const problems = checkBallotSettings(round.votingMethod, command.settings);
    if (problems.length > 0) throw new VotingRefused(VotingRefusal.Invalid, `voting.settings.${problems[0].problem}`, problems.map((p) => ({ field: p.field, problem: `voting.settings.${p.problem}` })));
    const threshold = command.supportThreshold === undefined ? undefined : command.supportThreshold;
    if (threshold !== undefined && threshold !== null && (!Number.isInteger(threshold) || threshold < 0)) throw refuse(VotingRefusal.Invalid, 'supportThreshold', 'voting.settings.notWhole');
    if (command.verification !== undefined && !(VERIFICATIONS as string[]).includes(command.verification)) throw refuse(VotingRefusal.Invalid, 'verification', 'voting.settings.verificationUnknown');
    if (command.lotsPerVoter !== undefined && !(LOTS_PER_VOTER as string[]).includes(command.lotsPerVoter)) throw refuse(VotingRefusal.Invalid, 'lotsPerVoter', 'voting.settings.lotsPerVoterUnknown');
    // A round asking for a list the fund does not have would turn every resident away.
    if (command.verification === 'council-list' && !(await this.lists.list(round.fund.id))) throw refuse(VotingRefusal.Invalid, 'verification', 'voting.settings.noEligibilityList');
    if (round.frozen.votingMethod) throw refuse(VotingRefusal.Closed, 'settings', 'voting.settings.frozen');
    await this.dataSource.transaction(async (manager) => {
      const before = await this.ballots.lockSettings(manager, round.id);
      if (command.seenVersion !== undefined && command.seenVersion !== before.version) throw refuse(VotingRefusal.Conflict, 'settings', 'voting.settings.changedSince');
      if (await this.ballots.anyBallot(round.id, manager)) throw refuse(VotingRefusal.Closed, 'settings', 'voting.settings.frozen');
      const verification = (command.verification as Verification | undefined) ?? before.verification;
      const lotsPerVoter = (command.lotsPerVoter as LotsPerVoter | undefined) ?? before.lotsPerVoter;
      await this.ballots.saveSettings(manager, round.id, { ...command.settings, verification, lotsPerVoter, supportThreshold: threshold === undefined ? before.supportThreshold : threshold }, command.actorId);
      const { minChoices, maxChoices, points, maxPointsPerProject, minSpendPercent } = before;
      await this.audit.record(manager, {
        actorId: command.actorId,
        action: 'voting.configure-ballot',
        entityType: 'round',
        entityId: round.id,
        before: { minChoices, maxChoices, points, maxPointsPerProject, minSpendPercent, verification: before.verification, lotsPerVoter: before.lotsPerVoter },
        after: { ...command.settings, verification, lotsPerVoter },
      });
    });
  }
}
