import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { LANGUAGES, Trim, type Language } from '@commonpurse/kernel';

export class RegisterForm {
  @Trim()
  @IsNotEmpty({ message: 'identity.register.displayNameMissing' })
  @MaxLength(100, { message: 'identity.register.displayNameTooLong' })
  @IsString()
  displayName: string;

  @Trim()
  @IsEmail({}, { message: 'identity.email.invalid' })
  @MaxLength(254, { message: 'identity.email.invalid' })
  @IsNotEmpty({ message: 'identity.email.missing' })
  email: string;

  @IsNotEmpty({ message: 'identity.password.missing' })
  @IsString()
  password: string;
}

export class SignInForm {
  @Trim()
  @IsNotEmpty({ message: 'identity.email.missing' })
  @IsString()
  email: string;

  @IsNotEmpty({ message: 'identity.password.missing' })
  @IsString()
  password: string;
}

export class EmailForm {
  @Trim()
  @IsEmail({}, { message: 'identity.email.invalid' })
  @IsNotEmpty({ message: 'identity.email.missing' })
  email: string;
}

export class ResetPasswordForm {
  @IsNotEmpty({ message: 'identity.reset.invalid' })
  @IsString()
  token: string;

  @IsNotEmpty({ message: 'identity.password.missing' })
  @IsString()
  password: string;
}

export class PreferencesForm {
  @Trim()
  @IsNotEmpty({ message: 'identity.register.displayNameMissing' })
  @MaxLength(100, { message: 'identity.register.displayNameTooLong' })
  @IsString()
  displayName: string;

  @IsIn(LANGUAGES, { message: 'identity.preferences.languageMissing' })
  language: Language;

  @IsOptional()
  @Trim()
  @MaxLength(10, { message: 'identity.preferences.postcodeInvalid' })
  @IsString()
  postcode?: string;
}

export const TOKEN_EXPIRY_CHOICES = ['30', '90', '365', 'never'] as const;

export class CreateTokenForm {
  @Trim()
  @IsNotEmpty({ message: 'identity.tokens.nameMissing' })
  @MaxLength(80, { message: 'identity.tokens.nameTooLong' })
  @IsString()
  name: string;

  /** Checkboxes post a string for one choice and an array for several. */
  @Transform(({ value }) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]))
  @IsArray({ message: 'identity.tokens.scopesInvalid' })
  @ArrayNotEmpty({ message: 'identity.tokens.scopesInvalid' })
  @ArrayMaxSize(20, { message: 'identity.tokens.scopesInvalid' })
  @IsString({ each: true, message: 'identity.tokens.scopesInvalid' })
  scopes: string[] = [];

  @IsIn(TOKEN_EXPIRY_CHOICES, { message: 'identity.tokens.expiryMissing' })
  expiry: (typeof TOKEN_EXPIRY_CHOICES)[number];
}
