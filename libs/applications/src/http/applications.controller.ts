import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { FundQueries } from '@commonpurse/funds';
import { CurrentPrincipal, Page, Permission, PublicRoute, Redirect, RequirePermission, attempt, isUuid, type FieldProblem, type Principal } from '@commonpurse/kernel';
import { sectionsFor, type Section } from '../domain/application-form';
import { ApplicationsErrorCode, ApplicationsException } from '../domain/applications.exception';
import { MAX_FILE_BYTES } from '../domain/file-types';
import { ApplicationQueries, type ApplicationView } from '../usecases/application-queries';
import { AcceptOfferUseCase } from '../usecases/accept-offer/accept-offer.usecase';
import { AttachFileUseCase } from '../usecases/attach-file/attach-file.usecase';
import { OfferQueries } from '../usecases/offer-queries';
import { SaveSectionUseCase } from '../usecases/save-section/save-section.usecase';
import { StartApplicationUseCase } from '../usecases/start-application/start-application.usecase';
import { SubmitApplicationUseCase } from '../usecases/submit-application/submit-application.usecase';
import { PanelQuestionsUseCase } from '../usecases/panel-questions/panel-questions.usecase';
import { WithdrawApplicationUseCase } from '../usecases/withdraw-application/withdraw-application.usecase';
import { sendFile } from './download';
import { formValues, readAnswers, readBudget, readProject, readWhere, text, typedValues } from './section-forms';

const APPLY = Permission.ApplicationsApply;
const SECTION_PATH = 'applications/:id/sections/:section';

/**
 * Applying, for residents: the task list, a page per section (each saves as a draft or marks the
 * section complete), files, check your answers and submit, the confirmation, withdrawal, and the
 * grant offer once awarded. Every page works as a plain form post.
 */
@ApiExcludeController()
@Controller()
export class ApplicationsController {
  constructor(
    private readonly funds: FundQueries,
    private readonly queries: ApplicationQueries,
    private readonly start: StartApplicationUseCase,
    private readonly save: SaveSectionUseCase,
    private readonly files: AttachFileUseCase,
    private readonly submitApplication: SubmitApplicationUseCase,
    private readonly withdraw: WithdrawApplicationUseCase,
    private readonly panelQuestions: PanelQuestionsUseCase,
    private readonly offers: OfferQueries,
    private readonly acceptOffer: AcceptOfferUseCase,
  ) {}

  private async questionsPage(principal: Principal, id: string, extra: Record<string, unknown>, status = 200): Promise<Page> {
    const [view, questions] = await Promise.all([this.queries.forApplicant(principal, id), this.panelQuestions.forApplicant(principal, id)]);
    return new Page('applications/questions', { view, questions, values: {}, ...extra }, status);
  }

  @Get('funds/:slug/rounds/:round/apply')
  @PublicRoute()
  async showStart(@Param('slug') slug: string, @Param('round') round: string, @CurrentPrincipal() principal?: Principal): Promise<Page> {
    return new Page('applications/start', { round: await this.funds.round(slug, round), signedIn: !!principal });
  }

  @Post('funds/:slug/rounds/:round/apply')
  @RequirePermission(APPLY)
  async submitStart(@Param('slug') slug: string, @Param('round') round: string, @CurrentPrincipal() principal: Principal): Promise<Page | Redirect> {
    const result = await attempt(() => this.start.execute(principal, slug, round), 'application');
    if (!result.ok) return new Page('applications/start', { round: await this.funds.round(slug, round), signedIn: true, problems: result.problems }, result.status);
    return new Redirect(`/applications/${result.value}`);
  }

  @Get('applications')
  @RequirePermission(APPLY)
  async mine(@CurrentPrincipal() principal: Principal): Promise<Page> {
    return new Page('applications/mine', await this.queries.mine(principal));
  }

