import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { priorityProblems } from '../../domain/co-design';
import { FundsErrorCode, FundsException } from '../../domain/funds.exception';
import { CoDesignRepository } from '../../persistence/codesign.repository';
import { RoundContext, requirePhase, requireResident, type Participant } from '../round-context';

export interface ProposePriorityCommand {
  person: Participant;
  fundId: string;
  roundId: string;
  title: string;
  description: string;
  whoItHelps: string | null;
}

/** A resident answers "what should this money be for?" with a priority, while co-design is open. */
@Injectable()
export class ProposePriorityUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly context: RoundContext,
    private readonly codesign: CoDesignRepository,
  ) {}

  async execute(command: ProposePriorityCommand): Promise<{ id: string; roundId: string }> {
    const { round, phases, areas, at } = await this.context.load(command.fundId, command.roundId);
    const problems = priorityProblems(command);
    if (problems.length > 0) throw new FundsException(FundsErrorCode.Invalid, problems[0].problem, problems);
    requirePhase(phases, at, 'propose-priority');
    requireResident(areas, command.person);
    const id = await this.dataSource.transaction((manager) =>
      this.codesign.insertPriority(manager, { roundId: round.id, authorId: command.person.accountId, title: command.title.trim(), description: command.description.trim(), whoItHelps: command.whoItHelps?.trim() || null }),
    );
    return { id, roundId: round.id };
  }
}
