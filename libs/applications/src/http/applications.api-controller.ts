import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Permission, RequirePermission, type Principal } from '@commonpurse/kernel';
import type { Answer, RoundForm } from '../domain/application-form';
import { ApplicationsErrorCode, invalid } from '../domain/applications.exception';
import { ApplicationQueries, type ApplicationView as View } from '../usecases/application-queries';
import { AcceptOfferUseCase } from '../usecases/accept-offer/accept-offer.usecase';
import { AttachFileUseCase } from '../usecases/attach-file/attach-file.usecase';
import { OfferQueries, type OfferView as Offer } from '../usecases/offer-queries';
import { ManageOrganisationUseCase } from '../usecases/manage-organisation/manage-organisation.usecase';
import { SaveSectionUseCase } from '../usecases/save-section/save-section.usecase';
import { ScreenApplicationUseCase } from '../usecases/screen-application/screen-application.usecase';
import { StartApplicationUseCase } from '../usecases/start-application/start-application.usecase';
import { SubmitApplicationUseCase } from '../usecases/submit-application/submit-application.usecase';
import { WithdrawApplicationUseCase } from '../usecases/withdraw-application/withdraw-application.usecase';
import {
  AcceptOfferDto,
  ApplicationView,
  BudgetSectionDto,
  CreatedView,
  DocumentsSectionDto,
  MemberDto,
  OfferView,
  OrganisationDto,
  OrganisationSectionDto,
  ProjectSectionDto,
  QuestionsSectionDto,
  ScreeningDto,
  SubmitDto,
  SubmittedView,
  UpdateOrganisationDto,
  WhereSectionDto,
} from './dto/api.dto';

const APPLY = Permission.ApplicationsApply;
const MANAGE = [Permission.FundsManage, { type: 'fund', param: 'fundId' }] as const;

/** Applications through the JSON API: organisations, drafts section by section, files, submission and screening. */
@ApiTags('applications')
@ApiBearerAuth()
@Controller('api/v1')
export class ApplicationsApiController {
  constructor(
    private readonly queries: ApplicationQueries,
    private readonly organisations: ManageOrganisationUseCase,
    private readonly start: StartApplicationUseCase,
    private readonly save: SaveSectionUseCase,
    private readonly files: AttachFileUseCase,
    private readonly submitApplication: SubmitApplicationUseCase,
    private readonly withdraw: WithdrawApplicationUseCase,
    private readonly screen: ScreenApplicationUseCase,
    private readonly offers: OfferQueries,
    private readonly acceptOffer: AcceptOfferUseCase,
  ) {}

  @Post('organisations')
  @RequirePermission(APPLY)
  @ApiCreatedResponse({ type: CreatedView })
  async createOrganisation(@CurrentPrincipal() principal: Principal, @Body() body: OrganisationDto): Promise<CreatedView> {
    return { id: await this.organisations.create(principal.accountId, profile(body)) };
  }

  @Put('organisations/:id')
  @HttpCode(204)
  @RequirePermission(APPLY)
  async updateOrganisation(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateOrganisationDto): Promise<void> {
    await this.organisations.update(principal.accountId, id, body.version, profile(body));
  }

  @Post('organisations/:id/members')
  @HttpCode(204)
  @RequirePermission(APPLY)
  async addMember(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: MemberDto): Promise<void> {
    await this.organisations.addMember(principal.accountId, id, body.email);
  }

  @Post('organisations/:id/members/:accountId/removal')
  @HttpCode(204)
  @RequirePermission(APPLY)
  async removeMember(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Param('accountId', new ParseUUIDPipe()) accountId: string): Promise<void> {
    await this.organisations.removeMember(principal.accountId, id, accountId);
  }

  @Post('funds/:fundId/rounds/:roundId/applications')
  @RequirePermission(APPLY)
  @ApiCreatedResponse({ type: CreatedView, description: 'A new draft, while the round takes applications' })
  async startApplication(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string): Promise<CreatedView> {
    return { id: await this.start.execute(principal, fundId, roundId) };
  }

  @Get('applications/:id')
  @RequirePermission(APPLY)
  @ApiOkResponse({ type: ApplicationView })
  async get(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string): Promise<ApplicationView> {
    return toView(await this.queries.forApplicant(principal, id));
  }

  @Put('applications/:id/sections/organisation')
  @HttpCode(204)
  @RequirePermission(APPLY)
  async saveOrganisation(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: OrganisationSectionDto): Promise<void> {
    await this.save.organisation(command(principal, id, body), body.organisationId ?? null);
  }

