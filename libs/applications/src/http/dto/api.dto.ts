import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { MAX_PENCE } from '../../domain/application-form';
import { ORGANISATION_TYPES, type OrganisationType } from '../../domain/applicant-organisation';
import { DECISIONS, type Decision } from '../../domain/application-status';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

export class OrganisationDto {
  @ApiProperty({ maxLength: 200 }) @IsString() @MaxLength(200) name: string;
  @ApiProperty({ enum: ORGANISATION_TYPES }) @IsIn(ORGANISATION_TYPES) type: OrganisationType;
  @ApiPropertyOptional({ description: 'Charity (6–7 digits, or SC and 6 digits) or company (8 characters) number' }) @IsOptional() @IsString() @MaxLength(20) registrationNumber?: string;
  @ApiProperty({ maxLength: 200 }) @IsString() @MaxLength(200) addressLine1: string;
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @MaxLength(200) addressLine2?: string;
  @ApiProperty({ maxLength: 100 }) @IsString() @MaxLength(100) town: string;
  @ApiProperty({ example: 'BS5 6XY' }) @IsString() @MaxLength(10) postcode: string;
  @ApiProperty({ maxLength: 100 }) @IsString() @MaxLength(100) contactName: string;
  @ApiProperty({ maxLength: 320 }) @IsString() @MaxLength(320) contactEmail: string;
  @ApiPropertyOptional({ maxLength: 20 }) @IsOptional() @IsString() @MaxLength(20) contactPhone?: string;
}

export class UpdateOrganisationDto extends OrganisationDto {
  @ApiProperty({ description: 'The version you read; a save over someone else’s newer one is refused with 409' }) @IsInt() @Min(1) version: number;
}

export class MemberDto {
  @ApiProperty({ description: 'The email of the person’s confirmed Commonpurse account' }) @IsString() @MaxLength(320) email: string;
}

class SectionSave {
  @ApiProperty({ description: 'The section’s version you read (from GET); 409 if a co-editor saved it since' }) @IsInt() @Min(0) version: number;
  @ApiPropertyOptional({ description: 'Mark the section complete (checked in full); otherwise saved as a draft' }) @IsOptional() @IsBoolean() complete?: boolean;
}

export class OrganisationSectionDto extends SectionSave {
  @ApiProperty({ nullable: true, type: String }) @IsOptional() @IsUUID() organisationId: string | null;
}

export class ProjectSectionDto extends SectionSave {
  @ApiProperty() @IsString() @MaxLength(200) title: string;
  @ApiProperty() @IsString() @MaxLength(300) summary: string;
  @ApiProperty() @IsString() @MaxLength(10_000) description: string;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @Matches(DATE, { message: 'startOn must be a date written YYYY-MM-DD' }) startOn?: string;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @Matches(DATE, { message: 'endOn must be a date written YYYY-MM-DD' }) endOn?: string;
}

export class WhereSectionDto extends SectionSave {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(12) areaCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() lotId?: string;
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(50) @IsUUID('all', { each: true }) criterionIds: string[];
}

export class BudgetLineDto {
  @ApiProperty() @IsString() @MaxLength(300) item: string;
  @ApiProperty({ description: 'Whole pence' }) @IsInt() @Min(0) @Max(MAX_PENCE) amountPence: number;
  @ApiPropertyOptional({ description: 'Whole pence from other funders' }) @IsOptional() @IsInt() @Min(0) @Max(MAX_PENCE) otherFundingPence?: number;
}

export class BudgetSectionDto extends SectionSave {
  @ApiPropertyOptional({ description: 'Whole pence' }) @IsOptional() @IsInt() @Min(1) @Max(MAX_PENCE) amountPence?: number;
  @ApiProperty({ type: [BudgetLineDto] }) @IsArray() @ArrayMaxSize(30) @ValidateNested({ each: true }) @Type(() => BudgetLineDto) lines: BudgetLineDto[];
}

export class QuestionsSectionDto extends SectionSave {
  @ApiProperty({ description: 'Answers by question id: text, a number, "yes"/"no", an option, a list of options, a date (YYYY-MM-DD) or a file id', type: Object })
  @IsDefined()
  answers: Record<string, unknown>;
}

export class DocumentsSectionDto extends SectionSave {}

export class SubmitDto {
  @ApiProperty({ description: 'The applicant confirms the declaration' }) @IsBoolean() declaration: boolean;
}

