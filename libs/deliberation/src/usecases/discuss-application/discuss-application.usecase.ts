import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PanelQuestionsUseCase } from '@commonpurse/applications';
import { AuditTrail } from '@commonpurse/audit';
import { requirePhase } from '@commonpurse/funds';
import type { Principal } from '@commonpurse/kernel';
import { DeliberationErrorCode, DeliberationException, refuse } from '../../domain/deliberation.exception';
import { canEditPost } from '../../domain/panel-rules';
import { ReviewRepository } from '../../persistence/review.repository';
import { PanelAccess } from '../panel-access';

const bodyOf = (text: string, field: string, max: number) => {
  const body = text.trim();
  if (body === '') throw refuse(DeliberationErrorCode.Invalid, field, `deliberation.discussion.${field}Required`);
  if (body.length > max) throw refuse(DeliberationErrorCode.Invalid, field, `deliberation.discussion.${field}TooLong`);
  return body;
};

/**
 * The panel's talk about one application: a discussion only the panel sees (replies to a post,
 * a short window to correct one's own, and the facilitator's moderation, which keeps a record of
 * what was removed and why), each panellist's private notes, and questions to the applicant,
 * whose answers come back into the discussion. None of it reaches anyone conflicted on the application.
 */
@Injectable()
export class DiscussApplicationUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: PanelAccess,
    private readonly reviews: ReviewRepository,
    private readonly questions: PanelQuestionsUseCase,
    private readonly audit: AuditTrail,
  ) {}

  async post(command: { person: Pick<Principal, 'accountId'>; roundId: string; applicationId: string; body: string; parentId?: string }): Promise<string> {
    const { round } = await this.access.application(command.person, command.roundId, command.applicationId);
    requirePhase(round.phases, new Date(), 'deliberate');
    const body = bodyOf(command.body, 'body', 4000);
    return this.dataSource.transaction(async (manager) => {
      if (command.parentId) {
        const parent = await this.reviews.lockPost(manager, command.parentId);
        if (!parent || parent.applicationId !== command.applicationId) throw refuse(DeliberationErrorCode.Invalid, 'parentId', 'deliberation.discussion.parentUnknown');
      }
      return this.reviews.insertPost(manager, round.id, { applicationId: command.applicationId, authorId: command.person.accountId, parentId: command.parentId ?? null, body });
    });
  }

  async edit(command: { person: Pick<Principal, 'accountId'>; roundId: string; applicationId: string; postId: string; body: string }): Promise<void> {
    const { round } = await this.access.application(command.person, command.roundId, command.applicationId);
    requirePhase(round.phases, new Date(), 'deliberate');
    const body = bodyOf(command.body, 'body', 4000);
    await this.dataSource.transaction(async (manager) => {
      const post = await this.reviews.lockPost(manager, command.postId);
      if (!post || post.applicationId !== command.applicationId) throw new DeliberationException(DeliberationErrorCode.NotFound, 'deliberation.discussion.postNotFound');
      if (!canEditPost(post, command.person.accountId, new Date())) throw refuse(DeliberationErrorCode.Forbidden, 'body', 'deliberation.discussion.editWindowOver');
      await this.reviews.editPost(manager, post.id, body);
    });
  }

  /** A facilitator takes a post down, saying why; the post stays on record, hidden from the panel. */
  async remove(command: { actorId: string; fundId: string; roundId: string; applicationId: string; postId: string; reason: string }): Promise<void> {
    await this.access.roundFor(command.fundId, command.roundId);
    const reason = bodyOf(command.reason, 'reason', 500);
    await this.dataSource.transaction(async (manager) => {
      const post = await this.reviews.lockPost(manager, command.postId);
      if (!post || post.applicationId !== command.applicationId) throw new DeliberationException(DeliberationErrorCode.NotFound, 'deliberation.discussion.postNotFound');
      if (post.removedAt) return;
      await this.reviews.removePost(manager, post.id, command.actorId, reason);
      await this.audit.record(manager, { actorId: command.actorId, action: 'deliberation.remove-post', entityType: 'application', entityId: post.applicationId, before: { postId: post.id, authorId: post.authorId, body: post.body }, after: { reason } });
    });
  }

  async saveNote(command: { person: Pick<Principal, 'accountId'>; roundId: string; applicationId: string; body: string }): Promise<void> {
    await this.access.application(command.person, command.roundId, command.applicationId);
    const body = command.body.trim();
    if (body.length > 4000) throw refuse(DeliberationErrorCode.Invalid, 'note', 'deliberation.discussion.noteTooLong');
    await this.dataSource.transaction((manager) => this.reviews.saveNote(manager, command.applicationId, command.person.accountId, body));
  }

  async ask(command: { person: Pick<Principal, 'accountId'>; roundId: string; applicationId: string; question: string }): Promise<string> {
    const { round } = await this.access.application(command.person, command.roundId, command.applicationId);
    requirePhase(round.phases, new Date(), 'deliberate');
    return this.questions.ask({ actorId: command.person.accountId, applicationId: command.applicationId, question: command.question });
  }
}
