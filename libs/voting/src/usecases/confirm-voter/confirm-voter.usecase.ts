import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { FundQueries } from '@commonpurse/funds';
import { PrincipalService } from '@commonpurse/identity';
import { identifierDigest, normaliseIdentifier } from '../../domain/council-list';
import { VoterListRepository } from '../../persistence/voter-list.repository';
import { refuse, VotingRefusal } from '../voting-refused';

/**
 * Staff confirm a resident against the council's list, for rounds that ask for it: the resident
 * shows their identifier (a poll card, a council letter), staff type it in with the email of the
 * resident's account, and it must be on the fund's list and not have confirmed anyone else (one
 * identifier, one account). Only its digest is kept. Audited.
 */
@Injectable()
export class ConfirmVoterUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly funds: FundQueries,
    private readonly principals: PrincipalService,
    private readonly lists: VoterListRepository,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: { actorId: string; fundId: string; voterEmail: string; identifier: string }): Promise<void> {
    const fund = await this.funds.detail(command.fundId);
    if (normaliseIdentifier(command.identifier) === '') throw refuse(VotingRefusal.Invalid, 'identifier', 'voting.confirm.identifierMissing');
    const voter = command.voterEmail.trim() ? await this.principals.forEmail(command.voterEmail.trim()) : undefined;
    if (!voter) throw refuse(VotingRefusal.Invalid, 'voterEmail', 'voting.paper.noAccount');
    const digest = identifierDigest(command.identifier);
    await this.dataSource.transaction(async (manager) => {
      // Confirmations in a fund queue behind its list: none is judged against a list being replaced.
      if (!(await this.lists.lockList(manager, fund.id))) throw refuse(VotingRefusal.Conflict, 'identifier', 'voting.confirm.noList');
      if (!(await this.lists.onList(manager, fund.id, digest))) throw refuse(VotingRefusal.Invalid, 'identifier', 'voting.confirm.notOnList');
      const holder = await this.lists.confirmedBy(manager, fund.id, digest);
      if (holder === voter.accountId || (await this.lists.isConfirmed(fund.id, voter.accountId, manager))) throw refuse(VotingRefusal.Conflict, 'voterEmail', 'voting.confirm.already');
      if (holder) throw refuse(VotingRefusal.Conflict, 'identifier', 'voting.confirm.identifierUsed');
      if (!(await this.lists.confirm(manager, { fundId: fund.id, accountId: voter.accountId, digest, by: command.actorId }))) throw refuse(VotingRefusal.Conflict, 'voterEmail', 'voting.confirm.already');
      await this.audit.record(manager, { actorId: command.actorId, action: 'voting.confirm-voter', entityType: 'fund', entityId: fund.id, before: null, after: { accountId: voter.accountId } });
    });
  }
}
