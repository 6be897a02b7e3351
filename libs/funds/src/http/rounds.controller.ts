import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { hasPermission } from '@commonpurse/identity';
import { CurrentPrincipal, Page, Permission, PublicRoute, Redirect, RequirePermission, attempt, attemptIfValid, type FieldProblem, type Principal } from '@commonpurse/kernel';
import { hasOptions, parseOptions, QUESTION_TYPES, type QuestionType } from '../domain/form-questions';
import { ALLOCATION_RULES, APPLICANT_TYPES, VOTING_METHODS, type RoundRules } from '../domain/round-rules';
import { PHASES, type Phase } from '../domain/round-timeline';
import { AdvancePhaseUseCase } from '../usecases/advance-phase/advance-phase.usecase';
import { ChangeTimelineUseCase } from '../usecases/change-timeline/change-timeline.usecase';
import { EditQuestionsUseCase } from '../usecases/edit-questions/edit-questions.usecase';
import { FundQueries, type RoundDetail } from '../usecases/fund-queries';
import { ReplaceLotsUseCase } from '../usecases/replace-lots/replace-lots.usecase';
import { UpdateRoundRulesUseCase } from '../usecases/update-round-rules/update-round-rules.usecase';
import { formField, phaseFields, phaseFieldsOf, poundsText, readPhases, readPounds, text } from './round-form';

const MANAGE = [Permission.FundsManage, { type: 'fund', param: 'fundId' }] as const;
const LOT_ROWS_SPARE = 3;

/** The public round page, and the fund manager's pages for one round: phase, rules, timeline, lots and form. */
@ApiExcludeController()
@Controller()
export class RoundsController {
  constructor(
    private readonly queries: FundQueries,
    private readonly advancePhase: AdvancePhaseUseCase,
    private readonly updateRules: UpdateRoundRulesUseCase,
    private readonly changeTimeline: ChangeTimelineUseCase,
    private readonly replaceLots: ReplaceLotsUseCase,
    private readonly editQuestions: EditQuestionsUseCase,
  ) {}

  @Get('funds/:slug/rounds/:round')
  @PublicRoute()
  async show(@Param('slug') slug: string, @Param('round') round: string): Promise<Page> {
    return new Page('funds/round', { round: await this.queries.round(slug, round) });
  }

  @Get('manage/funds/:fundId/rounds/:roundId')
  @RequirePermission(...MANAGE)
  async manage(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string, @CurrentPrincipal() principal: Principal): Promise<Page> {
    const round = await this.queries.round(fundId, roundId);
    // The panel's pages are its facilitators' (they see volunteers' special-category answers): linked for those who are.
    const facilitates = hasPermission(principal, Permission.PanelFacilitate, { type: 'fund', id: round.fund.id });
    return new Page('funds/manage-round', { round, transitions: await this.queries.transitions(round.id), facilitates });
  }

  // --- moving on to the next phase ---

  @Get('manage/funds/:fundId/rounds/:roundId/advance')
  @RequirePermission(...MANAGE)
  async showAdvance(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string): Promise<Page> {
    return this.advancePage(await this.queries.round(fundId, roundId), [], 200);
  }

