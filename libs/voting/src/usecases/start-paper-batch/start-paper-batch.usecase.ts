import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { PaperBatchRepository } from '../../persistence/paper-batch.repository';
import { EnterPaperBallotUseCase } from '../enter-paper-ballot/enter-paper-ballot.usecase';
import { refuse, VotingRefusal } from '../voting-refused';

/**
 * A fund manager starts a batch of paper ballots: one box of sheets from an event, for one lot
 * (or the whole round), named as staff will know it. While the vote is open, as paper ballots
 * are; one batch a label, so a form sent twice does not make two. Audited.
 */
@Injectable()
export class StartPaperBatchUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly entry: EnterPaperBallotUseCase,
    private readonly batches: PaperBatchRepository,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: { actorId: string; fundId: string; roundId: string; lotKey: string; label: string }): Promise<{ id: string }> {
    const round = await this.entry.openRound(command.fundId, command.roundId);
    const label = command.label.trim().replace(/\s+/g, ' ');
    if (!label) throw refuse(VotingRefusal.Invalid, 'label', 'voting.batches.labelMissing');
    if (label.length > 200) throw refuse(VotingRefusal.Invalid, 'label', 'voting.batches.labelTooLong');
    if (round.lots.length ? !round.lots.some((l) => l.id === command.lotKey) : command.lotKey !== '') throw refuse(VotingRefusal.Invalid, 'lot', 'voting.ballot.lotUnknown');
    return this.dataSource.transaction(async (manager) => {
      const batch = await this.batches.insert(manager, { roundId: round.id, lotKey: command.lotKey, label, createdBy: command.actorId });
      if (!batch) throw refuse(VotingRefusal.Conflict, 'label', 'voting.batches.labelTaken', { label });
      await this.audit.record(manager, { actorId: command.actorId, action: 'voting.start-paper-batch', entityType: 'paper-batch', entityId: batch.id, before: null, after: { roundId: round.id, lotKey: batch.lotKey, label } });
      return { id: batch.id };
    });
  }
}
