import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { FundQueries } from '@commonpurse/funds';
import { readEligibilityList } from '../../domain/council-list';
import { VoterListRepository } from '../../persistence/voter-list.repository';
import { refuse, VotingRefusal, VotingRefused } from '../voting-refused';

export interface UploadedList {
  identifiers: number;
  /** Lines repeating an identifier already read: counted once. */
  duplicates: number;
  fileSha256: string;
}

/**
 * A fund manager uploads the council's list of who may vote (digests only: see
 * `domain/council-list`). It replaces the fund's list whole, or, with any bad line, not at all.
 * Residents confirmed against an earlier list stay confirmed: staff saw their identifier then.
 * The file itself is not kept; its SHA-256 is, and the upload is audited.
 */
@Injectable()
export class UploadEligibilityListUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly funds: FundQueries,
    private readonly lists: VoterListRepository,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: { actorId: string; fundId: string; upload?: { name: string; bytes: Buffer } }): Promise<UploadedList> {
    const fund = await this.funds.detail(command.fundId);
    if (!command.upload || command.upload.bytes.length === 0) throw refuse(VotingRefusal.Invalid, 'file', 'voting.list.noFile');
    const read = readEligibilityList(command.upload.bytes);
    if (!read.ok) throw new VotingRefused(VotingRefusal.Invalid, `voting.list.${read.problems[0].problem}`, read.problems.map((p) => ({ field: 'file', problem: p.line ? `voting.list.${p.problem}AtLine` : `voting.list.${p.problem}`, params: p.line ? { line: p.line } : undefined })));
    const fileSha256 = createHash('sha256').update(command.upload.bytes).digest('hex');
    const fileName = command.upload.name.slice(0, 200);
    await this.dataSource.transaction(async (manager) => {
      const before = await this.lists.lockList(manager, fund.id);
      await this.lists.replaceList(manager, fund.id, { digests: read.digests, fileSha256, fileName, by: command.actorId });
      await this.audit.record(manager, {
        actorId: command.actorId,
        action: 'voting.upload-eligibility-list',
        entityType: 'fund',
        entityId: fund.id,
        before: before ? { identifiers: before.identifiers, fileSha256: before.fileSha256 } : null,
        after: { identifiers: read.digests.length, fileSha256, fileName },
      });
    });
    return { identifiers: read.digests.length, duplicates: read.duplicates, fileSha256 };
  }
}
