import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { ResidentDirectory } from '@commonpurse/identity';
import { Notifier } from '@commonpurse/notifications';
import { DeliberationErrorCode, DeliberationException, refuse } from '../../domain/deliberation.exception';
import { volunteerNumber } from '../../domain/panel-rules';
import { nextReserve } from '../../domain/sortition';
import { PanelRepository, type MemberStatus } from '../../persistence/panel.repository';
import { PanelAccess } from '../panel-access';
import { selectedEmail } from '../draw-panel/draw-panel.usecase';

/**
 * Who is on the panel, after the draw: each member accepts or declines their place (themselves,
 * or as the facilitator records it); in the place of one who declines the facilitator calls the
 * next reserve in the draw's order who keeps the quotas met; and the facilitator may add someone
 * directly (a youth club's nominee, say), recorded as such with the reason. Every change audited.
 */
@Injectable()
export class ManageMembersUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: PanelAccess,
    private readonly panels: PanelRepository,
    private readonly residents: ResidentDirectory,
    private readonly notifier: Notifier,
    private readonly audit: AuditTrail,
  ) {}

  /** A member answers their invitation. */
  async respond(command: { accountId: string; roundId: string; status: MemberStatus }): Promise<void> {
    await this.setStatus(command.accountId, command.roundId, command.accountId, command.status);
  }

  /** A facilitator records a member's answer. */
  async record(command: { actorId: string; fundId: string; roundId: string; accountId: string; status: MemberStatus }): Promise<void> {
    await this.access.roundFor(command.fundId, command.roundId);
    await this.setStatus(command.actorId, command.roundId, command.accountId, command.status);
  }

  async callReserve(command: { actorId: string; fundId: string; roundId: string; leaving: string }): Promise<string> {
    const round = await this.access.roundFor(command.fundId, command.roundId);
    const draw = await this.panels.draw(round.id);
    if (!draw) throw refuse(DeliberationErrorCode.Conflict, 'panel', 'deliberation.members.notDrawn');
    const people = await this.residents.byIds(draw.volunteerIds);
    return this.dataSource.transaction(async (manager) => {
      const panel = await this.panels.lock(manager, round.id);
      const members = await this.panels.members(round.id, manager);
      const leaving = members.find((m) => m.accountId === command.leaving);
      if (!leaving || leaving.status !== 'declined') throw refuse(DeliberationErrorCode.Invalid, 'leaving', 'deliberation.members.notDeclined');
      if (members.some((m) => m.replaces === leaving.accountId)) throw refuse(DeliberationErrorCode.Conflict, 'leaving', 'deliberation.members.alreadyReplaced');
      const numberOf = new Map(draw.volunteerIds.map((id, i) => [id, volunteerNumber(i)]));
      const accountOf = new Map(draw.volunteerIds.map((id, i) => [volunteerNumber(i), id]));
      const { volunteers } = JSON.parse(draw.snapshot) as { volunteers: Array<{ id: string; profile: Record<string, string> }> };
      const seated = members.filter((m) => m.status !== 'declined' && numberOf.has(m.accountId)).map((m) => numberOf.get(m.accountId)!);
      const used = new Set(members.map((m) => m.accountId));
      const reserves = draw.reserves.filter((n) => !used.has(accountOf.get(n)!));
      const next = nextReserve({ volunteers, quotas: panel.quotas, seated, reserves, leaving: numberOf.get(leaving.accountId) ?? '' });
      if (!next) throw refuse(DeliberationErrorCode.Conflict, 'leaving', 'deliberation.members.noReserves');
      const accountId = accountOf.get(next)!;
      await this.panels.addMember(manager, round.id, { accountId, source: 'reserve', note: null, replaces: leaving.accountId, addedBy: command.actorId });
      await this.audit.record(manager, { actorId: command.actorId, action: 'deliberation.call-reserve', entityType: 'round', entityId: round.id, before: { declined: leaving.accountId }, after: { called: accountId, number: next } });
      const person = people.find((p) => p.accountId === accountId);
      if (person) await this.notifier.notify(manager, [selectedEmail(round, person, `${round.id}:panel-${accountId}`)]);
      return accountId;
    });
  }

  async addDirect(command: { actorId: string; fundId: string; roundId: string; email: string; note: string }): Promise<string> {
    const note = command.note.trim();
    if (note === '') throw refuse(DeliberationErrorCode.Invalid, 'note', 'deliberation.members.noteRequired');
    if (note.length > 300) throw refuse(DeliberationErrorCode.Invalid, 'note', 'deliberation.members.noteTooLong');
    const round = await this.access.roundFor(command.fundId, command.roundId);
    const person = await this.residents.byEmail(command.email.trim());
    if (!person) throw refuse(DeliberationErrorCode.Invalid, 'email', 'deliberation.members.noAccount');
    return this.dataSource.transaction(async (manager) => {
      await this.panels.lock(manager, round.id);
      if (await this.panels.member(round.id, person.accountId, manager)) throw refuse(DeliberationErrorCode.Conflict, 'email', 'deliberation.members.already');
      await this.panels.addMember(manager, round.id, { accountId: person.accountId, source: 'direct', note, replaces: null, addedBy: command.actorId });
      await this.audit.record(manager, { actorId: command.actorId, action: 'deliberation.add-member', entityType: 'round', entityId: round.id, before: null, after: { added: person.accountId, note } });
      await this.notifier.notify(manager, [selectedEmail(round, person, `${round.id}:panel-${person.accountId}`)]);
      return person.accountId;
    });
  }

  private async setStatus(actorId: string, roundId: string, accountId: string, status: MemberStatus): Promise<void> {
    if (status !== 'accepted' && status !== 'declined') throw refuse(DeliberationErrorCode.Invalid, 'status', 'deliberation.members.statusUnknown');
    await this.dataSource.transaction(async (manager: EntityManager) => {
      await this.panels.lock(manager, roundId);
      const member = await this.panels.member(roundId, accountId, manager);
      if (!member) throw new DeliberationException(DeliberationErrorCode.NotFound, 'deliberation.members.notAMember');
      if (member.status === status) return;
      await this.panels.setStatus(manager, roundId, accountId, status);
      await this.audit.record(manager, { actorId, action: 'deliberation.member-status', entityType: 'round', entityId: roundId, before: { accountId, status: member.status }, after: { accountId, status } });
    });
  }
}
