import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { MAX_SHEETS } from '../../domain/paper-batch';

export class ChoiceDto {
  @ApiProperty({ description: 'The id of a project on the ballot (an application id)' }) @IsString() @MaxLength(100) projectId: string;
  @ApiPropertyOptional({ description: 'For cumulative ballots: the points given it' }) @IsOptional() @IsInt() points?: number;
}

export class BallotDto {
  @ApiPropertyOptional({ description: 'The lot voted in (its id); leave out for a round without lots' }) @IsOptional() @IsString() @MaxLength(100) lot?: string;
  @ApiProperty({ type: [ChoiceDto], description: 'The choices, most wanted first for ranked ballots' }) @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => ChoiceDto) choices: ChoiceDto[];
}

export class DateOfBirthDto {
  @ApiProperty({ format: 'date' }) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be a date written YYYY-MM-DD' }) dateOfBirth: string;
}

export class BallotSettingsDto {
  @ApiProperty({ minimum: 0 }) @IsInt() @Min(0) minChoices: number;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Most choices (approval) or ranks (ranked); null for no limit' }) @IsOptional() @IsInt() maxChoices?: number | null;
  @ApiPropertyOptional({ description: 'Points each voter spreads (cumulative)' }) @IsOptional() @IsInt() points?: number;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Most points on one project (cumulative); null for no cap' }) @IsOptional() @IsInt() maxPointsPerProject?: number | null;
  @ApiPropertyOptional({ description: 'Least share of the budget a knapsack ballot must spend, %' }) @IsOptional() @IsInt() minSpendPercent?: number;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'For the greedy-threshold rule: the least support (votes, or points) a project needs to take part' }) @IsOptional() @IsInt() @Min(0) supportThreshold?: number | null;
  @ApiPropertyOptional({ enum: ['declaration', 'council-list'], description: 'How residents are verified: their own declaration, or staff confirming them against the fund’s eligibility list as well' }) @IsOptional() @IsString() verification?: string;
  @ApiPropertyOptional({ enum: ['every', 'one'], description: 'Where the round has lots: whether a resident votes in every lot or in one only' }) @IsOptional() @IsString() lotsPerVoter?: string;
  @ApiPropertyOptional({ description: 'The version you read; 409 if someone saved since' }) @IsOptional() @IsInt() @Min(0) version?: number;
}

export class VoterConfirmationDto {
  @ApiProperty({ description: 'The email of the resident’s account' }) @IsString() @MaxLength(320) voterEmail: string;
  @ApiProperty({ description: 'The identifier the resident showed (as on their council letter); only its SHA-256 is kept' }) @IsString() @MaxLength(200) identifier: string;
}

export class PaperBallotDto extends BallotDto {
  @ApiProperty({ description: 'The email of the resident’s account' }) @IsString() @MaxLength(320) voterEmail: string;
}

export class PaperBatchDto {
  @ApiPropertyOptional({ description: 'The lot its sheets are for (its id); leave out for a round without lots' }) @IsOptional() @IsString() @MaxLength(100) lot?: string;
  @ApiProperty({ description: 'Where the box of sheets came from, e.g. "Library event, box 2"; one batch a label' }) @IsString() @MaxLength(200) label: string;
}

export class PaperSheetChoiceDto {
  @ApiProperty({ description: 'The project’s reference as printed on the ballot paper, e.g. WW28-0003' }) @IsString() @MaxLength(50) reference: string;
  @ApiPropertyOptional({ description: 'For cumulative ballots: the points given it' }) @IsOptional() @IsInt() @Min(0) points?: number;
}

export class PaperSheetDto {
  @ApiProperty({ minimum: 1, description: 'The number on the sheet' }) @IsInt() @Min(1) @Max(999_999) sheet: number;
  @ApiProperty({ description: 'The email of the resident’s account' }) @IsString() @MaxLength(320) voterEmail: string;
  @ApiProperty({ type: [PaperSheetChoiceDto], description: 'The projects as marked, most wanted first for ranked ballots' }) @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => PaperSheetChoiceDto) choices: PaperSheetChoiceDto[];
}

export class PaperBatchKeyingDto {
  @ApiProperty({ type: [PaperSheetDto], description: 'Every sheet in the batch, as this person keyed them; a problem names the sheet by its place here ("Line 3")' })
  @IsArray()
  @ArrayMaxSize(MAX_SHEETS)
  @ValidateNested({ each: true })
  @Type(() => PaperSheetDto)
  sheets: PaperSheetDto[];
}
