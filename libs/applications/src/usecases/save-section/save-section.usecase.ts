import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isUuid, type Principal } from '@commonpurse/kernel';
import { blocking, checkAnswers, checkBudget, checkProject, checkWhere, type Answer, type BudgetAnswers, type Problem, type ProjectAnswers, type Section, type WhereAnswers } from '../../domain/application-form';
import { drafting } from '../../domain/application-status';
import { ApplicationsErrorCode, ApplicationsException, invalid } from '../../domain/applications.exception';
import { ApplicationRepository } from '../../persistence/application.repository';
import { OrganisationRepository } from '../../persistence/organisation.repository';
import { ApplicationAccess, type ApplicationInRound } from '../application-access';
import { Assessment } from '../assessment';

export interface SaveCommand {
  person: Principal;
  applicationId: string;
  /** The section's version the editor saw when they opened it. */
  version: number;
  /** Save and mark complete (checked in full), rather than keep as a draft (checked for shape only). */
  complete: boolean;
}

/**
 * Saves one section of an application. Every save is checked for the shape of what was typed;
 * marking a section complete also needs everything it asks for. A submitted application must
 * stay complete, so its sections can only be saved complete. If a co-editor saved the same
 * section since this person opened it, nothing is written and they are told (409).
 */
@Injectable()
export class SaveSectionUseCase {
  constructor(
    private readonly access: ApplicationAccess,
    private readonly applications: ApplicationRepository,
    private readonly organisations: OrganisationRepository,
    private readonly assessment: Assessment,
  ) {}

  organisation(command: SaveCommand, organisationId: string | null): Promise<void> {
    return this.save(command, 'organisation', async (manager, { application }) => {
      const problems: Problem[] = [];
      if (!organisationId) problems.push({ field: 'organisationId', problem: 'applications.form.organisationMissing', kind: 'incomplete' });
      else if (!isUuid(organisationId)) problems.push({ field: 'organisationId', problem: 'applications.form.organisationNotYours', kind: 'malformed' });
      else if (!(await this.organisations.isMember(organisationId, command.person.accountId, manager))) problems.push({ field: 'organisationId', problem: 'applications.form.organisationNotYours', kind: 'malformed' });
      // Whoever applies for an organisation must belong to it, so the draft cannot be handed to strangers.
      if (application.organisationId && application.organisationId !== organisationId && !(await this.organisations.isMember(application.organisationId, command.person.accountId, manager))) {
        problems.push({ field: 'organisationId', problem: 'applications.form.organisationNotYours', kind: 'malformed' });
      }
      return { problems, write: () => this.applications.setOrganisation(manager, application.id, organisationId) };
    });
  }

  project(command: SaveCommand, answers: ProjectAnswers): Promise<void> {
    return this.save(command, 'project', async (manager, { application }) => ({
      problems: checkProject(answers),
      write: () =>
        this.applications.saveProject(manager, application.id, {
          title: answers.title.trim(),
          summary: answers.summary.trim(),
          description: answers.description.trim(),
          startOn: answers.startOn === 'invalid' ? null : answers.startOn,
          endOn: answers.endOn === 'invalid' ? null : answers.endOn,
        }),
    }));
  }

  where(command: SaveCommand, answers: WhereAnswers): Promise<void> {
    return this.save(command, 'where', async (manager, { application, form }) => {
      // With lots by area, the lot says where the project is.
      const lot = form.lots.find((l) => l.id === answers.lotId);
      const areaCode = form.lots.length > 0 ? (lot?.areaCode ?? null) : answers.areaCode;
      return { problems: checkWhere(answers, form), write: () => this.applications.saveWhere(manager, application.id, { areaCode, lotId: form.lots.length > 0 ? answers.lotId : null, criterionIds: answers.criterionIds }) };
    });
  }

  budget(command: SaveCommand, answers: BudgetAnswers): Promise<void> {
    return this.save(command, 'budget', async (manager, { application, form }) => ({
      problems: checkBudget(answers, form),
      write: () =>
        this.applications.saveBudget(
          manager,
          application.id,
          typeof answers.amountPence === 'number' ? answers.amountPence : null,
          answers.lines.map((l) => ({ item: l.item.trim(), amountPence: typeof l.amountPence === 'number' ? l.amountPence : null, otherFundingPence: typeof l.otherFundingPence === 'number' ? l.otherFundingPence : null })),
        ),
    }));
  }

  questions(command: SaveCommand, answers: Record<string, Answer | 'invalid'>): Promise<void> {
    return this.save(command, 'questions', async (manager, { application, form }) => {
      const fileIds = (await this.applications.files(application.id, manager)).map((f) => f.id);
      const known = Object.fromEntries(form.questions.map((q) => [q.id, answers[q.id] === 'invalid' ? null : (answers[q.id] ?? null)])) as Record<string, Answer>;
      return { problems: checkAnswers(answers, form, fileIds), write: () => this.applications.saveAnswers(manager, application.id, known) };
    });
  }

  /** Supporting documents are optional: the section is complete when the applicant says so. */
  documents(command: SaveCommand): Promise<void> {
    return this.save(command, 'documents', async () => ({ problems: [], write: async () => undefined }));
  }

  private async save(command: SaveCommand, section: Section, prepare: (manager: EntityManager, found: ApplicationInRound) => Promise<{ problems: Problem[]; write: () => Promise<void> }>): Promise<void> {
    await this.access.changeAsApplicant(command.person, command.applicationId, async (found, manager) => {
      this.access.assertEditable(found);
      if (!(await this.applications.sections(found.application.id, manager)).some((s) => s.section === section)) {
        throw new ApplicationsException(ApplicationsErrorCode.NotFound, 'applications.form.noSuchSection');
      }
      const { problems, write } = await prepare(manager, found);
      const mustComplete = command.complete || !drafting(found.application.status);
      const refused = mustComplete ? problems : blocking(problems);
      if (refused.length > 0) throw new ApplicationsException(ApplicationsErrorCode.Invalid, refused[0].problem, refused.map(({ field, problem }) => ({ field, problem })));
      if (!(await this.applications.bumpSection(manager, found.application.id, section, command.version, problems.length === 0 && mustComplete, command.person.accountId))) {
        throw invalid('version', 'applications.form.changedMeanwhile', ApplicationsErrorCode.Conflict);
      }
      await write();
      // Once submitted, what the officer screens follows every change, and a screened one is screened again.
      if (!drafting(found.application.status)) {
        await this.applications.backToSubmitted(manager, found.application.id);
        await this.assessment.record(manager, found);
      }
    });
  }
}
