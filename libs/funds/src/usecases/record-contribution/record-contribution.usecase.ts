import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { LedgerPoster, postings } from '@commonpurse/ledger';
import { parseDayMonthYear } from '../../domain/calendar-date';
import { FundsErrorCode, FundsException } from '../../domain/funds.exception';
import { checkOrganisationIdentifier } from '../../domain/organisation-identifier';
import { FundRepository } from '../../persistence/fund.repository';

export interface RecordContributionCommand {
  actorId: string;
  fundId: string;
  organisationIdentifier: string;
  organisationName: string;
  amountPence: number;
  /** YYYY-MM-DD, not in the future. */
  receivedOn: string;
  condition: string | null;
}

/** Money a funding organisation puts into a (pooled) fund, with any condition on its use, posted to the ledger. Audited. */
@Injectable()
export class RecordContributionUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly funds: FundRepository,
    private readonly audit: AuditTrail,
    private readonly ledger: LedgerPoster,
  ) {}

  async execute(command: RecordContributionCommand): Promise<{ id: string }> {
    const fund = await this.funds.findBySlugOrId(command.fundId);
    if (!fund) throw new FundsException(FundsErrorCode.NotFound, 'funds.notFound');
    const identifier = checkOrganisationIdentifier(command.organisationIdentifier);
    if (!identifier.ok) {
      const problem = identifier.problem === 'unknownPrefix' ? 'funds.contribution.identifierPrefix' : 'funds.contribution.identifierNumber';
      throw new FundsException(FundsErrorCode.Invalid, problem, [{ field: 'organisationIdentifier', problem }]);
    }
    if (!Number.isSafeInteger(command.amountPence) || command.amountPence <= 0) {
      throw new FundsException(FundsErrorCode.Invalid, 'funds.contribution.amountInvalid', [{ field: 'amount', problem: 'funds.contribution.amountInvalid' }]);
    }
    const [year, month, day] = command.receivedOn.split('-');
    if (!parseDayMonthYear(day ?? '', month ?? '', year ?? '').ok) {
      throw new FundsException(FundsErrorCode.Invalid, 'funds.contribution.dateProblem.notReal', [{ field: 'receivedOn', problem: 'funds.contribution.dateProblem.notReal' }]);
    }
    if (command.receivedOn > new Date().toISOString().slice(0, 10)) {
      throw new FundsException(FundsErrorCode.Invalid, 'funds.contribution.dateFuture', [{ field: 'receivedOn', problem: 'funds.contribution.dateFuture' }]);
    }
    return this.dataSource.transaction(async (manager) => {
      const organisationId = await this.funds.organisationId(manager, identifier.identifier, command.organisationName.trim());
      const contribution = {
        fundId: fund.id,
        organisationId,
        amountPence: command.amountPence,
        receivedOn: command.receivedOn,
        condition: command.condition?.trim() || null,
        recordedBy: command.actorId,
      };
      const id = await this.funds.insertContribution(manager, contribution);
      // The money enters the books in the same transaction: the register and the ledger never disagree.
      await this.ledger.post(manager, {
        fundId: fund.id,
        idempotencyKey: `contribution:${id}`,
        postedBy: command.actorId,
        build: () => postings.contribution({ contributionId: id, organisationId, amountPence: contribution.amountPence, receivedOn: contribution.receivedOn, condition: contribution.condition }),
      });
      await this.audit.record(manager, { actorId: command.actorId, action: 'funds.record-contribution', entityType: 'fund', entityId: fund.id, before: null, after: { id, ...contribution, organisationIdentifier: identifier.identifier } });
      return { id };
    });
  }
}
