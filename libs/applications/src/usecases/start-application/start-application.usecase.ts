import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FundQueries, requirePhase } from '@commonpurse/funds';
import type { Principal } from '@commonpurse/kernel';
import { sectionsFor } from '../../domain/application-form';
import { ApplicationsErrorCode, invalid } from '../../domain/applications.exception';
import { ApplicationRepository } from '../../persistence/application.repository';
import { roundForm } from '../application-access';

/** A signed-in resident starts an application to a round while it takes applications: a draft, section by section (in a two-stage round, an expression of interest). */
@Injectable()
export class StartApplicationUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly funds: FundQueries,
    private readonly applications: ApplicationRepository,
  ) {}

  async execute(person: Principal, fundKey: string, roundKey: string): Promise<string> {
    const round = await this.funds.round(fundKey, roundKey);
    requirePhase(round.phases, new Date(), 'submit-application');
    if (!person.emailVerified) throw invalid('application', 'applications.start.notVerified', ApplicationsErrorCode.Forbidden);
    const stage = round.twoStage ? 'interest' : 'full';
    return this.dataSource.transaction((manager) => this.applications.insertDraft(manager, round.id, null, person.accountId, stage, sectionsFor(roundForm(round), stage)));
  }
}
