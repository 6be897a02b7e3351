import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { ResidentDirectory } from '@commonpurse/identity';
import type { Principal } from '@commonpurse/kernel';
import { NotificationEvent, Notifier } from '@commonpurse/notifications';
import { ApplicationsErrorCode, ApplicationsException, invalid } from '../../domain/applications.exception';
import { ApplicationRepository } from '../../persistence/application.repository';
import { OrganisationRepository } from '../../persistence/organisation.repository';
import { QuestionRepository, type QuestionRow } from '../../persistence/question.repository';
import { ApplicationAccess } from '../application-access';

/**
 * The community panel's questions to an applicant. The panel asks (libs/deliberation checks who
 * may, then calls `ask`); the organisation's members are told by email and answer through their
 * application's pages; the answers appear in the panel's discussion. Questions and answers are
 * never edited afterwards: they are part of what the panel decided on.
 */
@Injectable()
export class PanelQuestionsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ApplicationAccess,
    private readonly applications: ApplicationRepository,
    private readonly organisations: OrganisationRepository,
    private readonly questions: QuestionRepository,
    private readonly residents: ResidentDirectory,
    private readonly notifier: Notifier,
    private readonly audit: AuditTrail,
  ) {}

  list(applicationId: string): Promise<QuestionRow[]> {
    return this.questions.forApplication(applicationId);
  }

  /** For the applicant's page: the questions to one of their applications. */
  async forApplicant(person: Principal, applicationId: string): Promise<QuestionRow[]> {
    await this.access.forApplicant(person, applicationId);
    return this.questions.forApplication(applicationId);
  }

  async ask(command: { actorId: string; applicationId: string; question: string }): Promise<string> {
    const question = command.question.trim();
    if (question === '') throw invalid('question', 'applications.questions.questionRequired');
    if (question.length > 1000) throw invalid('question', 'applications.questions.questionTooLong');
    const found = await this.applications.find(command.applicationId);
    if (!found || found.reference === null) throw new ApplicationsException(ApplicationsErrorCode.NotFound, 'applications.notFound');
    const members = found.organisationId ? await this.organisations.members(found.organisationId) : [found.createdBy];
    const people = await this.residents.byIds(members);
    return this.dataSource.transaction(async (manager) => {
      const application = (await this.applications.lock(manager, command.applicationId))!;
      const id = await this.questions.insert(manager, application.id, question, command.actorId);
      await this.audit.record(manager, { actorId: command.actorId, action: 'applications.panel-question', entityType: 'application', entityId: application.id, before: null, after: { questionId: id } });
      await this.notifier.notify(
        manager,
        people.map((person) => ({
          event: NotificationEvent.PanelQuestion,
          eventId: `${application.id}:question-${id}`,
          recipient: { accountId: person.accountId, email: person.email, language: person.language, name: person.name },
          payload: { reference: application.reference, title: application.title, question, applicationPath: `/applications/${application.id}/questions` },
        })),
      );
      return id;
    });
  }

  async answer(command: { person: Principal; applicationId: string; questionId: string; answer: string }): Promise<void> {
    const answer = command.answer.trim();
    if (answer === '') throw invalid(`answer-${command.questionId}`, 'applications.questions.answerRequired');
    if (answer.length > 4000) throw invalid(`answer-${command.questionId}`, 'applications.questions.answerTooLong');
    await this.access.changeAsApplicant(command.person, command.applicationId, async ({ application }, manager) => {
      if (application.status === 'withdrawn') throw new ApplicationsException(ApplicationsErrorCode.Closed, 'applications.closed.withdrawn', [{ field: 'application', problem: 'applications.closed.withdrawn' }]);
      const question = await this.questions.lock(manager, application.id, command.questionId);
      if (!question) throw new ApplicationsException(ApplicationsErrorCode.NotFound, 'applications.questions.notFound');
      if (question.answer !== null) throw new ApplicationsException(ApplicationsErrorCode.Conflict, 'applications.questions.alreadyAnswered', [{ field: `answer-${question.id}`, problem: 'applications.questions.alreadyAnswered' }]);
      await this.questions.answer(manager, question.id, answer, command.person.accountId);
      await this.audit.record(manager, { actorId: command.person.accountId, action: 'applications.panel-answer', entityType: 'application', entityId: application.id, before: null, after: { questionId: question.id } });
    });
  }
}