  @Get('applications/:id')
  @RequirePermission(APPLY)
  async taskList(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal): Promise<Page> {
    const [view, questions] = await Promise.all([this.queries.forApplicant(principal, id), this.panelQuestions.forApplicant(principal, id)]);
    return new Page('applications/task-list', { view, questions, award: await this.offers.awardOf(id) });
  }

  @Get('applications/:id/questions')
  @RequirePermission(APPLY)
  async questions(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal): Promise<Page> {
    return this.questionsPage(principal, id, {});
  }

  @Post('applications/:id/questions/:questionId')
  @RequirePermission(APPLY)
  async answer(@Param('id', new ParseUUIDPipe()) id: string, @Param('questionId', new ParseUUIDPipe()) questionId: string, @CurrentPrincipal() principal: Principal, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const result = await attempt(() => this.panelQuestions.answer({ person: principal, applicationId: id, questionId, answer: text(body.answer) }), `answer-${questionId}`);
    if (!result.ok) return this.questionsPage(principal, id, { values: { [questionId]: text(body.answer) }, problems: result.problems }, result.status);
    return new Redirect(`/applications/${id}/questions?sent=1`);
  }

  @Get(SECTION_PATH)
  @RequirePermission(APPLY)
  async showSection(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('section') section: string,
    @CurrentPrincipal() principal: Principal,
    @Query('chosen') chosen?: string,
  ): Promise<Page> {
    const view = await this.queries.forApplicant(principal, id);
    // Coming back from making a new organisation: it is the one chosen (until saved, nothing changes).
    const values = { ...formValues(view), ...(chosen && isUuid(chosen) ? { organisationId: chosen } : {}) };
    return this.sectionPage(view, knownSection(view, section), values, principal, [], 200);
  }

  @Post(SECTION_PATH)
  @RequirePermission(APPLY)
  async saveSection(@Param('id', new ParseUUIDPipe()) id: string, @Param('section') section: string, @CurrentPrincipal() principal: Principal, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const view = await this.queries.forApplicant(principal, id);
    const name = knownSection(view, section);
    const command = { person: principal, applicationId: id, version: Number(text(body.version)) || 0, complete: text(body.action) !== 'draft' };
    const result = await attempt(() => {
      switch (name) {
        case 'organisation':
          return this.save.organisation(command, text(body.organisationId) || null);
        case 'project':
          return this.save.project(command, readProject(body));
        case 'where':
          return this.save.where(command, readWhere(body));
        case 'budget':
          return this.save.budget(command, readBudget(body));
        case 'questions':
          return this.save.questions(command, readAnswers(body, view.form));
        case 'documents':
          return this.save.documents(command);
      }
    }, 'application');
    if (!result.ok) return this.sectionPage(view, name, typedValues(body, view.form), principal, result.problems, result.status);
    return new Redirect(`/applications/${id}`);
  }

  // --- the grant offer ---

