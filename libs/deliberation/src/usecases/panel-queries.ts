import { Injectable } from '@nestjs/common';
import { ApplicationQueries, PanelQuestionsUseCase, type ApplicationView, type QuestionRow } from '@commonpurse/applications';
import { FundQueries, type RoundDetail } from '@commonpurse/funds';
import { hasPermission, ResidentDirectory } from '@commonpurse/identity';
import { Permission, type Principal } from '@commonpurse/kernel';
import { isConflicted, type ConflictKind } from '../domain/conflicts';
import { canEditPost, outcomesFor, threadOf, volunteerNumber, type Outcome } from '../domain/panel-rules';
import { answersTo, type ProfileQuestion } from '../domain/profile-questions';
import { aggregate, rubricFor, weightedScore, type Aggregate, type Criterion } from '../domain/scoring';
import { PanelRepository, type DrawRow, type MemberRow, type PanelRow, type VolunteerRow } from '../persistence/panel.repository';
import { ReviewRepository, type DecisionRow, type MeetingRow, type PostRow, type ScoreRow } from '../persistence/review.repository';
import { hasPanel, PanelAccess, reviewOpened, reviewOver } from './panel-access';

export interface NamedMember extends MemberRow {
  name: string;
  email: string;
  /** The volunteer's number in the draw (V001…), when they volunteered before it. */
  number: string | null;
  profile: Record<string, string> | null;
}

export interface ThreadPost extends PostRow {
  authorName: string;
  editable: boolean;
  replies: Array<PostRow & { authorName: string; editable: boolean }>;
}

export interface ScoredApplication {
  id: string;
  reference: string | null;
  title: string;
  organisationName: string | null;
  amountPence: number | null;
  aggregate: Aggregate;
  scores: Array<ScoreRow & { name: string; total: number | null }>;
  conflicted: Array<{ name: string; kind: ConflictKind; detail: string | null }>;
  decision: DecisionRow | null;
}

/** Everything read about a round's panel, by volunteers, panellists and facilitators. */
@Injectable()
export class PanelQueries {
  constructor(
    private readonly access: PanelAccess,
    private readonly panels: PanelRepository,
    private readonly reviews: ReviewRepository,
    private readonly applications: ApplicationQueries,
    private readonly questions: PanelQuestionsUseCase,
    private readonly residents: ResidentDirectory,
    private readonly funds: FundQueries,
  ) {}

  /** What a resident sees of a round's panel: the questions asked, their own answers and where things stand. */
  async forVolunteer(person: Principal, fundKey: string, roundKey: string): Promise<{ round: RoundDetail; panel: PanelRow; questions: Array<{ key: ProfileQuestion; answers: string[] }>; volunteer: VolunteerRow | null; drawn: boolean; member: MemberRow | null; volunteers: number; closed: boolean }> {
    const round = await this.access.publicRound(fundKey, roundKey);
    const [panel, volunteer, draw, member, volunteers] = await Promise.all([this.panels.find(round.id), this.panels.volunteer(round.id, person.accountId), this.panels.draw(round.id), this.panels.member(round.id, person.accountId), this.panels.volunteers(round.id)]);
    const areaCodes = round.areas.map((a) => a.code);
    return {
      round,
      panel,
      questions: panel.profileQuestions.map((key) => ({ key, answers: answersTo(key, areaCodes) })),
      volunteer: volunteer ?? null,
      drawn: !!draw,
      member: member ?? null,
      volunteers: volunteers.length,
      closed: reviewOver(round),
    };
  }

  /** The panels a person has been asked onto, and those they facilitate. */
  async mine(person: Principal): Promise<{ panels: Array<{ roundId: string; status: MemberRow['status']; roundName: string; fundName: string; reviewOpen: boolean }>; facilitating: Array<{ fundId: string; roundId: string; roundName: string; fundName: string }> }> {
    const panels = [];
    for (const seat of await this.panels.roundsOf(person.accountId)) {
      const round = await this.access.roundById(seat.roundId);
      panels.push({ ...seat, roundName: round.name, fundName: round.fund.name, reviewOpen: reviewOpened(round) && !reviewOver(round) });
    }
    const facilitating = [];
    for (const fund of await this.funds.list()) {
      if (!hasPermission(person, Permission.PanelFacilitate, { type: 'fund', id: fund.id })) continue;
      for (const listed of (await this.funds.detail(fund.id)).rounds) {
        const round = await this.access.roundById(listed.id);
        if (hasPanel(round)) facilitating.push({ fundId: fund.id, roundId: round.id, roundName: round.name, fundName: fund.name });
      }
    }
    return { panels, facilitating };
  }

