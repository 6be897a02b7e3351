import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { GrantRoleUseCase, Role } from '@commonpurse/identity';
import { checkAreas, slugify, uniqueSlug, type FundArea } from '../../domain/fund-area';
import { FundsErrorCode, FundsException } from '../../domain/funds.exception';
import { FundRepository, type FundRow } from '../../persistence/fund.repository';

export interface CreateFundCommand {
  actor: { accountId: string; email: string };
  name: string;
  purpose: string;
  areas: FundArea[];
}

/** A new fund in GBP, serving its areas; whoever creates it manages it. Audited. */
@Injectable()
export class CreateFundUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly funds: FundRepository,
    private readonly audit: AuditTrail,
    private readonly grantRole: GrantRoleUseCase,
  ) {}

  async execute(command: CreateFundCommand): Promise<FundRow> {
    const areas = checkAreas(command.areas);
    if (!areas.ok) throw new FundsException(FundsErrorCode.Invalid, areas.problem, [{ field: areas.field, problem: areas.problem }]);
    const fund = await this.dataSource.transaction(async (manager) => {
      const base = slugify(command.name);
      const slug = uniqueSlug(base, await this.funds.slugsLike(base, manager));
      const created = await this.funds.insertFund(manager, { slug, name: command.name.trim(), purpose: command.purpose.trim(), createdBy: command.actor.accountId }, areas.areas);
      await this.audit.record(manager, { actorId: command.actor.accountId, action: 'funds.create', entityType: 'fund', entityId: created.id, before: null, after: { ...created, areas: areas.areas } });
      return created;
    });
    await this.grantRole.execute({ email: command.actor.email, grant: { role: Role.FundManager, scopeType: 'fund', scopeId: fund.id }, grantedBy: command.actor.accountId });
    return fund;
  }
}
