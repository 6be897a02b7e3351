import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { checkQuestion, MAX_QUESTIONS, type FormQuestion } from '../../domain/form-questions';
import { FundsErrorCode, FundsException } from '../../domain/funds.exception';
import { RoundRepository } from '../../persistence/round.repository';
import { RoundContext, requireUnfrozen, type LockedRound } from '../round-context';

interface Target {
  actorId: string;
  fundId: string;
  roundId: string;
}

/**
 * A fund manager's own questions on the round's application form: added, removed and moved,
 * until applications open (applicants must all answer the same form). Each change audited.
 */
@Injectable()
export class EditQuestionsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly context: RoundContext,
    private readonly rounds: RoundRepository,
    private readonly audit: AuditTrail,
  ) {}

  async add(target: Target, question: FormQuestion): Promise<string> {
    const problems = checkQuestion(question);
    if (problems.length > 0) throw new FundsException(FundsErrorCode.Invalid, problems[0].problem, problems);
    return this.change(target, 'funds.add-question', async (manager, { round }) => {
      if ((await this.rounds.questions(round.id, manager)).length >= MAX_QUESTIONS) {
        throw new FundsException(FundsErrorCode.Invalid, 'funds.questions.tooMany', [{ field: 'label', problem: 'funds.questions.tooMany' }]);
      }
      return this.rounds.insertQuestion(manager, round.id, { ...question, label: question.label.trim(), hint: question.hint?.trim() || null });
    });
  }

  async remove(target: Target, questionId: string): Promise<void> {
    await this.change(target, 'funds.remove-question', async (manager, { round }) => {
      known((await this.rounds.questions(round.id, manager)).map((q) => q.id), questionId);
      await this.rounds.deleteQuestion(manager, round.id, questionId);
    });
  }

  /** Moves a question one place up or down. */
  async move(target: Target, questionId: string, direction: 'up' | 'down'): Promise<void> {
    await this.change(target, 'funds.move-question', async (manager, { round }) => {
      const ids = (await this.rounds.questions(round.id, manager)).map((q) => q.id);
      const from = known(ids, questionId);
      const to = direction === 'up' ? from - 1 : from + 1;
      if (to < 0 || to >= ids.length) return;
      [ids[from], ids[to]] = [ids[to], ids[from]];
      await this.rounds.reorderQuestions(manager, round.id, ids);
    });
  }

  /** The frame every change shares: the round locked, the form not yet frozen, the form before and after audited. */
  private change<T>(target: Target, action: string, work: (manager: EntityManager, locked: LockedRound) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.context.lock(manager, target.fundId, target.roundId);
      requireUnfrozen(locked.phases, locked.at, 'questions', 'label');
      const before = await this.rounds.questions(locked.round.id, manager);
      const result = await work(manager, locked);
      const after = await this.rounds.questions(locked.round.id, manager);
      await this.audit.record(manager, { actorId: target.actorId, action, entityType: 'round', entityId: locked.round.id, before: { questions: before }, after: { questions: after } });
      return result;
    });
  }
}

/** The question's place on the form, or a 404 if the round has no such question. */
function known(ids: string[], questionId: string): number {
  const index = ids.indexOf(questionId);
  if (index < 0) throw new FundsException(FundsErrorCode.NotFound, 'funds.questions.notFound');
  return index;
}
