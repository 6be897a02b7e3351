import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { FundsErrorCode, FundsException } from '../../domain/funds.exception';
import { FundRepository } from '../../persistence/fund.repository';

/** 360Giving's rule: "360G-" and the publisher's registered code (letters, digits, dashes). */
const GRANT_PREFIX = /^360G-[A-Za-z0-9][A-Za-z0-9-]{0,60}$/;

/**
 * A funding organisation's registered 360Giving grant-id prefix, set by a manager of a fund it
 * contributes to: published grant ids start with it, so it must be the one 360Giving registered
 * for that organisation. Audited.
 */
@Injectable()
export class SetGrantPrefixUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly funds: FundRepository,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: { actorId: string; fundId: string; organisationId: string; grantPrefix: string }): Promise<void> {
    const grantPrefix = command.grantPrefix.trim().replace(/-$/, '') || null;
    if (grantPrefix !== null && !GRANT_PREFIX.test(grantPrefix)) throw new FundsException(FundsErrorCode.Invalid, 'funds.funder.grantPrefixShape', [{ field: 'grantPrefix', problem: 'funds.funder.grantPrefixShape' }]);
    await this.dataSource.transaction(async (manager) => {
      const funder = (await this.funds.funders(command.fundId, manager)).find((f) => f.id === command.organisationId);
      if (!funder) throw new FundsException(FundsErrorCode.NotFound, 'funds.funder.notFound', [{ field: 'organisationId', problem: 'funds.funder.notFound' }]);
      if (funder.grantPrefix === grantPrefix) return;
      await this.funds.setGrantPrefix(manager, funder.id, grantPrefix);
      await this.audit.record(manager, { actorId: command.actorId, action: 'funds.set-grant-prefix', entityType: 'funding-organisation', entityId: funder.id, before: { grantPrefix: funder.grantPrefix }, after: { grantPrefix } });
    });
  }
}
