import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ukDay } from '@commonpurse/funds';
import { checkDateOfBirth } from '../../domain/eligibility';
import { BallotRepository } from '../../persistence/ballot.repository';
import { refuse, VotingRefusal } from '../voting-refused';

/** A resident declares their date of birth, once for every round (the vote's minimum age is checked against it). */
@Injectable()
export class DeclareVoterUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ballots: BallotRepository,
  ) {}

  async execute(command: { accountId: string; dateOfBirth: string | null }): Promise<void> {
    if (!command.dateOfBirth) throw refuse(VotingRefusal.Invalid, 'dateOfBirth', 'voting.declare.dateOfBirthInvalid');
    const problem = checkDateOfBirth(command.dateOfBirth, ukDay(new Date()));
    if (problem) throw refuse(VotingRefusal.Invalid, 'dateOfBirth', `voting.declare.${problem}`);
    await this.dataSource.transaction((manager) => this.ballots.declare(manager, command.accountId, command.dateOfBirth!));
  }
}
