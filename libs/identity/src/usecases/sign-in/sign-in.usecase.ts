import { Injectable } from '@nestjs/common';
import { normaliseEmail } from '../../domain/email-address';
import { IdentityErrorCode, IdentityException } from '../../domain/identity.exception';
import { THROTTLE_WINDOW_MINUTES, isThrottled } from '../../domain/sign-in-throttle';
import type { AccountEntity } from '../../persistence/account.entity';
import { AccountRepository } from '../../persistence/account.repository';
import { SignInAttemptRepository } from '../../persistence/sign-in-attempt.repository';
import { PasswordHasher } from '../password-hasher';

export interface SignInCommand {
  email: string;
  password: string;
  ip: string;
}

/** Checks an email and password, throttled per email and per address; every attempt is recorded. */
@Injectable()
export class SignInUseCase {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly attempts: SignInAttemptRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  async execute(command: SignInCommand): Promise<AccountEntity> {
    const email = normaliseEmail(command.email);
    if (isThrottled(await this.attempts.recentFailures(email, command.ip, THROTTLE_WINDOW_MINUTES))) {
      throw new IdentityException(IdentityErrorCode.TooManyAttempts, 'identity.signIn.throttled');
    }
    const account = await this.accounts.findByEmail(email);
    const valid = await this.hasher.verify(account?.passwordHash, command.password);
    await this.attempts.record(email, command.ip, valid && account !== null);
    if (!account || !valid) {
      throw new IdentityException(IdentityErrorCode.InvalidCredentials, 'identity.signIn.invalid', [{ field: 'email', problem: 'identity.signIn.invalid' }]);
    }
    if (!account.emailVerifiedAt) {
      throw new IdentityException(IdentityErrorCode.EmailNotVerified, 'identity.signIn.unverified', [{ field: 'email', problem: 'identity.signIn.unverified' }]);
    }
    return account;
  }
}