  @Put('applications/:id/sections/project')
  @HttpCode(204)
  @RequirePermission(APPLY)
  async saveProject(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: ProjectSectionDto): Promise<void> {
    await this.save.project(command(principal, id, body), { title: body.title, summary: body.summary, description: body.description, startOn: body.startOn ?? null, endOn: body.endOn ?? null });
  }

  @Put('applications/:id/sections/where')
  @HttpCode(204)
  @RequirePermission(APPLY)
  async saveWhere(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: WhereSectionDto): Promise<void> {
    await this.save.where(command(principal, id, body), { areaCode: body.areaCode?.trim().toUpperCase() || null, lotId: body.lotId ?? null, criterionIds: body.criterionIds });
  }

  @Put('applications/:id/sections/budget')
  @HttpCode(204)
  @RequirePermission(APPLY)
  async saveBudget(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: BudgetSectionDto): Promise<void> {
    await this.save.budget(command(principal, id, body), { amountPence: body.amountPence ?? null, lines: body.lines.map((l) => ({ item: l.item, amountPence: l.amountPence, otherFundingPence: l.otherFundingPence ?? null })) });
  }

  @Put('applications/:id/sections/questions')
  @HttpCode(204)
  @RequirePermission(APPLY)
  async saveQuestions(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: QuestionsSectionDto): Promise<void> {
    const view = await this.queries.forApplicant(principal, id);
    await this.save.questions(command(principal, id, body), typedAnswers(body.answers, view.form));
  }

  @Put('applications/:id/sections/documents')
  @HttpCode(204)
  @RequirePermission(APPLY)
  async saveDocuments(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: DocumentsSectionDto): Promise<void> {
    await this.save.documents(command(principal, id, body));
  }

  @Post('applications/:id/files')
  @RequirePermission(APPLY)
  @ApiConsumes('multipart/form-data')
  @ApiCreatedResponse({ type: CreatedView, description: 'Send the file as the multipart field "file" (10 MB at most; PDF, Word, Excel, OpenDocument, PNG, JPEG, text or CSV)' })
  async upload(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Req() req: Request): Promise<CreatedView> {
    if (req.uploadProblem) throw invalid('file', `applications.files.${req.uploadProblem}`, req.uploadProblem === 'tooLarge' ? ApplicationsErrorCode.TooLarge : ApplicationsErrorCode.Invalid);
    return { id: await this.files.attach(principal, id, req.upload) };
  }

  @Post('applications/:id/submit')
  @HttpCode(200)
  @RequirePermission(APPLY)
  @ApiOkResponse({ type: SubmittedView })
  async submit(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: SubmitDto): Promise<SubmittedView> {
    return this.submitApplication.execute({ person: principal, applicationId: id, declaration: body.declaration });
  }

  @Post('applications/:id/withdraw')
  @HttpCode(204)
  @RequirePermission(APPLY)
  async withdrawApplication(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.withdraw.execute({ person: principal, applicationId: id });
  }

  @Get('applications/:id/offer')
  @RequirePermission(APPLY)
  @ApiOkResponse({ type: OfferView, description: 'The grant offer, in the account’s language, once the application is awarded' })
  async getOffer(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string): Promise<OfferView> {
    return toOfferView(await this.offers.forApplicant(principal, id, principal.language));
  }

  @Post('applications/:id/offer')
  @RequirePermission(APPLY)
  @ApiCreatedResponse({ type: OfferView, description: 'Accepted on behalf of the organisation, once' })
  async postOffer(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: AcceptOfferDto): Promise<OfferView> {
    await this.acceptOffer.execute({ person: principal, applicationId: id, accept: body.accept, offerSha256: body.offerSha256 });
    return toOfferView(await this.offers.forApplicant(principal, id, principal.language));
  }

  @Get('funds/:fundId/rounds/:roundId/applications')
  @RequirePermission(...MANAGE)
  @ApiOkResponse({ type: [ApplicationView], description: 'Submitted applications, for the fund’s managers; filter with status, q (title or reference)' })
  async list(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Query('status') status?: string, @Query('q') q?: string): Promise<Array<Partial<ApplicationView>>> {
    const { applications } = await this.queries.list(fundId, roundId, { status: status as never, search: q?.slice(0, 100) });
    return applications.map((a) => ({ id: a.id, roundId: a.roundId, organisationId: a.organisationId, status: a.status, reference: a.reference, title: a.title, summary: a.summary, amountPence: a.amountPence, criterionIds: a.criterionIds }));
  }

