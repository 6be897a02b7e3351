import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Permission, RequirePermission, type Principal } from '@commonpurse/kernel';
import { ConfirmVoterUseCase } from '../usecases/confirm-voter/confirm-voter.usecase';
import { UploadEligibilityListUseCase, type UploadedList } from '../usecases/upload-eligibility-list/upload-eligibility-list.usecase';
import { refuse, VotingRefusal } from '../usecases/voting-refused';
import { VotingQueries } from '../usecases/voting-queries';
import { VoterConfirmationDto } from './dto/api.dto';

const MANAGE = [Permission.FundsManage, { type: 'fund', param: 'fundId' }] as const;

/** The council's list of who may vote through the JSON API: what is uploaded, replacing it, and confirming a resident against it. */
@ApiTags('voting')
@ApiBearerAuth()
@Controller('api/v1/funds/:fundId')
export class VoterListApiController {
  constructor(
    private readonly queries: VotingQueries,
    private readonly upload: UploadEligibilityListUseCase,
    private readonly confirmVoter: ConfirmVoterUseCase,
  ) {}

  @Get('eligibility-list')
  @RequirePermission(...MANAGE)
  async show(@Param('fundId', new ParseUUIDPipe()) fundId: string) {
    const { list, confirmations } = await this.queries.eligibilityList(fundId);
    return { list: list ? { identifiers: list.identifiers, fileSha256: list.fileSha256, fileName: list.fileName, version: list.version, uploadedAt: list.uploadedAt } : null, confirmations };
  }

  @Put('eligibility-list')
  @RequirePermission(...MANAGE)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary', description: 'CSV: one SHA-256 a line, or a header with an identifier_sha256 column' } } } })
  async replace(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Req() req: Request): Promise<UploadedList> {
    if (req.uploadProblem) throw refuse(VotingRefusal.Invalid, 'file', `voting.list.${req.uploadProblem}`);
    return this.upload.execute({ actorId: principal.accountId, fundId, upload: req.upload });
  }

  @Post('voter-confirmations')
  @HttpCode(201)
  @RequirePermission(...MANAGE)
  async confirm(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Body() body: VoterConfirmationDto): Promise<{ confirmed: true }> {
    await this.confirmVoter.execute({ actorId: principal.accountId, fundId, voterEmail: body.voterEmail, identifier: body.identifier });
    return { confirmed: true };
  }
}
