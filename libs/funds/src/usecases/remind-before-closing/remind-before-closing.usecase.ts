import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ResidentDirectory } from '@commonpurse/identity';
import { NotificationEvent, Notifier } from '@commonpurse/notifications';
import { CoDesignRepository } from '../../persistence/codesign.repository';
import { RoundRepository } from '../../persistence/round.repository';
import { RoundContext } from '../round-context';

/** How long before co-design closes its reminder goes out. */
export const REMINDER_LEAD_MS = 48 * 3600_000;

/**
 * The phase scheduler's reminders: two days before co-design closes, the residents who have
 * taken part and still have endorsement dots to place are told how many, once per round (a
 * primary key decides, whichever worker gets there). Reminders are optional: the email processor
 * leaves out whoever turned them off. Other phases' reminders belong to the modules whose people
 * they concern (applicants with drafts, voters who have not confirmed).
 */
@Injectable()
export class RemindBeforeClosingUseCase {
  private readonly logger = new Logger(RemindBeforeClosingUseCase.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly rounds: RoundRepository,
    private readonly codesign: CoDesignRepository,
    private readonly context: RoundContext,
    private readonly residents: ResidentDirectory,
    private readonly notifier: Notifier,
  ) {}

  async execute(now = new Date()): Promise<number> {
    let reminded = 0;
    for (const roundId of await this.rounds.dueForReminder('co-design', now, REMINDER_LEAD_MS)) {
      reminded += await this.dataSource.transaction(async (manager) => {
        const { fund, round, phases } = await this.context.lockById(manager, roundId);
        const closesAt = phases.find((p) => p.phase === 'co-design')!.closesAt!;
        const left = await this.codesign.withDotsLeft(manager, round.id, round.endorsementDots);
        if (!(await this.rounds.claimReminder(manager, round.id, 'co-design', left.length))) return 0;
        const people = await this.residents.byIds(left.map((l) => l.accountId), manager);
        await this.notifier.notify(
          manager,
          people.map((person) => ({
            event: NotificationEvent.CoDesignClosing,
            eventId: `${round.id}:co-design`,
            recipient: { accountId: person.accountId, email: person.email, language: person.language, name: person.name },
            payload: {
              fundName: fund.name,
              roundName: round.name,
              roundPath: `/funds/${fund.slug}/rounds/${round.slug}/priorities`,
              closesAt: new Date(closesAt).toISOString(),
              dotsLeft: left.find((l) => l.accountId === person.accountId)!.dotsLeft,
            },
          })),
        );
        return people.length;
      });
    }
    if (reminded > 0) this.logger.log({ reminded }, 'sent reminders before co-design closes');
    return reminded;
  }
}
