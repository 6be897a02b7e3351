import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { FundsErrorCode, FundsException } from '../../domain/funds.exception';
import { phaseAt } from '../../domain/round-timeline';
import { CoDesignRepository } from '../../persistence/codesign.repository';
import { RoundContext, requirePhase, requireResident, type Participant } from '../round-context';

/**
 * Polls during co-design: a fund manager puts a simple question to residents (before co-design
 * closes), and each resident of the area answers once, changing their answer while it is open.
 */
@Injectable()
export class RunPollUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly context: RoundContext,
    private readonly codesign: CoDesignRepository,
    private readonly audit: AuditTrail,
  ) {}

  async create(command: { actorId: string; fundId: string; roundId: string; question: string; options: string[] }): Promise<string> {
    const options = command.options.map((o) => o.trim()).filter(Boolean);
    const problems = [];
    if (!command.question.trim()) problems.push({ field: 'question', problem: 'funds.polls.questionMissing' });
    else if (command.question.trim().length > 300) problems.push({ field: 'question', problem: 'funds.polls.questionTooLong' });
    if (options.length < 2) problems.push({ field: 'options', problem: 'funds.polls.optionsTooFew' });
    else if (options.length > 10) problems.push({ field: 'options', problem: 'funds.polls.optionsTooMany' });
    else if (options.some((o) => o.length > 200)) problems.push({ field: 'options', problem: 'funds.polls.optionTooLong' });
    else if (new Set(options.map((o) => o.toLowerCase())).size < options.length) problems.push({ field: 'options', problem: 'funds.polls.optionTwice' });
    if (problems.length > 0) throw new FundsException(FundsErrorCode.Invalid, problems[0].problem, problems);
    return this.dataSource.transaction(async (manager) => {
      const { round, phases, at } = await this.context.lock(manager, command.fundId, command.roundId);
      const codesign = phases.find((p) => p.phase === 'co-design');
      const current = phaseAt(phases, at);
      const coDesignAhead = codesign?.enabled && (current.state === 'open' ? current.phase === 'co-design' : codesign.opensAt! > at);
      if (!coDesignAhead) throw new FundsException(FundsErrorCode.PhaseClosed, 'funds.polls.coDesignOver', [{ field: 'question', problem: 'funds.polls.coDesignOver' }]);
      const id = await this.codesign.insertPoll(manager, { roundId: round.id, question: command.question.trim(), options, createdBy: command.actorId });
      await this.audit.record(manager, { actorId: command.actorId, action: 'funds.create-poll', entityType: 'poll', entityId: id, before: null, after: { question: command.question.trim(), options } });
      return id;
    });
  }

  async answer(command: { person: Participant; fundId: string; roundId: string; pollId: string; optionIndex: number }): Promise<void> {
    const { round, phases, areas, at } = await this.context.load(command.fundId, command.roundId);
    const poll = await this.codesign.poll(round.id, command.pollId);
    if (!poll) throw new FundsException(FundsErrorCode.NotFound, 'funds.polls.notFound');
    requirePhase(phases, at, 'answer-poll');
    requireResident(areas, command.person);
    if (!Number.isInteger(command.optionIndex) || command.optionIndex < 0 || command.optionIndex >= poll.options.length) {
      throw new FundsException(FundsErrorCode.Invalid, 'funds.polls.optionUnknown', [{ field: 'option', problem: 'funds.polls.optionUnknown' }]);
    }
    await this.dataSource.transaction((manager) => this.codesign.answerPoll(manager, poll.id, command.person.accountId, command.optionIndex));
  }
}
