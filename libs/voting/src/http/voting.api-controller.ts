import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Permission, PublicRoute, RequirePermission, Translator, type Principal } from '@commonpurse/kernel';
import { DEFAULT_BALLOT } from '../domain/ballot';
import { CastBallotUseCase } from '../usecases/cast-ballot/cast-ballot.usecase';
import { ConfigureBallotUseCase } from '../usecases/configure-ballot/configure-ballot.usecase';
import { DeclareVoterUseCase } from '../usecases/declare-voter/declare-voter.usecase';
import { EnterPaperBallotUseCase } from '../usecases/enter-paper-ballot/enter-paper-ballot.usecase';
import { KeyPaperBatchUseCase } from '../usecases/key-paper-batch/key-paper-batch.usecase';
import { PaperBatchQueries, type BatchView } from '../usecases/paper-batch-queries';
import { StartPaperBatchUseCase } from '../usecases/start-paper-batch/start-paper-batch.usecase';
import { VotingQueries } from '../usecases/voting-queries';
import { BallotDto, BallotSettingsDto, DateOfBirthDto, PaperBallotDto, PaperBatchDto, PaperBatchKeyingDto } from './dto/api.dto';

const MANAGE = [Permission.FundsManage, { type: 'fund', param: 'fundId' }] as const;
const ROUND = 'funds/:fundId/rounds/:roundId';

/**
 * The public vote through the JSON API: a voter's ballot papers and standing, saving and
 * confirming a ballot (an `Idempotency-Key` header makes a retry the same confirmation), the
 * fund's ballot settings and paper ballots, and checking a receipt.
 */
@ApiTags('voting')
@ApiBearerAuth()
@Controller('api/v1')
export class VotingApiController {
  constructor(
    private readonly queries: VotingQueries,
    private readonly cast: CastBallotUseCase,
    private readonly declare: DeclareVoterUseCase,
    private readonly configure: ConfigureBallotUseCase,
    private readonly paper: EnterPaperBallotUseCase,
    private readonly batches: PaperBatchQueries,
    private readonly startBatch: StartPaperBatchUseCase,
    private readonly keyBatch: KeyPaperBatchUseCase,
  ) {}

  @Put('voter/date-of-birth')
  @HttpCode(204)
  @RequirePermission(Permission.VotingVote)
  async dateOfBirth(@CurrentPrincipal() principal: Principal, @Body() body: DateOfBirthDto): Promise<void> {
    await this.declare.execute({ accountId: principal.accountId, dateOfBirth: body.dateOfBirth });
  }

  @Get(`${ROUND}/ballot`)
  @RequirePermission(Permission.VotingVote)
  async ballot(@CurrentPrincipal() principal: Principal, @Param('fundId') fundId: string, @Param('roundId') roundId: string) {
    const v = await this.queries.forVoter(principal, fundId, roundId);
    return {
      method: v.method,
      settings: { minChoices: v.settings.minChoices, maxChoices: v.settings.maxChoices, points: v.settings.points, maxPointsPerProject: v.settings.maxPointsPerProject, minSpendPercent: v.settings.minSpendPercent, verification: v.settings.verification, lotsPerVoter: v.settings.lotsPerVoter },
      standing: v.standing,
      open: v.open,
      papers: v.papers.map((p) => ({
        lot: p.lotKey || null,
        name: p.name,
        limitPence: p.limitPence,
        projects: p.projects.map((x) => ({ id: x.id, reference: x.reference, title: x.title, summary: x.summary, costPence: x.costPence, rationale: x.rationale })),
        draft: v.mine[p.lotKey]?.draft ?? null,
        confirmed: v.mine[p.lotKey]?.choices ?? null,
        confirmedAt: v.mine[p.lotKey]?.confirmedAt ?? null,
        source: v.mine[p.lotKey]?.source ?? null,
      })),
    };
  }

  @Put(`${ROUND}/ballot/draft`)
  @HttpCode(204)
  @RequirePermission(Permission.VotingVote)
  async draft(@CurrentPrincipal() principal: Principal, @Param('fundId') fundId: string, @Param('roundId') roundId: string, @Body() body: BallotDto): Promise<void> {
    await this.cast.saveDraft({ person: principal, fundKey: fundId, roundKey: roundId, lotKey: body.lot ?? '', given: body.choices });
  }

  @Post(`${ROUND}/ballot`)
  @RequirePermission(Permission.VotingVote)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Any string up to 100 characters; the same key again is the same confirmation' })
  async confirm(@CurrentPrincipal() principal: Principal, @Param('fundId') fundId: string, @Param('roundId') roundId: string, @Body() body: BallotDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: Response) {
    const { receipt, repeated } = await this.cast.confirm({ person: principal, fundKey: fundId, roundKey: roundId, lotKey: body.lot ?? '', given: body.choices, idempotencyKey: key });
    res.status(repeated ? 200 : 201);
    return { receipt, repeated };
  }

