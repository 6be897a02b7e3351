import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateFundForm {
  @Transform(trim)
  @IsNotEmpty({ message: 'funds.create.nameMissing' })
  @MaxLength(120, { message: 'funds.create.nameTooLong' })
  @IsString()
  name: string;

  @Transform(trim)
  @IsNotEmpty({ message: 'funds.create.purposeMissing' })
  @MaxLength(2000, { message: 'funds.create.purposeTooLong' })
  @IsString()
  purpose: string;

  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  wards?: string;

  @IsOptional()
  @IsString()
  @MaxLength(5_000)
  postcodeDistricts?: string;
}

export class ContributionForm {
  @Transform(trim)
  @IsNotEmpty({ message: 'funds.contribution.identifierMissing' })
  @IsString()
  organisationIdentifier: string;

  @Transform(trim)
  @IsNotEmpty({ message: 'funds.contribution.organisationNameMissing' })
  @MaxLength(200, { message: 'funds.contribution.organisationNameTooLong' })
  @IsString()
  organisationName: string;

  @Transform(trim)
  @IsNotEmpty({ message: 'funds.contribution.amountMissing' })
  @IsString()
  amount: string;

  @IsOptional()
  @Transform(trim)
  @MaxLength(500, { message: 'funds.contribution.conditionTooLong' })
  @IsString()
  condition?: string;
}