  @Post('manage/funds/:fundId/rounds/:roundId/advance')
  @RequirePermission(...MANAGE)
  async submitAdvance(
    @CurrentPrincipal() principal: Principal,
    @Param('fundId', new ParseUUIDPipe()) fundId: string,
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<Page | Redirect> {
    const from = text(body.from);
    // The form says which phase the manager saw open; without it a double submit could skip a phase.
    const expectedFrom = from === 'none' ? null : (PHASES as readonly string[]).includes(from) ? (from as Phase) : undefined;
    const result =
      expectedFrom === undefined
        ? { ok: false as const, problems: [{ field: 'phase', problem: 'funds.advance.fromUnknown' }], status: 400 }
        : await attempt(() => this.advancePhase.execute({ actorId: principal.accountId, fundId, roundId, expectedFrom }), 'phase');
    if (!result.ok) return this.advancePage(await this.queries.round(fundId, roundId), result.problems, result.status);
    return new Redirect(`/manage/funds/${fundId}/rounds/${roundId}#phase`);
  }

  private advancePage(round: RoundDetail, problems: FieldProblem[], status: number): Page {
    const enabled = round.phases.filter((p) => p.enabled).map((p) => p.phase);
    const from = round.now.state === 'open' ? round.now.phase : null;
    const to = round.now.state === 'open' ? (enabled[enabled.indexOf(round.now.phase) + 1] ?? null) : round.now.next;
    return new Page('funds/manage-round-advance', { round, from, to, problems }, status);
  }

  // --- rules ---

  @Get('manage/funds/:fundId/rounds/:roundId/rules')
  @RequirePermission(...MANAGE)
  async showRules(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string): Promise<Page> {
    const round = await this.queries.round(fundId, roundId);
    return this.rulesPage(round, rulesValues(round), [], 200);
  }

  @Post('manage/funds/:fundId/rounds/:roundId/rules')
  @RequirePermission(...MANAGE)
  async submitRules(
    @CurrentPrincipal() principal: Principal,
    @Param('fundId', new ParseUUIDPipe()) fundId: string,
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<Page | Redirect> {
    const round = await this.queries.round(fundId, roundId);
    const values = { ...rulesValues(round), ...readRulesForm(body) };
    const problems: FieldProblem[] = [];
    // Frozen rules are shown, not offered as fields, so only the open ones arrive.
    const rules: Partial<RoundRules> = {};
    const open = (rule: keyof RoundRules) => !round.frozen[rule];
    if (!values.name.trim()) problems.push({ field: 'name', problem: 'funds.roundForm.nameMissing' });
    if (open('budgetPence')) rules.budgetPence = readPounds(values.budget, 'budget', problems);
    if (open('grantMinPence')) rules.grantMinPence = readPounds(values.grantMin, 'grantMin', problems);
    if (open('grantMaxPence')) rules.grantMaxPence = readPounds(values.grantMax, 'grantMax', problems);
    if (open('applicantTypes')) rules.applicantTypes = values.applicantTypes as RoundRules['applicantTypes'];
    if (open('votingMethod')) rules.votingMethod = values.votingMethod as RoundRules['votingMethod'];
    if (open('allocationRule')) rules.allocationRule = values.allocationRule as RoundRules['allocationRule'];
    const whole = (field: 'panelWeightPercent' | 'minimumVoterAge' | 'endorsementDots') => {
      if (!/^\d{1,3}$/.test(values[field].trim())) problems.push({ field, problem: `funds.rules.${field}NotNumber` });
      return Number(values[field]);
    };
    if (open('panelWeightPercent')) rules.panelWeightPercent = whole('panelWeightPercent');
    if (open('minimumVoterAge')) rules.minimumVoterAge = whole('minimumVoterAge');
    if (open('endorsementDots')) rules.endorsementDots = whole('endorsementDots');
    if (open('twoStage')) rules.twoStage = values.twoStage === 'yes';
    if (problems.length > 0) return this.rulesPage(round, values, problems, 400);
    const result = await attempt(() => this.updateRules.execute({ actorId: principal.accountId, fundId, roundId, name: values.name, rules }), 'name');
    if (!result.ok) return this.rulesPage(round, values, result.problems.map((p) => ({ ...p, field: formField(p.field) })), 400);
    return new Redirect(`/manage/funds/${fundId}/rounds/${roundId}#rules`);
  }

  private rulesPage(round: RoundDetail, values: RulesValues, problems: FieldProblem[], status: number): Page {
    return new Page('funds/manage-round-rules', { round, values, problems, applicantTypes: APPLICANT_TYPES, votingMethods: VOTING_METHODS, allocationRules: ALLOCATION_RULES }, status);
  }

  // --- timeline ---

  @Get('manage/funds/:fundId/rounds/:roundId/timeline')
  @RequirePermission(...MANAGE)
  async showTimeline(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string): Promise<Page> {
    const round = await this.queries.round(fundId, roundId);
    return new Page('funds/manage-round-timeline', { round, phases: PHASES, values: { phases: phaseFieldsOf(round.phases) } });
  }

  @Post('manage/funds/:fundId/rounds/:roundId/timeline')
  @RequirePermission(...MANAGE)
  async submitTimeline(
    @CurrentPrincipal() principal: Principal,
    @Param('fundId', new ParseUUIDPipe()) fundId: string,
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<Page | Redirect> {
    const round = await this.queries.round(fundId, roundId);
    const values = { phases: phaseFields(body) };
    const problems: FieldProblem[] = [];
    const phases = readPhases(values.phases, problems, round.phases);
    const failed = (found: FieldProblem[]) => new Page('funds/manage-round-timeline', { round, phases: PHASES, values, problems: found }, 400);
    if (problems.length > 0) return failed(problems);
    const result = await attempt(() => this.changeTimeline.execute({ actorId: principal.accountId, fundId, roundId, phases }), 'phases');
    if (!result.ok) return failed(result.problems.map((p) => ({ ...p, field: formField(p.field) })));
    return new Redirect(`/manage/funds/${fundId}/rounds/${roundId}#phase`);
  }

  // --- lots ---

  @Get('manage/funds/:fundId/rounds/:roundId/lots')
  @RequirePermission(...MANAGE)
  async showLots(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string): Promise<Page> {
    const round = await this.queries.round(fundId, roundId);
    const rows = round.lots.map((l) => ({ name: l.name, budget: poundsText(l.budgetPence), basis: l.areaCode ? `area:${l.areaCode}` : `criterion:${l.criterionId}` }));
    return this.lotsPage(round, rows, [], 200);
  }

  /**
   * The whole set of lots on one page, a row each, with a few empty rows to add more without
   * JavaScript. Empty rows are ignored; no rows at all means the budget is not split.
   */
  @Post('manage/funds/:fundId/rounds/:roundId/lots')
  @RequirePermission(...MANAGE)
  async submitLots(
    @CurrentPrincipal() principal: Principal,
    @Param('fundId', new ParseUUIDPipe()) fundId: string,
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<Page | Redirect> {
    const round = await this.queries.round(fundId, roundId);
    const count = Math.min(Number(text(body.rows)) || 0, 60);
    const all = Array.from({ length: count }, (_, i) => ({ name: text(body[`lot-${i}-name`]), budget: text(body[`lot-${i}-budget`]), basis: text(body[`lot-${i}-basis`]) }));
    const rows = all.filter((r) => r.name.trim() || r.budget.trim() || r.basis);
    const problems: FieldProblem[] = [];
    const lots = rows.map((row, i) => {
      const [kind, ...rest] = row.basis.split(':');
      const code = rest.join(':');
      return { name: row.name, budgetPence: readPounds(row.budget, `lot-${i}-budget`, problems), areaCode: kind === 'area' ? code : null, criterionId: kind === 'criterion' ? code : null };
    });
    if (problems.length > 0) return this.lotsPage(round, rows, problems, 400);
    const result = await attempt(() => this.replaceLots.execute({ actorId: principal.accountId, fundId, roundId, lots }), 'lots');
    if (!result.ok) return this.lotsPage(round, rows, result.problems.map((p) => ({ ...p, field: lotField(p.field) })), 400);
    return new Redirect(`/manage/funds/${fundId}/rounds/${roundId}#lots`);
  }

  private lotsPage(round: RoundDetail, rows: Array<{ name: string; budget: string; basis: string }>, problems: FieldProblem[], status: number): Page {
    const padded = [...rows, ...Array.from({ length: LOT_ROWS_SPARE }, () => ({ name: '', budget: '', basis: '' }))];
    return new Page('funds/manage-round-lots', { round, rows: padded, problems }, status);
  }

  // --- application form questions ---

  @Get('manage/funds/:fundId/rounds/:roundId/questions')
  @RequirePermission(...MANAGE)
  async showQuestions(@Param('fundId', new ParseUUIDPipe()) fundId: string, @Param('roundId', new ParseUUIDPipe()) roundId: string): Promise<Page> {
    return this.questionsPage(await this.queries.round(fundId, roundId), { type: 'short-text', required: 'yes' }, [], 200);
  }

  @Post('manage/funds/:fundId/rounds/:roundId/questions')
  @RequirePermission(...MANAGE)
  async addQuestion(
    @CurrentPrincipal() principal: Principal,
    @Param('fundId', new ParseUUIDPipe()) fundId: string,
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<Page | Redirect> {
    const values = { type: text(body.type), label: text(body.label), hint: text(body.hint), required: text(body.required), wordLimit: text(body.wordLimit), options: text(body.options) };
    const problems: FieldProblem[] = [];
    if (!(QUESTION_TYPES as readonly string[]).includes(values.type)) problems.push({ field: 'type', problem: 'funds.questions.typeUnknown' });
    if (values.wordLimit.trim() && !/^\d+$/.test(values.wordLimit.trim())) problems.push({ field: 'wordLimit', problem: 'funds.questions.wordLimitRange' });
    const type = values.type as QuestionType;
    const question = {
      type,
      label: values.label,
      hint: values.hint.trim() || null,
      required: values.required === 'yes',
      wordLimit: type === 'long-text' && values.wordLimit.trim() ? Number(values.wordLimit) : null,
      options: hasOptions(type) ? parseOptions(values.options) : [],
    };
    const result = await attemptIfValid(problems, () => this.editQuestions.add({ actorId: principal.accountId, fundId, roundId }, question), 'label');
    if (!result.ok) return this.questionsPage(await this.queries.round(fundId, roundId), values, result.problems, 400);
    return new Redirect(`/manage/funds/${fundId}/rounds/${roundId}/questions`);
  }

  @Post('manage/funds/:fundId/rounds/:roundId/questions/:questionId')
  @RequirePermission(...MANAGE)
  async changeQuestion(
    @CurrentPrincipal() principal: Principal,
    @Param('fundId', new ParseUUIDPipe()) fundId: string,
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Param('questionId', new ParseUUIDPipe()) questionId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<Page | Redirect> {
    const target = { actorId: principal.accountId, fundId, roundId };
    const action = text(body.action);
    const result = await attempt(
      () => (action === 'remove' ? this.editQuestions.remove(target, questionId) : this.editQuestions.move(target, questionId, action === 'up' ? 'up' : 'down')),
      'label',
    );
    if (!result.ok) return this.questionsPage(await this.queries.round(fundId, roundId), { type: 'short-text', required: 'yes' }, result.problems, 409);
    return new Redirect(`/manage/funds/${fundId}/rounds/${roundId}/questions`);
  }

  private questionsPage(round: RoundDetail, values: Record<string, string>, problems: FieldProblem[], status: number): Page {
    return new Page('funds/manage-round-questions', { round, values, problems, types: QUESTION_TYPES }, status);
  }
}

type RulesValues = {
  name: string;
  budget: string;
  grantMin: string;
  grantMax: string;
  applicantTypes: string[];
  votingMethod: string;
  allocationRule: string;
  panelWeightPercent: string;
  minimumVoterAge: string;
  endorsementDots: string;
  twoStage: string;
};

function rulesValues(round: RoundDetail): RulesValues {
  return {
    name: round.name,
    budget: poundsText(round.budgetPence),
    grantMin: poundsText(round.grantMinPence),
    grantMax: poundsText(round.grantMaxPence),
    applicantTypes: round.applicantTypes,
    votingMethod: round.votingMethod,
    allocationRule: round.allocationRule,
    panelWeightPercent: String(round.panelWeightPercent),
    minimumVoterAge: String(round.minimumVoterAge),
    endorsementDots: String(round.endorsementDots),
    twoStage: round.twoStage ? 'yes' : 'no',
  };
}

/** The fields the rules form sent (frozen ones are not in the form, so they are left out). */
function readRulesForm(body: Record<string, unknown>): Partial<RulesValues> {
  const read: Partial<RulesValues> = {};
  for (const key of ['name', 'budget', 'grantMin', 'grantMax', 'votingMethod', 'allocationRule', 'panelWeightPercent', 'minimumVoterAge', 'endorsementDots', 'twoStage'] as const) {
    if (key in body) read[key] = text(body[key]);
  }
  if ('applicantTypesShown' in body) {
    const types = body.applicantTypes;
    read.applicantTypes = (Array.isArray(types) ? types : [types]).filter((t): t is string => typeof t === 'string');
  }
  return read;
}

/** lots.2.name → lot-2-name: the use case counts lots as the API does; the form names its boxes. */
function lotField(field: string): string {
  const match = field.match(/^lots\.(\d+)\.(\w+)$/);
  if (!match) return 'lot-0-name';
  const box = match[2] === 'budgetPence' ? 'budget' : match[2] === 'basis' ? 'basis' : 'name';
  return `lot-${match[1]}-${box}`;
}
