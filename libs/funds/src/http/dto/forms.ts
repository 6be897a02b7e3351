import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
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

/** The same fields as creating a fund; the area boxes are left out of the form once the area is fixed. */
export class EditFundForm extends CreateFundForm {}

export class PriorityForm {
  @Trim()
  @IsNotEmpty({ message: 'funds.priority.titleMissing' })
  @MaxLength(120, { message: 'funds.priority.titleTooLong' })
  @IsString()
  title: string;

  @Trim()
  @IsNotEmpty({ message: 'funds.priority.descriptionMissing' })
  @MaxLength(1000, { message: 'funds.priority.descriptionTooLong' })
  @IsString()
  description: string;

  @IsOptional()
  @Trim()
  @MaxLength(300, { message: 'funds.priority.whoItHelpsTooLong' })
  @IsString()
  whoItHelps?: string;
}

export class CommentForm {
  @Trim()
  @IsNotEmpty({ message: 'funds.comment.missing' })
  @MaxLength(1000, { message: 'funds.comment.tooLong' })
  @IsString()
  body: string;
}

export class CriterionForm {
  @Trim()
  @IsNotEmpty({ message: 'funds.criteria.titleMissing' })
  @MaxLength(120, { message: 'funds.criteria.titleTooLong' })
  @IsString()
  title: string;

  @Trim()
  @IsNotEmpty({ message: 'funds.criteria.descriptionMissing' })
  @MaxLength(1000, { message: 'funds.criteria.descriptionTooLong' })
  @IsString()
  description: string;

  @Trim()
  @Matches(/^\d{1,3}$/, { message: 'funds.criteria.weightRange' })
  @IsString()
  weight: string;
}
