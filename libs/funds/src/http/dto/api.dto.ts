import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsNotEmpty, IsOptional, IsPositive, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';

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
  @ApiProperty({ enum: ['co-design', 'applications', 'screening', 'panel-review', 'public-vote', 'results', 'awards'] })
  @IsIn(['co-design', 'applications', 'screening', 'panel-review', 'public-vote', 'results', 'awards'])
  phase: 'co-design' | 'applications' | 'screening' | 'panel-review' | 'public-vote' | 'results' | 'awards';

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
