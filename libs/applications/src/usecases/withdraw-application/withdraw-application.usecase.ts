import { Injectable } from '@nestjs/common';
import { PHASES } from '@commonpurse/funds';
import type { Principal } from '@commonpurse/kernel';
import { canWithdraw } from '../../domain/application-status';
import { ApplicationsErrorCode, ApplicationsException } from '../../domain/applications.exception';
import { ApplicationRepository } from '../../persistence/application.repository';
import { ApplicationAccess } from '../application-access';

/** An applicant withdraws their application (a draft, or one submitted), at any time before the results. */
@Injectable()
export class WithdrawApplicationUseCase {
  constructor(
    private readonly access: ApplicationAccess,
    private readonly applications: ApplicationRepository,
  ) {}

  async execute(command: { person: Principal; applicationId: string }): Promise<void> {
    await this.access.changeAsApplicant(command.person, command.applicationId, async ({ application, round }, manager) => {
      if (!canWithdraw(application.status)) throw new ApplicationsException(ApplicationsErrorCode.Closed, `applications.closed.${application.status}`, [{ field: 'application', problem: `applications.closed.${application.status}` }]);
      const now = new Date();
      const resultsStarted = round.phases.some((p) => p.enabled && p.opensAt && PHASES.indexOf(p.phase) >= PHASES.indexOf('results') && new Date(p.opensAt) <= now);
      if (resultsStarted) throw new ApplicationsException(ApplicationsErrorCode.Closed, 'applications.withdraw.tooLate', [{ field: 'application', problem: 'applications.withdraw.tooLate' }]);
      await this.applications.markWithdrawn(manager, application.id);
    });
  }
}
