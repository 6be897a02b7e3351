import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { hasPermission } from '@commonpurse/identity';
import { CurrentPrincipal, Page, Permission, Redirect, RequirePermission, attempt, attemptIfValid, type Principal } from '@commonpurse/kernel';
import { LedgerException, LedgerRefusal, RecordPaymentUseCase, ReturnMoneyUseCase, ReverseTransactionUseCase, ScheduleTranchesUseCase } from '@commonpurse/ledger';
import { BooksQueries } from '../usecases/books-queries';
import { TRANCHE_ROWS, onForm, readPayment, readReturn, readTranches, readWithdrawal, text, typedValues, unpaidTranches } from './books-forms';

const READ = [Permission.LedgerRead, { type: 'fund', param: 'fundId' }] as const;
const MANAGE = [Permission.FundsManage, { type: 'fund', param: 'fundId' }] as const;
const BOOKS = 'manage/funds/:fundId/books';
const AWARD = `${BOOKS}/awards/:awardId`;
const REVERSAL = `${BOOKS}/transactions/:transactionId/reversal`;

/**
 * The fund managers' money actions on the books, as plain form posts: an award's page (which
 * auditors may read, without its forms) with its payments, tranches and withdrawal; returning
 * unspent money to a funder; correcting a posting by reversing it. The ledger's use cases decide
 * every refusal; these pages only read the boxes and show what the ledger said beside them.
 */
@ApiExcludeController()
@Controller()
export class BooksManageController {
  constructor(
    private readonly books: BooksQueries,
    private readonly payments: RecordPaymentUseCase,
    private readonly schedules: ScheduleTranchesUseCase,
    private readonly reversals: ReverseTransactionUseCase,
    private readonly returns: ReturnMoneyUseCase,
  ) {}

  @Get(AWARD)
  @RequirePermission(...READ)
  async award(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('awardId', new ParseUUIDPipe()) awardId: string): Promise<Page> {
    return this.awardPage(principal, fundId, awardId, {});
  }

  @Post(`${AWARD}/payments`)
  @RequirePermission(...MANAGE)
  async pay(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('awardId', new ParseUUIDPipe()) awardId: string, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const form = readPayment(body, (await this.loadAward(fundId, awardId)).award);
    const result = await attemptIfValid(form.problems, () => this.payments.execute({ actorId: principal.accountId, fundId, awardId, ...form.fields }), 'amount');
    if (!result.ok) return this.awardPage(principal, fundId, awardId, { values: typedValues(body), problems: onForm(result.problems, form.boxes, 'amount') }, result.status);
    return new Redirect(`/manage/funds/${fundId}/books/awards/${awardId}?saved=payment`);
  }

  @Post(`${AWARD}/tranches`)
  @RequirePermission(...MANAGE)
  async schedule(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('awardId', new ParseUUIDPipe()) awardId: string, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const form = readTranches(body);
    const result = await attemptIfValid(form.problems, () => this.schedules.execute({ actorId: principal.accountId, fundId, awardId, tranches: form.tranches }), 'tranches');
    if (!result.ok) return this.awardPage(principal, fundId, awardId, { values: typedValues(body), problems: onForm(result.problems, form.boxes, 'tranches') }, result.status);
    return new Redirect(`/manage/funds/${fundId}/books/awards/${awardId}?saved=tranches`);
  }

  @Post(`${AWARD}/withdrawal`)
  @RequirePermission(...MANAGE)
  async withdraw(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('awardId', new ParseUUIDPipe()) awardId: string, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const form = readWithdrawal(body);
    const result = await attemptIfValid(form.problems, () => this.reversals.withdrawAward({ actorId: principal.accountId, fundId, awardId, reason: form.reason }), 'reason');
    if (!result.ok) return this.awardPage(principal, fundId, awardId, { values: typedValues(body), problems: onForm(result.problems, form.boxes, 'reason') }, result.status);
    return new Redirect(`/manage/funds/${fundId}/books/awards/${awardId}?saved=withdrawn`);
  }

  /** A fresh idempotency key each time the page is shown: the same form sent twice is one return. */
  @Get(`${BOOKS}/returns`)
  @RequirePermission(...MANAGE)
  async returnForm(@Param('fundId', new ParseUUIDPipe()) fundId: string): Promise<Page> {
    return this.returnPage(fundId, { values: { key: randomUUID() } });
  }

  @Post(`${BOOKS}/returns`)
  @RequirePermission(...MANAGE)
  async returnMoney(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const form = readReturn(body, (await this.books.returnable(fundId)).funders.map((f) => f.id));
    const result = await attemptIfValid(form.problems, () => this.returns.execute({ actorId: principal.accountId, fundId, ...form.fields }), 'organisationId');
    // Shown again with the same key, so the corrected form, however often it is sent, is still one return.
    if (!result.ok) return this.returnPage(fundId, { values: typedValues(body), problems: onForm(result.problems, form.boxes, 'organisationId') }, result.status);
    return new Redirect(`/manage/funds/${fundId}/books?saved=returned`);
  }

  @Get(REVERSAL)
  @RequirePermission(...MANAGE)
  async reversalForm(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('transactionId', new ParseUUIDPipe()) transactionId: string): Promise<Page> {
    return this.reversalPage(fundId, transactionId, {});
  }

  @Post(REVERSAL)
  @RequirePermission(...MANAGE)
  async reverse(@CurrentPrincipal() principal: Principal, @Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('transactionId', new ParseUUIDPipe()) transactionId: string, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const result = await attempt(() => this.reversals.reverse({ actorId: principal.accountId, fundId, transactionId, reason: text(body.reason) }), 'reason');
    if (!result.ok) return this.reversalPage(fundId, transactionId, { values: typedValues(body), problems: onForm(result.problems, { reason: 'reason' }, 'reason') }, result.status);
    return new Redirect(`/manage/funds/${fundId}/books/transactions/${transactionId}/reversal?saved=reversed`);
  }

  private async loadAward(fundId: string, awardId: string) {
    const found = await this.books.award(fundId, awardId);
    if (!found) throw new LedgerException(LedgerRefusal.NotFound, 'award', 'ledger.award.notFound');
    return found;
  }

  /** Read again after a refusal too: the page shows the award as the books have it now. */
  private async awardPage(principal: Principal, fundId: string, awardId: string, extra: Record<string, unknown>, status = 200): Promise<Page> {
    const a = await this.loadAward(fundId, awardId);
    // Auditors read the same page; only those who may manage the fund are shown its forms (the posts refuse anyone else).
    const canManage = hasPermission(principal, Permission.FundsManage, { type: 'fund', id: fundId }) && !(await this.books.isClosed(fundId));
    return new Page('exports/award', { a, canManage, unpaidTranches: unpaidTranches(a.award), trancheRows: TRANCHE_ROWS, values: {}, ...extra }, status);
  }

  private async returnPage(fundId: string, extra: Record<string, unknown>, status = 200): Promise<Page> {
    const r = await this.books.returnable(fundId);
    return new Page('exports/returns', { fund: r.fund, funders: r.funders.filter((f) => f.availablePence > 0), values: {}, ...extra }, status);
  }

  private async reversalPage(fundId: string, transactionId: string, extra: Record<string, unknown>, status = 200): Promise<Page> {
    const x = await this.books.transaction(fundId, transactionId);
    if (!x) throw new LedgerException(LedgerRefusal.NotFound, 'transaction', 'ledger.transaction.notFound');
    return new Page('exports/reversal', { x, values: {}, ...extra }, status);
  }
}
