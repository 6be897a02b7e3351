import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CurrentPrincipal, Page, Permission, Redirect, RequirePermission, attempt, isUuid, type Principal } from '@commonpurse/kernel';
import { ORGANISATION_TYPES } from '../domain/applicant-organisation';
import { ApplicationsErrorCode, ApplicationsException } from '../domain/applications.exception';
import { ApplicationQueries } from '../usecases/application-queries';
import { ManageOrganisationUseCase } from '../usecases/manage-organisation/manage-organisation.usecase';
import { readOrganisation, text } from './section-forms';

/** The organisations residents apply for: create one (often on the way through an application), change it, add co-editors. */
@ApiExcludeController()
@Controller('organisations')
export class OrganisationsController {
  constructor(
    private readonly queries: ApplicationQueries,
    private readonly organisations: ManageOrganisationUseCase,
  ) {}

  @Get('new')
  @RequirePermission(Permission.ApplicationsApply)
  showCreate(@Query('application') application?: string): Page {
    return new Page('applications/organisation-form', { organisation: null, values: { type: '' }, types: ORGANISATION_TYPES, application: isUuid(application ?? '') ? application : null });
  }

  @Post()
  @RequirePermission(Permission.ApplicationsApply)
  async create(@CurrentPrincipal() principal: Principal, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const application = isUuid(text(body.application)) ? text(body.application) : null;
    const result = await attempt(() => this.organisations.create(principal.accountId, readOrganisation(body)), 'name');
    if (!result.ok) return new Page('applications/organisation-form', { organisation: null, values: body, types: ORGANISATION_TYPES, application, problems: result.problems }, result.status);
    // Back to the application it was made for, with the new organisation chosen.
    return new Redirect(application ? `/applications/${application}/sections/organisation?chosen=${result.value}` : `/organisations/${result.value}`);
  }

  @Get(':id')
  @RequirePermission(Permission.ApplicationsApply)
  async show(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal): Promise<Page> {
    return this.page(principal, id, {}, [], 200);
  }

  /** The organisation's page: its profile form, its members and the form to add one. */
  private async page(principal: Principal, id: string, values: Record<string, unknown>, problems: Array<{ field: string; problem: string }>, status: number): Promise<Page> {
    const organisation = await this.queries.organisation(principal, id);
    if (!organisation) throw new ApplicationsException(ApplicationsErrorCode.NotFound, 'applications.organisation.notFound');
    const members = await this.queries.membersOf(id);
    return new Page('applications/organisation-form', { organisation, members, me: principal.accountId, values: { ...organisation, ...values }, types: ORGANISATION_TYPES, application: null, problems }, status);
  }

  @Post(':id')
  @RequirePermission(Permission.ApplicationsApply)
  async update(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const result = await attempt(() => this.organisations.update(principal.accountId, id, Number(text(body.version)) || 0, readOrganisation(body)), 'name');
    if (!result.ok) return this.page(principal, id, body, result.problems, result.status);
    return new Redirect('/applications');
  }

  @Post(':id/members/:accountId/removal')
  @RequirePermission(Permission.ApplicationsApply)
  async removeMember(@Param('id', new ParseUUIDPipe()) id: string, @Param('accountId', new ParseUUIDPipe()) accountId: string, @CurrentPrincipal() principal: Principal): Promise<Page | Redirect> {
    const result = await attempt(() => this.organisations.removeMember(principal.accountId, id, accountId), 'email');
    if (!result.ok) return this.page(principal, id, {}, result.problems.map((p) => ({ ...p, field: 'email' })), result.status);
    return new Redirect(accountId === principal.accountId ? '/applications' : `/organisations/${id}#members`);
  }

  @Post(':id/members')
  @RequirePermission(Permission.ApplicationsApply)
  async addMember(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const email = text(body.email).trim();
    const result = email ? await attempt(() => this.organisations.addMember(principal.accountId, id, email), 'email') : { ok: false as const, problems: [{ field: 'email', problem: 'applications.organisation.memberEmailMissing' }], status: 400 };
    if (!result.ok) return this.page(principal, id, { email }, result.problems, result.status);
    return new Redirect(`/organisations/${id}#members`);
  }
}