  /** A panellist's list of the round's eligible applications, with their declaration, assignment and score on each. */
  async panellistHome(person: Principal, roundId: string) {
    const seat = await this.access.seat(person, roundId);
    const [applications, conflicts, assignments, scores] = await Promise.all([this.applications.eligible(roundId), this.reviews.conflicts(roundId), this.reviews.assignments(roundId), this.reviews.scores(roundId)]);
    const mine = (rows: Array<{ applicationId: string; accountId: string }>) => new Set(rows.filter((r) => r.accountId === person.accountId).map((r) => r.applicationId));
    const assigned = mine(assignments);
    const myConflicts = new Map(conflicts.filter((c) => c.accountId === person.accountId).map((c) => [c.applicationId, c]));
    const myScores = new Map(scores.filter((s) => s.accountId === person.accountId).map((s) => [s.applicationId, s]));
    return {
      ...seat,
      reviewOpen: reviewOpened(seat.round),
      reviewOver: reviewOver(seat.round),
      undeclared: applications.filter((a) => !myConflicts.has(a.id)).length,
      applications: applications.map((a) => ({
        id: a.id,
        reference: a.reference,
        title: a.title,
        summary: a.summary,
        organisationName: a.organisationName,
        amountPence: a.amountPence,
        conflict: myConflicts.get(a.id) ?? null,
        assigned: assignments.length === 0 || assigned.has(a.id),
        score: myScores.get(a.id) ?? null,
      })),
    };
  }

  /** An application as a panellist opens it: the application, the discussion with the applicant's answers, their note and score. */
  async panellistApplication(person: Principal, roundId: string, applicationId: string) {
    const opened = await this.access.application(person, roundId, applicationId);
    const [posts, note, score, questions] = await Promise.all([this.reviews.posts(applicationId), this.reviews.note(applicationId, person.accountId), this.reviews.score(applicationId, person.accountId), this.questions.list(applicationId)]);
    return {
      ...opened,
      rubric: this.rubric(opened.round),
      thread: await this.thread(posts, person.accountId),
      questions: await this.withNames(questions),
      note,
      score: score ?? null,
      scoringOpen: !opened.panel.scoringClosedAt && opened.round.now.state === 'open' && opened.round.now.phase === 'panel-review',
      discussionOpen: opened.round.now.state === 'open' && opened.round.now.phase === 'panel-review',
    };
  }

  /** The panel's scores on an application, for panellists not conflicted on it. */
  async panellistScores(person: Principal, roundId: string, applicationId: string): Promise<{ round: RoundDetail; view: ApplicationView; scored: ScoredApplication; rubric: Criterion[] }> {
    const opened = await this.access.application(person, roundId, applicationId);
    const rubric = this.rubric(opened.round);
    const [scored] = await this.scored(opened.round, rubric, [applicationId]);
    return { round: opened.round, view: opened.view, scored, rubric };
  }

  /** A file of an application someone may read (the caller opened it through PanelAccess). */
  file(view: ApplicationView, fileId: string) {
    return this.applications.file(view, fileId);
  }

  // --- for facilitators ---

  async overview(fundId: string, roundId: string) {
    const round = await this.access.roundFor(fundId, roundId);
    const [panel, volunteers, draw, members, conflicts, assignments, applications] = await Promise.all([
      this.panels.find(round.id),
      this.panels.volunteers(round.id),
      this.panels.draw(round.id),
      this.panels.members(round.id),
      this.reviews.conflicts(round.id),
      this.reviews.assignments(round.id),
      this.applications.eligible(round.id),
    ]);
    const areaCodes = round.areas.map((a) => a.code);
    // Totals per answer: the only way volunteers' answers leave the facilitator's own pages.
    const totals = panel.profileQuestions.map((key) => ({ key, answers: answersTo(key, areaCodes).map((answer) => ({ answer, volunteers: volunteers.filter((v) => v.profile[key] === answer).length })) }));
    const named = await this.named(members, draw, volunteers);
    const replaced = new Set(members.map((m) => m.replaces).filter(Boolean));
    return {
      round,
      panel,
      volunteers: volunteers.length,
      totals,
      draw: draw ?? null,
      members: named.map((m) => ({ ...m, replaced: replaced.has(m.accountId) })),
      reservesLeft: draw ? draw.reserves.length - members.filter((m) => m.source === 'reserve').length : 0,
      applications: applications.length,
      declarations: conflicts.length,
      conflicts: conflicts.filter((c) => isConflicted(c.kind)).length,
      assignments: assignments.length,
      reviewOpen: round.now.state === 'open' && round.now.phase === 'panel-review',
      closed: reviewOver(round),
    };
  }