export class AcceptOfferDto {
  @ApiProperty({ description: 'The applicant accepts the offer and its conditions on behalf of the organisation' }) @IsBoolean() accept: boolean;
  @ApiProperty({ description: 'The offerSha256 of the offer read (GET …/offer): if the offer has changed since, nothing is accepted (409)' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'offerSha256 must be the 64 hexadecimal digits the offer gave' })
  offerSha256: string;
}

export class ScreeningDto {
  @ApiProperty({ enum: DECISIONS }) @IsIn(DECISIONS) decision: Decision;
  @ApiProperty({ maxLength: 2000 }) @IsString() @MaxLength(2000) reason: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'For needs-info: until when the applicant may change it' }) @IsOptional() @Matches(DATE_TIME, { message: 'infoUntil must be an RFC 3339 date-time' }) infoUntil?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'The application’s updatedAt you read: if it has changed since, 409, and nothing is decided' }) @IsOptional() @Matches(DATE_TIME, { message: 'seenUpdatedAt must be an RFC 3339 date-time' }) seenUpdatedAt?: string;
}

export class CreatedView {
  @ApiProperty() id: string;
}

export class SubmittedView {
  @ApiProperty() reference: string;
}

export class OfferTrancheView {
  @ApiProperty() seq: number;
  @ApiProperty() amountPence: number;
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'Null: due when the offer is accepted' }) dueOn: string | null;
  @ApiProperty({ description: 'The default: the whole award in one tranche, due on acceptance' }) onAcceptance: boolean;
  @ApiProperty() paid: boolean;
}

export class OfferAcceptanceView {
  @ApiProperty() acceptedBy: string;
  @ApiProperty({ format: 'date-time' }) acceptedAt: string;
  @ApiProperty() conditionsSha256: string;
}

export class OfferView {
  @ApiProperty() awardId: string;
  @ApiProperty() amountPence: number;
  @ApiProperty() paidPence: number;
  @ApiProperty() withdrawn: boolean;
  @ApiProperty({ type: [String], description: 'The funding organisations whose money it is' }) funders: string[];
  @ApiProperty({ type: [OfferTrancheView] }) tranches: OfferTrancheView[];
  @ApiProperty() conditionsVersion: number;
  @ApiProperty({ type: [String] }) conditions: string[];
  @ApiProperty({ enum: ['en', 'cy'] }) language: string;
  @ApiProperty({ description: 'The whole offer, one line each: what is accepted' }) text: string;
  @ApiProperty({ description: 'SHA-256 of text: send it back to accept this offer' }) offerSha256: string;
  @ApiProperty({ type: OfferAcceptanceView, nullable: true }) acceptance: OfferAcceptanceView | null;
}

export class ApplicationView {
  @ApiProperty() id: string;
  @ApiProperty() roundId: string;
  @ApiProperty({ nullable: true, type: String }) organisationId: string | null;
  @ApiProperty() status: string;
  @ApiProperty({ enum: ['interest', 'full'], description: 'In a two-stage round, an expression of interest comes first' }) stage: string;
  @ApiProperty({ nullable: true, type: String }) reference: string | null;
  @ApiProperty() title: string;
  @ApiProperty() summary: string;
  @ApiProperty() description: string;
  @ApiProperty({ nullable: true, type: String }) startOn: string | null;
  @ApiProperty({ nullable: true, type: String }) endOn: string | null;
  @ApiProperty({ nullable: true, type: String }) areaCode: string | null;
  @ApiProperty({ nullable: true, type: String }) lotId: string | null;
  @ApiProperty({ nullable: true, type: Number }) amountPence: number | null;
  @ApiProperty({ type: [String] }) criterionIds: string[];
  @ApiProperty({ type: Object, description: 'Each section: its version (send it back when saving) and status' }) sections: Record<string, { version: number; status: string }>;
  @ApiProperty({ type: Object }) answers: Record<string, unknown>;
  @ApiProperty({ type: [Object] }) lines: Array<{ item: string; amountPence: number | null; otherFundingPence: number | null }>;
  @ApiProperty({ type: [Object] }) files: Array<{ id: string; fileName: string; mimeType: string; sizeBytes: number }>;
  @ApiProperty({ type: [Object], nullable: true }) eligibility: unknown;
  @ApiProperty({ nullable: true, type: String }) infoRequestedUntil: string | null;
  @ApiProperty({ type: [Object] }) decisions: Array<{ decision: string; reason: string; decidedAt: string }>;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
