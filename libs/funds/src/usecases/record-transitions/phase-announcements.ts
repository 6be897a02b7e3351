import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ResidentDirectory } from '@commonpurse/identity';
import { NotificationEvent, Notifier } from '@commonpurse/notifications';
import type { Phase } from '../../domain/round-timeline';
import type { LockedRound } from '../round-context';

/** The phases residents take part in, and what they are told when one opens. */
const ANNOUNCED: Partial<Record<Phase, NotificationEvent>> = {
  'co-design': NotificationEvent.CoDesignOpened,
  applications: NotificationEvent.ApplicationsOpened,
  'public-vote': NotificationEvent.VotingOpened,
};

/**
 * Tells the residents of a fund's area (by the postcode they gave) that a phase they can take
 * part in has opened. "News of rounds near me" is optional, so the email processor leaves out
 * whoever turned it off. Wards cannot be matched to postcodes yet, so only postcode districts
 * reach anyone.
 */
@Injectable()
export class PhaseAnnouncements {
  constructor(
    private readonly residents: ResidentDirectory,
    private readonly notifier: Notifier,
  ) {}

  async announce(manager: EntityManager, { fund, round, phases, areas }: LockedRound, phase: Phase): Promise<number> {
    const event = ANNOUNCED[phase];
    if (!event) return 0;
    const districts = areas.filter((a) => a.kind === 'postcode_district').map((a) => a.code);
    const people = await this.residents.inDistricts(districts, manager);
    const window = phases.find((p) => p.phase === phase);
    await this.notifier.notify(
      manager,
      people.map((person) => ({
        event,
        eventId: `${round.id}:${phase}`,
        recipient: { accountId: person.accountId, email: person.email, language: person.language, name: person.name },
        payload: { fundName: fund.name, roundName: round.name, roundPath: `/funds/${fund.slug}/rounds/${round.slug}`, closesAt: window?.closesAt ? new Date(window.closesAt).toISOString() : null },
      })),
    );
    return people.length;
  }
}
