import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, MaxLength, Min, ValidateNested } from 'class-validator';
import { CONFLICT_KINDS } from '../../domain/conflicts';

class QuotaDto {
  @ApiProperty({ example: 'age-band' }) @IsString() @MaxLength(40) category: string;
  @ApiProperty({ example: '16-24' }) @IsString() @MaxLength(40) value: string;
  @ApiProperty({ minimum: 0 }) @IsInt() min: number;
  @ApiProperty({ minimum: 0 }) @IsInt() max: number;
}

export class PanelSettingsDto {
  @ApiProperty({ minimum: 1, maximum: 200 }) @IsInt() panelSize: number;
  @ApiProperty({ type: [String], description: 'Profile questions volunteers are asked: age-band, gender, ethnicity, disability, tenure, area' }) @IsArray() @ArrayMaxSize(10) @IsString({ each: true }) profileQuestions: string[];
  @ApiProperty({ type: [QuotaDto] }) @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => QuotaDto) quotas: QuotaDto[];
  @ApiPropertyOptional({ minimum: 2, maximum: 10, default: 5 }) @IsOptional() @IsInt() scoreMax?: number;
  @ApiPropertyOptional({ description: 'The settings’ version you read; 409 if someone saved since' }) @IsOptional() @IsInt() @Min(0) version?: number;
}

export class VolunteerDto {
  @ApiProperty({ description: 'Answers to the panel’s profile questions; any left out count as “prefer not to say”', example: { 'age-band': '25-34' } }) @IsObject() answers: Record<string, string>;
}

export class DrawDto {
  @ApiProperty({ maxLength: 200, description: 'The published seed the draw is made from' }) @IsString() @MaxLength(200) seed: string;
}

export class ResponseDto {
  @ApiProperty({ enum: ['accepted', 'declined'] }) @IsIn(['accepted', 'declined']) status: 'accepted' | 'declined';
}

export class DirectMemberDto {
  @ApiProperty() @IsString() @MaxLength(320) email: string;
  @ApiProperty({ maxLength: 300, description: 'Why they are added directly' }) @IsString() @MaxLength(300) note: string;
}

export class DeclarationDto {
  @ApiProperty() @IsUUID() applicationId: string;
  @ApiProperty({ enum: CONFLICT_KINDS }) @IsString() kind: string;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MaxLength(600) detail?: string;
}

export class DeclarationsDto {
  @ApiProperty({ type: [DeclarationDto] }) @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => DeclarationDto) declarations: DeclarationDto[];
}

export class RecordConflictDto extends DeclarationDto {
  @ApiProperty() @IsUUID() accountId: string;
}

export class AssignDto {
  @ApiPropertyOptional({ description: 'Reviewers per application; leave out for everyone to review everything' }) @IsOptional() @IsInt() perApplication?: number;
}

export class ScoreDto {
  @ApiProperty({ description: 'Marks by criterion id (or "overall"), whole numbers from 0 to the panel’s maximum', example: { overall: 4 } }) @IsObject() scores: Record<string, number>;
  @ApiPropertyOptional({ maxLength: 1000 }) @IsOptional() @IsString() @MaxLength(1200) comment?: string;
}

export class PostDto {
  @ApiProperty({ maxLength: 4000 }) @IsString() @MaxLength(4100) body: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() parentId?: string;
}

export class ApplicantQuestionDto {
  @ApiProperty({ maxLength: 1000 }) @IsString() @MaxLength(1100) question: string;
}

export class DecisionDto {
  @ApiProperty({ enum: ['shortlisted', 'not-shortlisted', 'award', 'no-award'] }) @IsString() outcome: string;
  @ApiProperty({ maxLength: 2000 }) @IsString() @MaxLength(2100) rationale: string;
  @ApiPropertyOptional({ description: 'For a direct award of less than was asked for, in pence' }) @IsOptional() @IsInt() awardPence?: number;
  @ApiPropertyOptional({ description: 'Why a decision already made is changed (required then)' }) @IsOptional() @IsString() @MaxLength(1100) reason?: string;
  @ApiPropertyOptional({ description: 'The decision’s version you read (0 for none); 409 if it changed since' }) @IsOptional() @IsInt() @Min(0) version?: number;
}

export class ScoringDto {
  @ApiProperty({ description: 'true closes scoring now; false opens it again while panel review lasts' }) @IsBoolean() closed: boolean;
}

export class CreatedView {
  @ApiProperty() id: string;
}
