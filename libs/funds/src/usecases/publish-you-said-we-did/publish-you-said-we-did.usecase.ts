import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { FundsErrorCode, FundsException } from '../../domain/funds.exception';
import { RoundRepository } from '../../persistence/round.repository';
import { RoundContext } from '../round-context';

/**
 * When co-design has closed, the fund manager publishes what residents said and what was done
 * with it ("you said, we did"); publishing again replaces it, and both versions are audited.
 */
@Injectable()
export class PublishYouSaidWeDidUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly context: RoundContext,
    private readonly rounds: RoundRepository,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: { actorId: string; fundId: string; roundId: string; text: string }): Promise<void> {
    const text = command.text.trim();
    if (!text) throw new FundsException(FundsErrorCode.Invalid, 'funds.youSaid.missing', [{ field: 'text', problem: 'funds.youSaid.missing' }]);
    if (text.length > 10_000) throw new FundsException(FundsErrorCode.Invalid, 'funds.youSaid.tooLong', [{ field: 'text', problem: 'funds.youSaid.tooLong' }]);
    await this.dataSource.transaction(async (manager) => {
      const { round, phases, at } = await this.context.lock(manager, command.fundId, command.roundId);
      const codesign = phases.find((p) => p.phase === 'co-design');
      if (!codesign?.enabled || !codesign.closesAt || codesign.closesAt > at) throw new FundsException(FundsErrorCode.PhaseClosed, 'funds.youSaid.notClosed', [{ field: 'text', problem: 'funds.youSaid.notClosed' }]);
      await this.rounds.publishYouSaidWeDid(manager, round.id, text);
      await this.audit.record(manager, { actorId: command.actorId, action: 'funds.publish-you-said-we-did', entityType: 'round', entityId: round.id, before: { text: round.youSaidWeDid }, after: { text } });
    });
  }
}
