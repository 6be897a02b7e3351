import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { missedPhases, type Phase } from '../../domain/round-timeline';
import { RoundRepository } from '../../persistence/round.repository';
import type { LockedRound } from '../round-context';
import { PhaseAnnouncements } from './phase-announcements';

/**
 * Records that a round moved from one phase to another, by the clock (no actor) or by a fund
 * manager, and announces the phase that opened, all in the caller's transaction. Phases that came
 * and went unwatched (the worker was down through them) are recorded too, as the clock's steps,
 * but not announced: telling people a phase is open after it closed helps nobody.
 */
@Injectable()
export class PhaseTransitions {
  constructor(
    private readonly rounds: RoundRepository,
    private readonly announcements: PhaseAnnouncements,
  ) {}

  async record(manager: EntityManager, locked: LockedRound, from: Phase | null, to: Phase | null, actorId: string | null): Promise<void> {
    if (from === to) return;
    let previous = from;
    for (const missed of missedPhases(locked.phases, locked.at, await this.rounds.recordedPhases(manager, locked.round.id), to)) {
      await this.rounds.recordTransition(manager, locked.round.id, previous, missed, null);
      previous = missed;
    }
    if (previous === to) return;
    await this.rounds.recordTransition(manager, locked.round.id, previous, to, actorId);
    if (to) await this.announcements.announce(manager, locked, to);
  }
}
