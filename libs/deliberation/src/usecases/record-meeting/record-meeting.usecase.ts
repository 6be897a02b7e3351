import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@commonpurse/audit';
import { ukDay } from '@commonpurse/funds';
import type { FieldProblem } from '@commonpurse/kernel';
import { DeliberationErrorCode, DeliberationException } from '../../domain/deliberation.exception';
import { PanelRepository } from '../../persistence/panel.repository';
import { ReviewRepository } from '../../persistence/review.repository';
import { PanelAccess } from '../panel-access';

export interface MeetingCommand {
  actorId: string;
  fundId: string;
  roundId: string;
  /** YYYY-MM-DD, not in the future. */
  heldOn: string | null;
  attendees: string[];
  otherAttendees: string;
  decisions: string;
  notes: string;
}

/** A facilitator records a panel meeting: when, who came (members, and anyone else), what was decided, and notes. */
@Injectable()
export class RecordMeetingUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: PanelAccess,
    private readonly panels: PanelRepository,
    private readonly reviews: ReviewRepository,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: MeetingCommand): Promise<string> {
    const round = await this.access.roundFor(command.fundId, command.roundId);
    const members = new Set((await this.panels.members(round.id)).map((m) => m.accountId));
    const problems: FieldProblem[] = [];
    if (!command.heldOn) problems.push({ field: 'heldOn', problem: 'deliberation.meetings.heldOnInvalid' });
    else if (command.heldOn > ukDay(new Date())) problems.push({ field: 'heldOn', problem: 'deliberation.meetings.heldOnFuture' });
    if (command.attendees.some((a) => !members.has(a))) problems.push({ field: 'attendees', problem: 'deliberation.meetings.attendeeUnknown' });
    if (command.attendees.length === 0 && command.otherAttendees.trim() === '') problems.push({ field: 'attendees', problem: 'deliberation.meetings.attendeesRequired' });
    if (command.otherAttendees.length > 500) problems.push({ field: 'otherAttendees', problem: 'deliberation.meetings.tooLong' });
    if (command.decisions.trim() === '' && command.notes.trim() === '') problems.push({ field: 'decisions', problem: 'deliberation.meetings.nothingRecorded' });
    if (command.decisions.length > 4000) problems.push({ field: 'decisions', problem: 'deliberation.meetings.tooLong' });
    if (command.notes.length > 4000) problems.push({ field: 'notes', problem: 'deliberation.meetings.tooLong' });
    if (problems.length > 0) throw new DeliberationException(DeliberationErrorCode.Invalid, problems[0].problem, problems);
    return this.dataSource.transaction(async (manager) => {
      const id = await this.reviews.insertMeeting(manager, round.id, {
        heldOn: command.heldOn!,
        attendees: [...new Set(command.attendees)],
        otherAttendees: command.otherAttendees.trim() || null,
        decisions: command.decisions.trim(),
        notes: command.notes.trim(),
        recordedBy: command.actorId,
      });
      await this.audit.record(manager, { actorId: command.actorId, action: 'deliberation.record-meeting', entityType: 'round', entityId: round.id, before: null, after: { meetingId: id, heldOn: command.heldOn } });
      return id;
    });
  }
}