  @Get(`${ROUND}/receipts/:code`)
  @PublicRoute()
  async receipt(@Param('fundId') fundId: string, @Param('roundId') roundId: string, @Param('code') code: string) {
    const { valid, found, lotName, publishedId } = await this.queries.checkReceipt(fundId, roundId, code);
    return { valid, included: found, lot: lotName, ballotId: found ? publishedId : null };
  }

  @Put(`${ROUND}/ballot-settings`)
  @HttpCode(204)
  @RequirePermission(...MANAGE)
  async settings(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: BallotSettingsDto): Promise<void> {
    const settings = {
      minChoices: body.minChoices,
      maxChoices: body.maxChoices ?? null,
      points: body.points ?? DEFAULT_BALLOT.points,
      maxPointsPerProject: body.maxPointsPerProject ?? null,
      minSpendPercent: body.minSpendPercent ?? 0,
    };
    await this.configure.execute({ actorId: principal.accountId, fundId, roundId, settings, supportThreshold: body.supportThreshold, verification: body.verification, lotsPerVoter: body.lotsPerVoter, seenVersion: body.version });
  }

  @Post(`${ROUND}/paper-ballots`)
  @RequirePermission(...MANAGE)
  async paperBallot(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: PaperBallotDto) {
    return this.paper.execute({ actorId: principal.accountId, fundId, roundId, voterEmail: body.voterEmail, lotKey: body.lot ?? '', given: body.choices });
  }

  @Get(`${ROUND}/paper-batches`)
  @RequirePermission(...MANAGE)
  async paperBatches(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string) {
    return (await this.batches.forRound(fundId, roundId)).batches.map(batchBody);
  }

  @Post(`${ROUND}/paper-batches`)
  @RequirePermission(...MANAGE)
  async startPaperBatch(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() body: PaperBatchDto) {
    const { id } = await this.startBatch.execute({ actorId: principal.accountId, fundId, roundId, lotKey: body.lot ?? '', label: body.label });
    return batchBody(await this.batches.one(fundId, roundId, id));
  }

  @Get(`${ROUND}/paper-batches/:batchId`)
  @RequirePermission(...MANAGE)
  async paperBatch(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Param('batchId', new ParseUUIDPipe()) batchId: string) {
    return batchBody(await this.batches.one(fundId, roundId, batchId));
  }

  /** A keying of the batch; 409 from whoever keyed it already (the second keying is someone else's: re-key yours with PUT). */
  @Post(`${ROUND}/paper-batches/:batchId/keyings`)
  @RequirePermission(...MANAGE)
  async keyPaperBatch(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Param('batchId', new ParseUUIDPipe()) batchId: string, @Body() body: PaperBatchKeyingDto) {
    await this.keyBatch.execute({ actorId: principal.accountId, fundId, roundId, batchId, sheets: typedSheets(body), rekey: false });
    return batchBody(await this.batches.one(fundId, roundId, batchId));
  }

  /** An agreed batch entered, where entering it with its second keying did not finish; 409 if its keyings do not agree. */
  @Post(`${ROUND}/paper-batches/:batchId/entry`)
  @HttpCode(200)
  @RequirePermission(...MANAGE)
  async enterPaperBatch(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Param('batchId', new ParseUUIDPipe()) batchId: string) {
    await this.keyBatch.enter({ actorId: principal.accountId, fundId, roundId, batchId });
    return batchBody(await this.batches.one(fundId, roundId, batchId));
  }

  @Put(`${ROUND}/paper-batches/:batchId/keyings/mine`)
  @RequirePermission(...MANAGE)
  async rekeyPaperBatch(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @Param('batchId', new ParseUUIDPipe()) batchId: string, @Body() body: PaperBatchKeyingDto) {
    await this.keyBatch.execute({ actorId: principal.accountId, fundId, roundId, batchId, sheets: typedSheets(body), rekey: true });
    return batchBody(await this.batches.one(fundId, roundId, batchId));
  }
}

/** The sheets as sent, each named by its place in the list (as a typed line is by its line). */
function typedSheets(body: PaperBatchKeyingDto) {
  return body.sheets.map((s, i) => ({ line: i + 1, sheet: s.sheet, email: s.voterEmail, choices: s.choices.map((c) => ({ reference: c.reference, points: c.points ?? null })) }));
}

function batchBody(b: BatchView) {
  const english = Translator.instance();
  return {
    id: b.id,
    lot: b.lotKey || null,
    lotName: b.lotName,
    label: b.label,
    status: b.status,
    keyings: b.keyings.map((k) => ({ keyedBy: k.keyedBy, name: k.name, keyedAt: k.keyedAt, sheets: k.sheets })),
    mismatches: b.mismatches,
    committedAt: b.committedAt,
    entered: b.entered,
    reported: b.reported.map((r) => ({ sheet: r.sheet, voterEmail: r.email, problem: english.translate('en', r.problem ?? '', r.params) })),
  };
}
