import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsEmail, IsIn, IsInt, IsNotEmpty, IsOptional, IsPositive, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { QUESTION_TYPES, type QuestionType } from '../../domain/form-questions';
import { MAX_LOTS } from '../../domain/round-lots';
import { ALLOCATION_RULES, APPLICANT_TYPES, VOTING_METHODS, type AllocationRule, type ApplicantType, type VotingMethod } from '../../domain/round-rules';
import { PHASES, type Phase } from '../../domain/round-timeline';


/** RFC 3339 only: other ISO 8601 forms (20260401, 2026-W14-1) are not dates JavaScript can read. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class FundAreaDto {
  @ApiProperty({ enum: ['ward', 'postcode_district'] })
  @IsIn(['ward', 'postcode_district'])
  kind: 'ward' | 'postcode_district';

  @ApiProperty({ example: 'E05001979', description: 'An ONS ward code (E05, W05, S13, N08) or a postcode district (BS1)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(12)
  code: string;

  @ApiPropertyOptional({ example: 'Ashley' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  name?: string;
}

export class CreateFundDto {
  @ApiProperty({ maxLength: 120 }) @IsString() @IsNotEmpty() @MaxLength(120) name: string;
  @ApiProperty({ maxLength: 2000 }) @IsString() @IsNotEmpty() @MaxLength(2000) purpose: string;

  @ApiProperty({ type: [FundAreaDto] })
  @ValidateNested({ each: true })
  @Type(() => FundAreaDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  areas: FundAreaDto[];
}

export class ContributionDto {
  @ApiProperty({ example: 'GB-LAE-BST', description: '360Giving organisation identifier' }) @IsString() @IsNotEmpty() @MaxLength(60) organisationIdentifier: string;
  @ApiProperty({ example: 'Bristol City Council' }) @IsString() @IsNotEmpty() @MaxLength(200) organisationName: string;
  @ApiProperty({ example: 5000000, description: 'Whole pence' }) @IsInt() @IsPositive() amountPence: number;
  @ApiProperty({ example: '2026-04-01', format: 'date' }) @Matches(DATE, { message: 'receivedOn must be a date written YYYY-MM-DD' }) receivedOn: string;
  @ApiPropertyOptional({ example: 'Only for projects for young people' }) @IsOptional() @IsString() @MaxLength(500) condition?: string;
}

export class FundAreaView {
  @ApiProperty() kind: string;
  @ApiProperty() code: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
}

export class ContributionView {
  @ApiProperty() id: string;
  @ApiProperty() organisationIdentifier: string;
  @ApiProperty() organisationName: string;
  @ApiProperty() amountPence: number;
  @ApiProperty({ format: 'date' }) receivedOn: string;
  @ApiProperty({ nullable: true, type: String }) condition: string | null;
}

export class FundView {
  @ApiProperty() id: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty() purpose: string;
  @ApiProperty({ example: 'GBP' }) currency: string;
  @ApiProperty() totalPence: number;
  @ApiPropertyOptional({ type: [FundAreaView] }) areas?: FundAreaView[];
  @ApiPropertyOptional({ type: [ContributionView] }) contributions?: ContributionView[];
}

export class PhaseDto {
  @ApiProperty({ enum: PHASES })
  @IsIn(PHASES)
  phase: Phase;

  @ApiProperty({ format: 'date-time', example: '2026-06-01T00:00:00+01:00' }) @Matches(DATE_TIME, { message: 'opensAt must be an RFC 3339 date-time' }) opensAt: string;
  @ApiProperty({ format: 'date-time', example: '2026-07-01T00:00:00+01:00' }) @Matches(DATE_TIME, { message: 'closesAt must be an RFC 3339 date-time' }) closesAt: string;
}

export class CreateRoundDto {
  @ApiProperty({ maxLength: 120 }) @IsString() @IsNotEmpty() @MaxLength(120) name: string;
  @ApiProperty({ description: 'Whole pence, out of the fund’s unallocated money' }) @IsInt() @IsPositive() budgetPence: number;
  @ApiProperty() @IsInt() @IsPositive() grantMinPence: number;
  @ApiProperty() @IsInt() @IsPositive() grantMaxPence: number;

  @ApiProperty({ type: [PhaseDto], description: 'The phases the round has; any phase left out is switched off' })
  @ValidateNested({ each: true })
  @Type(() => PhaseDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  phases: PhaseDto[];
}

export class PhaseView {
  @ApiProperty() phase: string;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) opensAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) closesAt: string | null;
}

export class RoundView {
  @ApiProperty() id: string;
  @ApiProperty() fundId: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty() budgetPence: number;
  @ApiProperty() grantMinPence: number;
  @ApiProperty() grantMaxPence: number;
  @ApiProperty({ type: [PhaseView] }) phases: PhaseView[];
  @ApiProperty({ nullable: true, type: String, description: 'The phase open now, if any' }) currentPhase: string | null;
}

// --- round rules, timeline, lots and questions ---

export class UpdateRoundDto {
  @ApiPropertyOptional({ maxLength: 120 }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(120) name?: string;
  @ApiPropertyOptional({ description: 'Whole pence' }) @IsOptional() @IsInt() @IsPositive() budgetPence?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @IsPositive() grantMinPence?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @IsPositive() grantMaxPence?: number;
  @ApiPropertyOptional({ enum: APPLICANT_TYPES, isArray: true }) @IsOptional() @IsArray() @ArrayMaxSize(APPLICANT_TYPES.length) @IsIn(APPLICANT_TYPES, { each: true }) applicantTypes?: ApplicantType[];
  @ApiPropertyOptional({ enum: VOTING_METHODS }) @IsOptional() @IsIn(VOTING_METHODS) votingMethod?: VotingMethod;
  @ApiPropertyOptional({ enum: ALLOCATION_RULES }) @IsOptional() @IsIn(ALLOCATION_RULES) allocationRule?: AllocationRule;
  @ApiPropertyOptional({ minimum: 0, maximum: 100, description: 'How much the panel’s ranking weighs in the result; 0: the vote alone decides' }) @IsOptional() @IsInt() @Min(0) @Max(100) panelWeightPercent?: number;
  @ApiPropertyOptional({ minimum: 11, maximum: 18 }) @IsOptional() @IsInt() minimumVoterAge?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 20, description: 'Endorsement dots each resident may place in co-design' }) @IsOptional() @IsInt() endorsementDots?: number;
  @ApiPropertyOptional({ description: 'Applications in two stages: an expression of interest, then a full application from those invited' }) @IsOptional() @IsBoolean() twoStage?: boolean;
}

export class CreateRoundWithRulesDto extends CreateRoundDto {
  @ApiPropertyOptional({ enum: APPLICANT_TYPES, isArray: true }) @IsOptional() @IsArray() @ArrayMaxSize(APPLICANT_TYPES.length) @IsIn(APPLICANT_TYPES, { each: true }) applicantTypes?: ApplicantType[];
  @ApiPropertyOptional({ enum: VOTING_METHODS }) @IsOptional() @IsIn(VOTING_METHODS) votingMethod?: VotingMethod;
  @ApiPropertyOptional({ enum: ALLOCATION_RULES }) @IsOptional() @IsIn(ALLOCATION_RULES) allocationRule?: AllocationRule;
  @ApiPropertyOptional({ minimum: 0, maximum: 100 }) @IsOptional() @IsInt() panelWeightPercent?: number;
  @ApiPropertyOptional({ minimum: 11, maximum: 18 }) @IsOptional() @IsInt() minimumVoterAge?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 20 }) @IsOptional() @IsInt() endorsementDots?: number;
  @ApiPropertyOptional({ description: 'Applications in two stages' }) @IsOptional() @IsBoolean() twoStage?: boolean;
}

export class TimelineDto {
  @ApiProperty({ type: [PhaseDto], description: 'The whole new timeline; any phase left out is switched off' })
  @ValidateNested({ each: true })
  @Type(() => PhaseDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  phases: PhaseDto[];
}

export class AdvanceDto {
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The phase you expect to be open now (null: none). If another has opened since, nothing changes and you get a 409.' })
  @IsOptional()
  @IsIn([...PHASES, null])
  expectedFrom?: Phase | null;
}

export class LotDto {
  @ApiProperty({ maxLength: 120 }) @IsString() @MaxLength(200) name: string;
  @ApiProperty({ description: 'Whole pence' }) @IsInt() budgetPence: number;
  @ApiPropertyOptional({ description: 'A ward code or postcode district of the fund (for a lot by area)' }) @IsOptional() @IsString() @MaxLength(12) areaCode?: string;
  @ApiPropertyOptional({ description: 'An adopted criterion (for a lot by priority)' }) @IsOptional() @IsUUID() criterionId?: string;
}

export class LotsDto {
  @ApiProperty({ type: [LotDto], description: 'The whole set; an empty list stops splitting the budget' })
  @ValidateNested({ each: true })
  @Type(() => LotDto)
  @ArrayMaxSize(MAX_LOTS)
  lots: LotDto[];
}

export class QuestionDto {
  @ApiProperty({ enum: QUESTION_TYPES }) @IsIn(QUESTION_TYPES) type: QuestionType;
  @ApiProperty({ maxLength: 300 }) @IsString() @IsNotEmpty() @MaxLength(300) label: string;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500) hint?: string;
  @ApiProperty() @IsBoolean() required: boolean;
  @ApiPropertyOptional({ description: 'Long text only' }) @IsOptional() @IsInt() wordLimit?: number;
  @ApiPropertyOptional({ type: [String], description: 'Choice questions only: 2 to 20 options' }) @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) options?: string[];
}

export class MoveQuestionDto {
  @ApiProperty({ enum: ['up', 'down'] }) @IsIn(['up', 'down']) direction: 'up' | 'down';
}

export class LotView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() budgetPence: number;
  @ApiProperty({ nullable: true, type: String }) areaCode: string | null;
  @ApiProperty({ nullable: true, type: String }) criterionId: string | null;
}

export class QuestionView {
  @ApiProperty() id: string;
  @ApiProperty() type: string;
  @ApiProperty() label: string;
  @ApiProperty({ nullable: true, type: String }) hint: string | null;
  @ApiProperty() required: boolean;
  @ApiProperty({ nullable: true, type: Number }) wordLimit: number | null;
  @ApiProperty({ type: [String] }) options: string[];
}

export class CriterionPriorityView {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() endorsements: number;
  @ApiProperty({ nullable: true, type: String, description: 'Set for a duplicate merged into another priority of the trail' }) mergedInto: string | null;
}

export class CriterionView {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty() weight: number;
  @ApiProperty({ description: 'Share of the rubric, whole percent' }) share: number;
  @ApiProperty({ type: [CriterionPriorityView], description: 'The residents’ priorities behind it' }) priorities: CriterionPriorityView[];
  @ApiProperty({ description: 'Residents who proposed, endorsed or commented on those priorities' }) residents: number;
}

export class RulesView {
  @ApiProperty({ type: [String] }) applicantTypes: string[];
  @ApiProperty() votingMethod: string;
  @ApiProperty() allocationRule: string;
  @ApiProperty() panelWeightPercent: number;
  @ApiProperty() minimumVoterAge: number;
  @ApiProperty() endorsementDots: number;
  @ApiProperty() twoStage: boolean;
}

export class RoundDetailView extends RoundView {
  @ApiProperty({ type: RulesView }) rules: RulesView;
  @ApiProperty({ description: 'For each rule, the phase whose start froze it, or null', type: Object }) frozen: Record<string, string | null>;
  @ApiProperty({ type: [LotView] }) lots: LotView[];
  @ApiProperty({ type: [QuestionView] }) questions: QuestionView[];
  @ApiProperty({ type: [CriterionView] }) criteria: CriterionView[];
  @ApiProperty({ description: 'Residents who took part in co-design' }) participants: number;
  @ApiProperty({ nullable: true, type: String }) youSaidWeDid: string | null;
}

export class TransitionView {
  @ApiProperty({ nullable: true, type: String }) fromPhase: string | null;
  @ApiProperty({ nullable: true, type: String }) toPhase: string | null;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ enum: ['clock', 'fund-manager'] }) by: 'clock' | 'fund-manager';
}

export class UpdateFundDto {
  @ApiPropertyOptional({ maxLength: 120 }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(120) name?: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(2000) purpose?: string;

  @ApiPropertyOptional({ type: [FundAreaDto], description: 'The whole new area; fixed once any round of the fund has begun' })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => FundAreaDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  areas?: FundAreaDto[];
}

// --- co-design ---

export class PriorityDto {
  @ApiProperty({ maxLength: 120 }) @IsString() @IsNotEmpty() @MaxLength(120) title: string;
  @ApiProperty({ maxLength: 1000 }) @IsString() @IsNotEmpty() @MaxLength(1000) description: string;
  @ApiPropertyOptional({ maxLength: 300 }) @IsOptional() @IsString() @MaxLength(300) whoItHelps?: string;
}

export class CommentDto {
  @ApiProperty({ maxLength: 1000 }) @IsString() @IsNotEmpty() @MaxLength(1000) body: string;
}

export class MergeDto {
  @ApiProperty({ description: 'The priority the duplicate becomes part of' }) @IsUUID() targetId: string;
}

export class CriterionDto {
  @ApiProperty({ maxLength: 120 }) @IsString() @IsNotEmpty() @MaxLength(120) title: string;
  @ApiProperty({ maxLength: 1000 }) @IsString() @IsNotEmpty() @MaxLength(1000) description: string;
  @ApiProperty({ minimum: 1, maximum: 100 }) @IsInt() @Min(1) @Max(100) weight: number;
}

export class AdoptCriterionDto extends CriterionDto {
  @ApiProperty({ type: [String], description: 'The priorities behind it (at least one)' }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @IsUUID('all', { each: true }) priorityIds: string[];
}

export class PollDto {
  @ApiProperty({ maxLength: 300 }) @IsString() @IsNotEmpty() @MaxLength(300) question: string;
  @ApiProperty({ type: [String], description: '2 to 10 options' }) @IsArray() @ArrayMinSize(2) @ArrayMaxSize(10) @IsString({ each: true }) options: string[];
}

export class PollAnswerDto {
  @ApiProperty({ description: 'The chosen option, counted from 0' }) @IsInt() @Min(0) option: number;
}

export class YouSaidWeDidDto {
  @ApiProperty({ maxLength: 10000 }) @IsString() @IsNotEmpty() @MaxLength(10000) text: string;
}

export class RemovalDto {
  @ApiProperty({ maxLength: 500, description: 'Shown to residents in place of what was taken down' }) @IsString() @IsNotEmpty() @MaxLength(500) reason: string;
}

export class RemovedView {
  @ApiProperty({ description: 'Endorsement dots given back to the residents who placed them' }) dotsReturned: number;
}

export class PriorityView {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ nullable: true, type: String }) whoItHelps: string | null;
  @ApiProperty() endorsements: number;
  @ApiProperty() comments: number;
  @ApiProperty({ nullable: true, type: String }) mergedInto: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Set when the fund manager took it down; its words are then empty' }) removedReason: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CommentView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['resident', 'fund-manager'], description: 'Residents’ names are not published' }) by: 'resident' | 'fund-manager';
  @ApiProperty({ nullable: true, type: String, description: 'null when the fund manager took it down' }) body: string | null;
  @ApiProperty({ nullable: true, type: String }) removedReason: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class PriorityDetailView extends PriorityView {
  @ApiProperty({ type: [CommentView] }) commentList: CommentView[];
}

export class DotsView {
  @ApiProperty() used: number;
  @ApiProperty() allowance: number;
}

export class PollView {
  @ApiProperty() id: string;
  @ApiProperty() question: string;
  @ApiProperty({ type: [String] }) options: string[];
  @ApiProperty({ type: [Number], description: 'Answers per option' }) counts: number[];
}

export class ActivityView {
  @ApiProperty({ enum: ['proposed', 'endorsed', 'commented', 'answered'] }) kind: string;
  @ApiProperty() title: string;
  @ApiProperty() count: number;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty() fundName: string;
  @ApiProperty() roundName: string;
  @ApiProperty() path: string;
}

export class CreatedView {
  @ApiProperty() id: string;
}

export class AddManagerDto {
  @ApiProperty({ description: 'The email of the colleague’s Commonpurse account' }) @IsEmail() @MaxLength(320) email: string;
}

export class FundManagerView {
  @ApiProperty() accountId: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ format: 'date-time' }) since: string;
}

export class GrantPrefixDto {
  @ApiProperty({ description: 'The organisation’s registered 360Giving grant-id prefix, e.g. 360G-bristolcc; empty to clear it', example: '360G-bristolcc' }) @IsString() @MaxLength(70) grantPrefix: string;
}
