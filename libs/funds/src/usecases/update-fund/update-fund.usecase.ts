import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { checkAreas, type FundArea } from '../../domain/fund-area';
import { FundsErrorCode, FundsException } from '../../domain/funds.exception';
import { FundRepository } from '../../persistence/fund.repository';
import { RoundRepository } from '../../persistence/round.repository';

export interface UpdateFundCommand {
  actorId: string;
  fundId: string;
  name?: string;
  purpose?: string;
  /** The whole new area; left out, the area stays as it is. */
  areas?: FundArea[];
}

/**
 * A fund manager rewords a fund's name or purpose (its address stays the same), or redraws its
 * area. Who may take part depends on the area, so it is fixed once any round of the fund has
 * begun, and an area a lot is set aside for cannot be dropped. Audited with before and after.
 */
@Injectable()
export class UpdateFundUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly funds: FundRepository,
    private readonly rounds: RoundRepository,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: UpdateFundCommand): Promise<void> {
    const areas = command.areas && checkAreas(command.areas);
    if (areas && !areas.ok) throw new FundsException(FundsErrorCode.Invalid, areas.problem, [{ field: areas.field, problem: areas.problem }]);
    await this.dataSource.transaction(async (manager) => {
      const before = await this.funds.lock(manager, command.fundId);
      if (!before) throw new FundsException(FundsErrorCode.NotFound, 'funds.notFound');
      const at = new Date(); // after the lock: a round that began while this request waited counts
      const beforeAreas = await this.funds.areas(before.id, manager);
      const after = { name: command.name?.trim() || before.name, purpose: command.purpose?.trim() || before.purpose };
      await this.funds.updateText(manager, before.id, after);
      const newAreas = areas?.ok ? areas.areas : beforeAreas;
      const key = (list: FundArea[]) => list.map((a) => `${a.kind}:${a.code}:${a.name ?? ''}`).sort().join('|');
      if (key(newAreas) !== key(beforeAreas)) {
        if (await this.rounds.anyPhaseStarted(manager, before.id, at)) throw new FundsException(FundsErrorCode.RuleFrozen, 'funds.edit.areasFrozen', [{ field: 'areas', problem: 'funds.edit.areasFrozen' }]);
        const kept = new Set(newAreas.map((a) => a.code));
        if ((await this.rounds.areaCodesInLots(manager, before.id)).some((code) => !kept.has(code))) {
          throw new FundsException(FundsErrorCode.Invalid, 'funds.edit.areaInLot', [{ field: 'areas', problem: 'funds.edit.areaInLot' }]);
        }
        await this.funds.replaceAreas(manager, before.id, newAreas);
      }
      await this.audit.record(manager, {
        actorId: command.actorId,
        action: 'funds.update',
        entityType: 'fund',
        entityId: before.id,
        before: { name: before.name, purpose: before.purpose, areas: beforeAreas },
        after: { ...after, areas: newAreas },
      });
    });
  }
}