  @Get('funds/:fundId/rounds/:roundId/applications/:applicationId')
  @RequirePermission(...MANAGE)
  @ApiOkResponse({ type: ApplicationView })
  async getForManager(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Param('applicationId', new ParseUUIDPipe()) applicationId: string): Promise<ApplicationView> {
    return toView(await this.queries.forManager(fundId, roundId, applicationId));
  }

  @Post('funds/:fundId/rounds/:roundId/applications/:applicationId/screening')
  @HttpCode(204)
  @RequirePermission(...MANAGE)
  async decide(
    @CurrentPrincipal() principal: Principal,
    @Param('fundId', new ParseUUIDPipe()) fundId: string,
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Param('applicationId', new ParseUUIDPipe()) applicationId: string,
    @Body() body: ScreeningDto,
  ): Promise<void> {
    await this.screen.execute({
      actorId: principal.accountId,
      fundId,
      roundId,
      applicationId,
      decision: body.decision,
      reason: body.reason,
      infoUntil: body.infoUntil ? new Date(body.infoUntil) : null,
      seenUpdatedAt: body.seenUpdatedAt ? new Date(body.seenUpdatedAt) : undefined,
    });
  }
}

function command(person: Principal, applicationId: string, body: { version: number; complete?: boolean }) {
  return { person, applicationId, version: body.version, complete: body.complete ?? false };
}

function profile(body: OrganisationDto) {
  return { ...body, registrationNumber: body.registrationNumber ?? null, addressLine2: body.addressLine2 ?? null, contactPhone: body.contactPhone ?? null };
}

/** Answers as JSON gives them, checked for their type against each question ('invalid' where they are not of it). */
function typedAnswers(answers: Record<string, unknown>, form: RoundForm): Record<string, Answer | 'invalid'> {
  const typed: Record<string, Answer | 'invalid'> = {};
  for (const q of form.questions) {
    const value = answers[q.id];
    if (value === undefined || value === null || value === '') typed[q.id] = null;
    else if (q.type === 'number') typed[q.id] = typeof value === 'number' && Number.isFinite(value) ? value : 'invalid';
    else if (q.type === 'multiple-choice') typed[q.id] = Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : 'invalid';
    else typed[q.id] = typeof value === 'string' ? value : 'invalid';
  }
  return typed;
}

function toView(view: View): ApplicationView {
  const a = view.application;
  return {
    id: a.id,
    roundId: a.roundId,
    organisationId: a.organisationId,
    status: a.status,
    stage: a.stage,
    reference: a.reference,
    title: a.title,
    summary: a.summary,
    description: a.description,
    startOn: a.startOn,
    endOn: a.endOn,
    areaCode: a.areaCode,
    lotId: a.lotId,
    amountPence: a.amountPence,
    criterionIds: view.criterionIds,
    sections: Object.fromEntries(view.sections.map((s) => [s.section, { version: s.version, status: s.status }])),
    answers: view.answers,
    lines: view.lines.map((l) => ({ item: l.item, amountPence: typeof l.amountPence === 'number' ? l.amountPence : null, otherFundingPence: typeof l.otherFundingPence === 'number' ? l.otherFundingPence : null })),
    files: view.files.map((f) => ({ id: f.id, fileName: f.fileName, mimeType: f.mimeType, sizeBytes: f.sizeBytes })),
    eligibility: a.eligibility,
    infoRequestedUntil: a.infoRequestedUntil ? new Date(a.infoRequestedUntil).toISOString() : null,
    decisions: view.decisions.map((d) => ({ decision: d.decision, reason: d.reason, decidedAt: new Date(d.decidedAt).toISOString() })),
    updatedAt: new Date(a.updatedAt).toISOString(),
  };
}

function toOfferView({ award, offer, acceptance }: Offer): OfferView {
  return {
    awardId: award.id,
    amountPence: award.amountPence,
    paidPence: award.paidPence,
    withdrawn: award.withdrawn,
    funders: offer.sections.find((s) => s.key === 'funders')!.lines,
    tranches: award.tranches.map((t) => ({ seq: t.seq, amountPence: t.amountPence, dueOn: t.dueOn, onAcceptance: t.onAcceptance, paid: t.paid })),
    conditionsVersion: offer.conditionsVersion,
    conditions: offer.sections.find((s) => s.key === 'conditions')!.lines,
    language: offer.language,
    text: offer.text,
    offerSha256: offer.sha256,
    acceptance: acceptance && { acceptedBy: acceptance.name, acceptedAt: acceptance.acceptedAt.toISOString(), conditionsSha256: acceptance.conditionsSha256 },
  };
}
