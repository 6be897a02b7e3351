import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { LANGUAGES, type Language } from '@commonpurse/kernel';

export class RoleGrantDto {
  @ApiProperty({ example: 'fund_manager' }) role: string;
  @ApiProperty({ enum: ['global', 'organisation', 'fund'] }) scopeType: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) scopeId: string | null;
}

export class MeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: LANGUAGES }) language: string;
  @ApiProperty({ nullable: true, type: String, example: 'BS1 5TR' }) postcode: string | null;
  @ApiProperty() emailVerified: boolean;
  @ApiProperty({ type: [RoleGrantDto] }) roles: RoleGrantDto[];
  @ApiProperty({ type: [String], description: 'The scopes of the token making this request' }) tokenScopes: string[];
}

export class UpdateMeDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName?: string;

  @ApiPropertyOptional({ enum: LANGUAGES })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'BS1 5TR', description: 'Where you live; null clears it' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  postcode?: string | null;
}
