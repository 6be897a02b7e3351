import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Phase } from '../../domain/round-timeline';
import { RoundRepository } from '../../persistence/round.repository';
import type { LockedRound } from '../round-context';
import { PhaseAnnouncements } from './phase-announcements';

/**
 * Records that a round moved from one phase to another, by the clock (no actor) or by a fund
 * manager, and announces the phase that opened, all in the caller's transaction.
 */
@Injectable()
export class PhaseTransitions {
  constructor(
    private readonly rounds: RoundRepository,
    private readonly announcements: PhaseAnnouncements,
  ) {}

  async record(manager: EntityManager, locked: LockedRound, from: Phase | null, to: Phase | null, actorId: string | null): Promise<void> {
    if (from === to) return;
    await this.rounds.recordTransition(manager, locked.round.id, from, to, actorId);
    if (to) await this.announcements.announce(manager, locked, to);
  }
}