  async volunteersOf(fundId: string, roundId: string) {
    const round = await this.access.roundFor(fundId, roundId);
    const [panel, volunteers] = await Promise.all([this.panels.find(round.id), this.panels.volunteers(round.id)]);
    const people = new Map((await this.residents.byIds(volunteers.map((v) => v.accountId))).map((p) => [p.accountId, p]));
    return { round, panel, volunteers: volunteers.map((v) => ({ ...v, name: people.get(v.accountId)?.name ?? '', email: people.get(v.accountId)?.email ?? '' })) };
  }

  async drawRecord(fundId: string, roundId: string): Promise<{ round: RoundDetail; draw: DrawRow | null; drawnByName: string }> {
    const round = await this.access.roundFor(fundId, roundId);
    const draw = await this.panels.draw(round.id);
    const [by] = draw ? await this.residents.byIds([draw.drawnBy]) : [];
    return { round, draw: draw ?? null, drawnByName: by?.name ?? '' };
  }

  async conflictsOf(fundId: string, roundId: string) {
    const round = await this.access.roundFor(fundId, roundId);
    const [members, conflicts, applications] = await Promise.all([this.panels.members(round.id), this.reviews.conflicts(round.id), this.applications.eligible(round.id)]);
    const seated = members.filter((m) => m.status === 'accepted');
    const people = new Map((await this.residents.byIds(seated.map((m) => m.accountId))).map((p) => [p.accountId, p.name]));
    return {
      round,
      members: seated.map((m) => ({ accountId: m.accountId, name: people.get(m.accountId) ?? '' })),
      applications: applications.map((a) => ({ id: a.id, reference: a.reference, title: a.title })),
      conflicts: conflicts.map((c) => ({ ...c, name: people.get(c.accountId) ?? '', application: applications.find((a) => a.id === c.applicationId) })),
      undeclared: seated.map((m) => ({ name: people.get(m.accountId) ?? '', count: applications.filter((a) => !conflicts.some((c) => c.accountId === m.accountId && c.applicationId === a.id)).length })).filter((u) => u.count > 0),
    };
  }

  async assignmentsOf(fundId: string, roundId: string) {
    const round = await this.access.roundFor(fundId, roundId);
    const [members, assignments, applications] = await Promise.all([this.panels.members(round.id), this.reviews.assignments(round.id), this.applications.eligible(round.id)]);
    const seated = members.filter((m) => m.status === 'accepted');
    const people = new Map((await this.residents.byIds(seated.map((m) => m.accountId))).map((p) => [p.accountId, p.name]));
    return {
      round,
      panellists: seated.length,
      rows: applications.map((a) => ({ id: a.id, reference: a.reference, title: a.title, reviewers: assignments.filter((x) => x.applicationId === a.id).map((x) => people.get(x.accountId) ?? '') })),
      everyone: assignments.length === 0,
    };
  }

  /** The facilitator's table: each eligible application's aggregate, the scores and comments behind it, and the decision so far. */
  async scoresTable(fundId: string, roundId: string, sort: 'score' | 'reference' | 'spread' = 'score') {
    const round = await this.access.roundFor(fundId, roundId);
    const rubric = this.rubric(round);
    const rows = await this.scored(round, rubric);
    const by = {
      score: (a: ScoredApplication, b: ScoredApplication) => (b.aggregate.mean ?? -1) - (a.aggregate.mean ?? -1) || String(a.reference).localeCompare(String(b.reference)),
      spread: (a: ScoredApplication, b: ScoredApplication) => (b.aggregate.spread ?? -1) - (a.aggregate.spread ?? -1) || String(a.reference).localeCompare(String(b.reference)),
      reference: (a: ScoredApplication, b: ScoredApplication) => String(a.reference).localeCompare(String(b.reference)),
    }[sort];
    const panel = await this.panels.find(round.id);
    return { round, rubric, panel, sort, rows: [...rows].sort(by), outcomes: outcomesFor(round.phases.some((p) => p.phase === 'public-vote' && p.enabled)), reviewOpen: round.now.state === 'open' && round.now.phase === 'panel-review' };
  }

  /** One application as its facilitator sees it: everything the panel does, with its scores and conflicts. */
  async facilitatorApplication(fundId: string, roundId: string, applicationId: string) {
    const round = await this.access.roundFor(fundId, roundId);
    const view = await this.applications.forPanel(round.id, applicationId);
    const rubric = this.rubric(round);
    const [[scored], posts, questions] = await Promise.all([this.scored(round, rubric, [applicationId]), this.reviews.posts(applicationId), this.questions.list(applicationId)]);
    return { round, view, rubric, scored, thread: await this.thread(posts, null), questions: await this.withNames(questions), outcomes: outcomesFor(round.phases.some((p) => p.phase === 'public-vote' && p.enabled)), reviewOpen: round.now.state === 'open' && round.now.phase === 'panel-review' };
  }

