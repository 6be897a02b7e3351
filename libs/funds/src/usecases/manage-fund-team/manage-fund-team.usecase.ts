import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { GrantRoleUseCase, RevokeRoleUseCase, Role, RoleHolders } from '@commonpurse/identity';
import { FundsErrorCode, FundsException } from '../../domain/funds.exception';
import { FundRepository } from '../../persistence/fund.repository';

export interface FundManager {
  accountId: string;
  email: string;
  displayName: string;
  grantedAt: Date;
}

/**
 * Who manages a fund: its managers add colleagues by the email of their account, and take each
 * other off it, never leaving the fund with nobody. Each change is audited. (Managers for the
 * whole council are granted by an admin and manage every fund.)
 */
@Injectable()
export class ManageFundTeamUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly funds: FundRepository,
    private readonly grant: GrantRoleUseCase,
    private readonly revoke: RevokeRoleUseCase,
    private readonly holders: RoleHolders,
    private readonly audit: AuditTrail,
  ) {}

  list(fundId: string): Promise<FundManager[]> {
    return this.holders.list(Role.FundManager, { type: 'fund', id: fundId });
  }

  async add(command: { actorId: string; fundId: string; email: string }): Promise<FundManager[]> {
    return this.dataSource.transaction(async (manager) => {
      const fund = await this.funds.lock(manager, command.fundId);
      if (!fund) throw new FundsException(FundsErrorCode.NotFound, 'funds.notFound');
      const before = await this.holders.list(Role.FundManager, { type: 'fund', id: fund.id }, manager);
      const { accountId } = await this.grant.execute({ email: command.email, grant: { role: Role.FundManager, scopeType: 'fund', scopeId: fund.id }, grantedBy: command.actorId }, manager);
      const after = await this.holders.list(Role.FundManager, { type: 'fund', id: fund.id }, manager);
      if (after.length > before.length) {
        await this.audit.record(manager, { actorId: command.actorId, action: 'funds.add-manager', entityType: 'fund', entityId: fund.id, before: { managers: before.map((m) => m.accountId) }, after: { managers: after.map((m) => m.accountId), added: accountId } });
      }
      return after;
    });
  }

  async remove(command: { actorId: string; fundId: string; accountId: string }): Promise<FundManager[]> {
    return this.dataSource.transaction(async (manager) => {
      const fund = await this.funds.lock(manager, command.fundId);
      if (!fund) throw new FundsException(FundsErrorCode.NotFound, 'funds.notFound');
      const before = await this.holders.list(Role.FundManager, { type: 'fund', id: fund.id }, manager);
      if (!before.some((m) => m.accountId === command.accountId)) throw new FundsException(FundsErrorCode.NotFound, 'funds.team.notAManager');
      if (before.length === 1) throw new FundsException(FundsErrorCode.Invalid, 'funds.team.lastManager', [{ field: 'accountId', problem: 'funds.team.lastManager' }]);
      await this.revoke.execute({ accountId: command.accountId, grant: { role: Role.FundManager, scopeType: 'fund', scopeId: fund.id }, revokedBy: command.actorId }, manager);
      const after = before.filter((m) => m.accountId !== command.accountId);
      await this.audit.record(manager, { actorId: command.actorId, action: 'funds.remove-manager', entityType: 'fund', entityId: fund.id, before: { managers: before.map((m) => m.accountId) }, after: { managers: after.map((m) => m.accountId), removed: command.accountId } });
      return after;
    });
  }
}