  @Get('applications/:id/offer')
  @RequirePermission(APPLY)
  async offer(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<Page> {
    return new Page('applications/offer', { ...(await this.offers.forApplicant(principal, id, req.language ?? 'en')) });
  }

  @Post('applications/:id/offer')
  @RequirePermission(APPLY)
  async accept(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const result = await attempt(() => this.acceptOffer.execute({ person: principal, applicationId: id, accept: text(body.accept) === 'yes', offerSha256: text(body.offerSha256) }), 'offer');
    // Shown again as it reads now: if it changed, that is the offer to read.
    if (!result.ok) return new Page('applications/offer', { ...(await this.offers.forApplicant(principal, id, req.language ?? 'en')), problems: result.problems }, result.status);
    return new Redirect(`/applications/${id}/offer?accepted=1`);
  }

  // --- files ---

  @Post('applications/:id/files')
  @RequirePermission(APPLY)
  async upload(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<Page | Redirect> {
    const refused = req.uploadProblem ? { ok: false as const, problems: [{ field: 'file', problem: `applications.files.${req.uploadProblem}` }], status: req.uploadProblem === 'tooLarge' ? 413 : 400 } : undefined;
    const result = refused ?? (await attempt(() => this.files.attach(principal, id, req.upload), 'file'));
    const back = text((req.body as Record<string, unknown>)?.returnTo) === 'questions' ? 'questions' : 'documents';
    if (!result.ok) {
      const view = await this.queries.forApplicant(principal, id);
      return this.sectionPage(view, knownSection(view, back), formValues(view), principal, result.problems, result.status);
    }
    return new Redirect(`/applications/${id}/sections/${back}#files`);
  }

  @Post('applications/:id/files/:fileId/remove')
  @RequirePermission(APPLY)
  async removeFile(@Param('id', new ParseUUIDPipe()) id: string, @Param('fileId', new ParseUUIDPipe()) fileId: string, @CurrentPrincipal() principal: Principal): Promise<Page | Redirect> {
    const result = await attempt(() => this.files.remove(principal, id, fileId), 'file');
    if (!result.ok) {
      const view = await this.queries.forApplicant(principal, id);
      return this.sectionPage(view, 'documents', formValues(view), principal, result.problems, result.status);
    }
    return new Redirect(`/applications/${id}/sections/documents#files`);
  }

  @Get('applications/:id/files/:fileId')
  @RequirePermission(APPLY)
  async download(@Param('id', new ParseUUIDPipe()) id: string, @Param('fileId', new ParseUUIDPipe()) fileId: string, @CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    const view = await this.queries.forApplicant(principal, id);
    sendFile(res, await this.files.read(view.files, fileId));
  }

  // --- check, submit, confirmation, withdrawal ---

  @Get('applications/:id/check')
  @RequirePermission(APPLY)
  async check(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal): Promise<Page> {
    return new Page('applications/check', { view: await this.queries.forApplicant(principal, id) });
  }

  @Post('applications/:id/submit')
  @RequirePermission(APPLY)
  async submit(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const result = await attempt(() => this.submitApplication.execute({ person: principal, applicationId: id, declaration: text(body.declaration) === 'yes' }), 'declaration');
    if (!result.ok) return new Page('applications/check', { view: await this.queries.forApplicant(principal, id), problems: result.problems }, result.status);
    return new Redirect(`/applications/${id}/submitted`);
  }

  @Get('applications/:id/submitted')
  @RequirePermission(APPLY)
  async submitted(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal): Promise<Page | Redirect> {
    const view = await this.queries.forApplicant(principal, id);
    if (!view.application.reference) return new Redirect(`/applications/${id}`);
    return new Page('applications/submitted', { view });
  }

  @Get('applications/:id/withdraw')
  @RequirePermission(APPLY)
  async showWithdraw(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal): Promise<Page> {
    return new Page('applications/withdraw', { view: await this.queries.forApplicant(principal, id) });
  }

  @Post('applications/:id/withdraw')
  @RequirePermission(APPLY)
  async submitWithdraw(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal): Promise<Page | Redirect> {
    const result = await attempt(() => this.withdraw.execute({ person: principal, applicationId: id }), 'application');
    if (!result.ok) return new Page('applications/withdraw', { view: await this.queries.forApplicant(principal, id), problems: result.problems }, result.status);
    return new Redirect(`/applications/${id}`);
  }

  private async sectionPage(view: ApplicationView, section: Section, values: Record<string, unknown>, principal: Principal, problems: FieldProblem[], status: number): Promise<Page> {
    const current = view.sections.find((s) => s.section === section)!;
    const organisations = section === 'organisation' ? await this.queries.organisationsOf(principal) : [];
    return new Page(`applications/sections/${section}`, { view, section, version: current.version, values, organisations, problems, maxFileMegabytes: MAX_FILE_BYTES / 1024 / 1024 }, status);
  }
}

/** One of this application's sections, or a 404. */
function knownSection(view: ApplicationView, name: string): Section {
  if (!(sectionsFor(view.form, view.application.stage) as string[]).includes(name)) throw new ApplicationsException(ApplicationsErrorCode.NotFound, 'applications.form.noSuchSection');
  return name as Section;
}