  async meetingsOf(fundId: string, roundId: string): Promise<{ round: RoundDetail; meetings: Array<MeetingRow & { attendeeNames: string[] }>; members: Array<{ accountId: string; name: string }> }> {
    const round = await this.access.roundFor(fundId, roundId);
    const [meetings, members] = await Promise.all([this.reviews.meetings(round.id), this.panels.members(round.id)]);
    const people = new Map((await this.residents.byIds(members.map((m) => m.accountId))).map((p) => [p.accountId, p.name]));
    return {
      round,
      meetings: meetings.map((m) => ({ ...m, attendeeNames: m.attendees.map((a) => people.get(a) ?? '') })),
      members: members.filter((m) => m.status === 'accepted').map((m) => ({ accountId: m.accountId, name: people.get(m.accountId) ?? '' })),
    };
  }

  // --- helpers ---

  private rubric(round: RoundDetail): Criterion[] {
    return rubricFor(round.criteria.map((c) => ({ id: c.id, title: c.title, weight: c.weight })));
  }

  /** The round's eligible applications (or only those asked for) with their scores, conflicts and decisions. */
  private async scored(round: RoundDetail, rubric: Criterion[], only?: string[]): Promise<ScoredApplication[]> {
    const [applications, scores, conflicts, decisions] = await Promise.all([this.applications.eligible(round.id), this.reviews.scores(round.id), this.reviews.conflicts(round.id), this.reviews.decisions(round.id)]);
    const applicationIds = only ?? applications.map((a) => a.id);
    const people = new Map((await this.residents.byIds([...new Set([...scores.map((s) => s.accountId), ...conflicts.map((c) => c.accountId)])])).map((p) => [p.accountId, p.name]));
    return applicationIds.flatMap((id) => {
      const a = applications.find((x) => x.id === id);
      if (!a) return [];
      const against = conflicts.filter((c) => c.applicationId === id && isConflicted(c.kind));
      const conflicted = new Set(against.map((c) => c.accountId));
      const own = scores.filter((s) => s.applicationId === id);
      return [
        {
          id,
          reference: a.reference,
          title: a.title,
          organisationName: a.organisationName,
          amountPence: a.amountPence,
          aggregate: aggregate(rubric, own, conflicted),
          scores: own.filter((s) => !conflicted.has(s.accountId)).map((s) => ({ ...s, name: people.get(s.accountId) ?? '', total: s.complete ? weightedScore(rubric, s.marks) : null })),
          conflicted: against.map((c) => ({ name: people.get(c.accountId) ?? '', kind: c.kind, detail: c.detail })),
          decision: decisions.find((d) => d.applicationId === id) ?? null,
        },
      ];
    });
  }

  private async thread(posts: PostRow[], viewer: string | null): Promise<ThreadPost[]> {
    const people = new Map((await this.residents.byIds([...new Set(posts.map((p) => p.authorId))])).map((p) => [p.accountId, p.name]));
    const now = new Date();
    const named = posts.map((p) => ({ ...p, authorName: people.get(p.authorId) ?? '', editable: viewer !== null && canEditPost(p, viewer, now) }));
    return threadOf(named);
  }

  private async withNames(questions: QuestionRow[]): Promise<Array<QuestionRow & { askedByName: string }>> {
    const people = new Map((await this.residents.byIds([...new Set(questions.map((q) => q.askedBy))])).map((p) => [p.accountId, p.name]));
    return questions.map((q) => ({ ...q, askedByName: people.get(q.askedBy) ?? '' }));
  }

  private async named(members: MemberRow[], draw: DrawRow | undefined, volunteers: VolunteerRow[]): Promise<NamedMember[]> {
    const people = new Map((await this.residents.byIds(members.map((m) => m.accountId))).map((p) => [p.accountId, p]));
    return members.map((m) => {
      const index = draw ? draw.volunteerIds.indexOf(m.accountId) : -1;
      return {
        ...m,
        name: people.get(m.accountId)?.name ?? '',
        email: people.get(m.accountId)?.email ?? '',
        number: index >= 0 ? volunteerNumber(index) : null,
        profile: volunteers.find((v) => v.accountId === m.accountId)?.profile ?? null,
      };
    });
  }
}

export type { Outcome };
