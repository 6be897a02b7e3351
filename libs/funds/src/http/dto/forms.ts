import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { Trim } from '@commonpurse/kernel';

export class CreateFundForm {
  @Trim()
  @IsNotEmpty({ message: 'funds.create.nameMissing' })
  @MaxLength(120, { message: 'funds.create.nameTooLong' })
  @IsString()
  name: string;

  @Trim()
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
  @Trim()
  @IsNotEmpty({ message: 'funds.contribution.identifierMissing' })
  @IsString()
  organisationIdentifier: string;

  @Trim()
  @IsNotEmpty({ message: 'funds.contribution.organisationNameMissing' })
  @MaxLength(200, { message: 'funds.contribution.organisationNameTooLong' })
  @IsString()
  organisationName: string;

  @Trim()
  @IsNotEmpty({ message: 'funds.contribution.amountMissing' })
  @IsString()
  amount: string;

  @IsOptional()
  @Trim()
  @MaxLength(500, { message: 'funds.contribution.conditionTooLong' })
  @IsString()
  condition?: string;
}
