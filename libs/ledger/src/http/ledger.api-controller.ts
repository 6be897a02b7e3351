import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission, RequirePermission, type Principal } from '@commonpurse/kernel';
import { isCalendarDay } from '../domain/dates';
import { LedgerException, LedgerRefusal } from '../domain/ledger.exception';
import { CloseBooksUseCase } from '../usecases/close-books/close-books.usecase';
import { LedgerQueries } from '../usecases/ledger-queries';
import { RecordPaymentUseCase } from '../usecases/record-payment/record-payment.usecase';
import { ReturnMoneyUseCase } from '../usecases/return-money/return-money.usecase';
import { ReverseTransactionUseCase } from '../usecases/reverse-transaction/reverse-transaction.usecase';
import { ScheduleTranchesUseCase } from '../usecases/schedule-tranches/schedule-tranches.usecase';
import { PaymentDto, ReasonDto, ReturnDto, TranchesDto } from './dto/api.dto';

const READ = [Permission.LedgerRead, { type: 'fund', param: 'fundId' }] as const;
const MANAGE = [Permission.FundsManage, { type: 'fund', param: 'fundId' }] as const;
const FUND = 'funds/:fundId';

/**
 * A fund's books through the JSON API: its money at any date, accounts, transactions with their
 * hashes, awards, the verification of its chain; and the fund managers' postings (payments,
 * withdrawals, returns, corrections) and awards' tranche schedules. Reading needs `ledger:read` (fund managers, auditors).
 */
@ApiTags('ledger')
@ApiBearerAuth()
@Controller('api/v1')
export class LedgerApiController {
  constructor(
    private readonly queries: LedgerQueries,
    private readonly payments: RecordPaymentUseCase,
    private readonly reversals: ReverseTransactionUseCase,
    private readonly returns: ReturnMoneyUseCase,
    private readonly closeBooks: CloseBooksUseCase,
    private readonly schedules: ScheduleTranchesUseCase,
  ) {}

  @Get(`${FUND}/ledger`)
  @RequirePermission(...READ)
  async money(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Query('on') on?: string) {
    if (on !== undefined) checkDay(on);
    return this.queries.money(fundId, on);
  }

  @Get(`${FUND}/ledger/balances`)
  @RequirePermission(...READ)
  async balances(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Query('on') on?: string) {
    if (on !== undefined) checkDay(on);
    return { on: on ?? null, accounts: await this.queries.balances(fundId, on) };
  }

  @Get(`${FUND}/ledger/transactions`)
  @RequirePermission(...READ)
  async transactions(@Param('fundId', new ParseUUIDPipe()) fundId: string) {
    return { transactions: await this.queries.transactions(fundId) };
  }

  @Get(`${FUND}/ledger/verification`)
  @RequirePermission(...READ)
  async verification(@Param('fundId', new ParseUUIDPipe()) fundId: string) {
    return this.queries.verify(fundId);
  }

  @Get(`${FUND}/awards`)
  @RequirePermission(...READ)
  async awards(@Param('fundId', new ParseUUIDPipe()) fundId: string) {
    return { awards: await this.queries.awards(fundId) };
  }

  @Get(`${FUND}/awards/:awardId`)
  @RequirePermission(...READ)
  async award(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('awardId', new ParseUUIDPipe()) awardId: string) {
    const award = await this.queries.award(awardId);
    if (!award || award.fundId !== fundId) throw new LedgerException(LedgerRefusal.NotFound, 'award', 'ledger.award.notFound');
    return award;
  }

  /** Once per award, before the grantee accepts; the same schedule again answers with it. */
  @Put(`${FUND}/awards/:awardId/tranches`)
  @RequirePermission(...MANAGE)
  async schedule(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('awardId', new ParseUUIDPipe()) awardId: string, @Body() body: TranchesDto) {
    return this.schedules.execute({ actorId: principal.accountId, fundId, awardId, tranches: body.tranches.map((t) => ({ amountPence: t.amountPence, dueOn: t.dueOn })) });
  }

  @Post(`${FUND}/awards/:awardId/payments`)
  @RequirePermission(...MANAGE)
  async pay(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('awardId', new ParseUUIDPipe()) awardId: string, @Body() body: PaymentDto) {
    return this.payments.execute({ actorId: principal.accountId, fundId, awardId, ...body });
  }

  @Post(`${FUND}/awards/:awardId/withdrawal`)
  @RequirePermission(...MANAGE)
  async withdraw(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('awardId', new ParseUUIDPipe()) awardId: string, @Body() body: ReasonDto) {
    return this.reversals.withdrawAward({ actorId: principal.accountId, fundId, awardId, reason: body.reason });
  }

  @Post(`${FUND}/ledger/transactions/:transactionId/reversal`)
  @RequirePermission(...MANAGE)
  async reverse(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('transactionId', new ParseUUIDPipe()) transactionId: string, @Body() body: ReasonDto) {
    return this.reversals.reverse({ actorId: principal.accountId, fundId, transactionId, reason: body.reason });
  }

  /** Closes the books for good, once everything is paid out or returned; nothing can be posted after. */
  @Post(`${FUND}/ledger/closure`)
  @HttpCode(204)
  @RequirePermission(...MANAGE)
  async close(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Body() body: ReasonDto): Promise<void> {
    await this.closeBooks.execute({ actorId: principal.accountId, fundId, reason: body.reason });
  }

  @Post(`${FUND}/ledger/returns`)
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'The same key again returns the first return, not a second one' })
  @RequirePermission(...MANAGE)
  async returnMoney(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Body() body: ReturnDto, @Headers('idempotency-key') key?: string) {
    return this.returns.execute({ actorId: principal.accountId, fundId, ...body, idempotencyKey: key ?? '' });
  }
}

/** Balances on a day: any real day, past or future. */
function checkDay(on: string): void {
  if (!isCalendarDay(on)) throw new LedgerException(LedgerRefusal.Invalid, 'on', 'ledger.date.notReal');
}
