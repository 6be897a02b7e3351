import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { ResidentDirectory } from '@commonpurse/identity';
import type { FieldProblem } from '@commonpurse/kernel';
import { NotificationEvent, Notifier } from '@commonpurse/notifications';
import { DeliberationErrorCode, DeliberationException, refuse } from '../../domain/deliberation.exception';
import { volunteerNumber } from '../../domain/panel-rules';
import { canonicalSnapshot, drawPanel, snapshotDigest, type DrawProblem } from '../../domain/sortition';
import { PanelRepository } from '../../persistence/panel.repository';
import { PanelAccess, reviewOver } from '../panel-access';

export type DrawOutcome = { ok: true } | { ok: false; problems: DrawProblem[] };

/**
 * A facilitator draws the panel by lot, once. The draw's whole input (the volunteers, numbered,
 * with their answers; the panel size; the quotas) is kept as a snapshot beside the seed, so anyone
 * can run it again and get the same panel; the people drawn are invited and told by email. Quotas
 * that cannot be met are reported, quota by quota, and nothing is drawn. Of two facilitators
 * drawing at once, one draws; the other is told who drew, and when.
 */
@Injectable()
export class DrawPanelUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: PanelAccess,
    private readonly panels: PanelRepository,
    private readonly residents: ResidentDirectory,
    private readonly notifier: Notifier,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: { actorId: string; fundId: string; roundId: string; seed: string }): Promise<DrawOutcome> {
    const seed = command.seed.trim();
    if (seed === '' || seed.length > 200) throw refuse(DeliberationErrorCode.Invalid, 'seed', seed === '' ? 'deliberation.draw.seedRequired' : 'deliberation.draw.seedTooLong');
    const round = await this.access.roundFor(command.fundId, command.roundId);
    if (reviewOver(round)) throw refuse(DeliberationErrorCode.Closed, 'panel', 'deliberation.reviewOver');
    const volunteersBefore = await this.panels.volunteers(round.id);
    const people = new Map((await this.residents.byIds(volunteersBefore.map((v) => v.accountId))).map((p) => [p.accountId, p]));
    return this.dataSource.transaction(async (manager) => {
      const panel = await this.panels.lock(manager, round.id);
      const earlier = await this.panels.draw(round.id, manager);
      if (earlier) {
        const [by] = await this.residents.byIds([earlier.drawnBy], manager);
        throw new DeliberationException(DeliberationErrorCode.Conflict, 'deliberation.draw.already', [{ field: 'seed', problem: 'deliberation.draw.already', params: { name: by?.name ?? '', at: earlier.drawnAt.toISOString() } }]);
      }
      // Read again under the lock: a volunteer who joined while the people were looked up is in the draw.
      const volunteers = await this.panels.volunteers(round.id, manager);
      const numbered = volunteers.map((v, i) => ({ id: volunteerNumber(i), profile: v.profile }));
      const input = { seed, panelSize: panel.panelSize, volunteers: numbered, quotas: panel.quotas };
      const result = drawPanel(input);
      if (!result.ok) return { ok: false as const, problems: result.problems };
      const snapshot = canonicalSnapshot(input);
      const accountOf = (number: string) => volunteers[numbered.findIndex((n) => n.id === number)].accountId;
      await this.panels.insertDraw(manager, {
        roundId: round.id,
        seed,
        algorithm: result.algorithm,
        snapshot,
        snapshotSha256: snapshotDigest(snapshot),
        volunteerIds: volunteers.map((v) => v.accountId),
        panel: result.panel,
        reserves: result.reserves,
        drawnBy: command.actorId,
      });
      const chosen = result.panel.map(accountOf);
      for (const accountId of chosen) await this.panels.addMember(manager, round.id, { accountId, source: 'drawn', note: null, replaces: null, addedBy: command.actorId });
      await this.audit.record(manager, {
        actorId: command.actorId,
        action: 'deliberation.draw',
        entityType: 'round',
        entityId: round.id,
        before: null,
        after: { seed, algorithm: result.algorithm, snapshotSha256: snapshotDigest(snapshot), volunteers: volunteers.length, panel: result.panel, reserves: result.reserves },
      });
      await this.notifier.notify(
        manager,
        chosen.flatMap((accountId) => {
          const person = people.get(accountId);
          return person ? [selectedEmail(round, person, `${round.id}:panel-${accountId}`)] : [];
        }),
      );
      return { ok: true as const };
    });
  }
}

/** The email inviting someone onto the panel (drawn, called from the reserves, or added directly). */
export function selectedEmail(round: { name: string; fund: { name: string }; slug: string }, person: { accountId: string; email: string; language: 'en' | 'cy'; name: string }, eventId: string) {
  return {
    event: NotificationEvent.PanelSelected,
    eventId,
    recipient: { accountId: person.accountId, email: person.email, language: person.language, name: person.name },
    payload: { fundName: round.fund.name, roundName: round.name, panelPath: '/panel' },
  };
}

/** A draw's problems as the API reports them: each names the quota or category at fault. */
export function drawProblemDetails(problems: DrawProblem[]): FieldProblem[] {
  return problems.map((p) => {
    const params: Record<string, string | number> = {};
    for (const [key, value] of Object.entries(p)) if (typeof value === 'number' || typeof value === 'string') params[key] = value;
    if ('quota' in p) Object.assign(params, { quota: `${p.quota.category} ${p.quota.value}`, category: p.quota.category, value: p.quota.value, min: p.quota.min, max: p.quota.max });
    if ('quotas' in p) params.quotas = p.quotas.map((q) => `${q.category} ${q.value} (${q.min}–${q.max})`).join('; ');
    return { field: p.problem === 'panelLargerThanPool' || p.problem === 'panelSizeInvalid' ? 'panelSize' : 'quotas', problem: `deliberation.draw.problems.${p.problem}`, params };
  });
}
