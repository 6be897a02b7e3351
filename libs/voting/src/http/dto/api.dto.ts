import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Matches, MaxLength, Min, ValidateNested } from 'class-validator';

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
  @ApiPropertyOptional({ description: 'The version you read; 409 if someone saved since' }) @IsOptional() @IsInt() @Min(0) version?: number;
}

export class PaperBallotDto extends BallotDto {
  @ApiProperty({ description: 'The email of the resident’s account' }) @IsString() @MaxLength(320) voterEmail: string;
}
