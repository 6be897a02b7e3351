import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { FundsErrorCode, FundsException } from '../../domain/funds.exception';
import { FundRepository } from '../../persistence/fund.repository';

/** A fund manager rewords a fund's name or purpose (its address stays the same). Audited with before and after. */
@Injectable()
export class UpdateFundUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly funds: FundRepository,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: { actorId: string; fundId: string; name?: string; purpose?: string }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const before = await this.funds.lock(manager, command.fundId);
      if (!before) throw new FundsException(FundsErrorCode.NotFound, 'funds.notFound');
      const after = { name: command.name?.trim() || before.name, purpose: command.purpose?.trim() || before.purpose };
      await this.funds.updateText(manager, before.id, after);
      await this.audit.record(manager, { actorId: command.actorId, action: 'funds.update', entityType: 'fund', entityId: before.id, before: { name: before.name, purpose: before.purpose }, after });
    });
  }
}
