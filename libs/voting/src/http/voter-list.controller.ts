import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Page, Permission, Redirect, RequirePermission, attempt, type Principal } from '@commonpurse/kernel';
import { EXAMPLE_IDENTIFIER, identifierDigest } from '../domain/council-list';
import { ConfirmVoterUseCase } from '../usecases/confirm-voter/confirm-voter.usecase';
import { UploadEligibilityListUseCase } from '../usecases/upload-eligibility-list/upload-eligibility-list.usecase';
import { VotingQueries } from '../usecases/voting-queries';

const LIST = 'manage/funds/:fundId/eligibility-list';
const MANAGE = [Permission.FundsManage, { type: 'fund', param: 'fundId' }] as const;
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The fund's managers' page for the council's list of who may vote: uploading it, and confirming residents against it. */
@ApiExcludeController()
@Controller()
export class VoterListController {
  constructor(
    private readonly queries: VotingQueries,
    private readonly upload: UploadEligibilityListUseCase,
    private readonly confirmVoter: ConfirmVoterUseCase,
  ) {}

  @Get(LIST)
  @RequirePermission(...MANAGE)
  async show(@Param('fundId', new ParseUUIDPipe()) fundId: string): Promise<Page> {
    return this.page(fundId, {});
  }

  @Post(LIST)
  @RequirePermission(...MANAGE)
  async replace(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Req() req: Request): Promise<Page | Redirect> {
    const refused = req.uploadProblem ? { ok: false as const, problems: [{ field: 'file', problem: `voting.list.${req.uploadProblem}` }], status: req.uploadProblem === 'tooLarge' ? 413 : 400 } : undefined;
    const result = refused ?? (await attempt(() => this.upload.execute({ actorId: principal.accountId, fundId, upload: req.upload }), 'file'));
    if (!result.ok) return this.page(fundId, { problems: result.problems }, result.status);
    // Redirected, so that reloading the page does not upload the list again.
    return new Redirect(`/manage/funds/${fundId}/eligibility-list?uploaded=${result.value.identifiers}&duplicates=${result.value.duplicates}`);
  }

  @Post(`${LIST}/confirm`)
  @RequirePermission(...MANAGE)
  async confirm(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const voterEmail = text(body.voterEmail);
    const result = await attempt(() => this.confirmVoter.execute({ actorId: principal.accountId, fundId, voterEmail, identifier: text(body.identifier) }), 'identifier');
    // The identifier is not shown again, even on a refusal: staff type it from what the resident shows them.
    if (!result.ok) return this.page(fundId, { values: { voterEmail }, problems: result.problems }, result.status);
    return new Redirect(`/manage/funds/${fundId}/eligibility-list?confirmed=1#confirm`);
  }

  private async page(fundId: string, extra: Record<string, unknown>, status = 200): Promise<Page> {
    return new Page('voting/eligibility-list', { l: await this.queries.eligibilityList(fundId), exampleDigest: identifierDigest(EXAMPLE_IDENTIFIER), values: {}, ...extra }, status);
  }
}
