import { Injectable } from '@nestjs/common';
import { AuthGuard, PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy as BearerStrategy } from 'passport-http-bearer';
import { Strategy as LocalStrategy } from 'passport-local';
import { AppException, type Principal } from '@commonpurse/kernel';
import type { AccountEntity } from '../persistence/account.entity';
import { PrincipalService } from '../usecases/principal.service';
import { SignInUseCase } from '../usecases/sign-in/sign-in.usecase';

/** Email and password, for the sign-in form. */
@Injectable()
export class PasswordStrategy extends PassportStrategy(LocalStrategy, 'local') {
  constructor(private readonly signIn: SignInUseCase) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  validate(req: Request, email: string, password: string): Promise<AccountEntity> {
    return this.signIn.execute({ email, password, ip: req.ip ?? 'unknown' });
  }
}

/** Personal access tokens, for the JSON API. */
@Injectable()
export class AccessTokenStrategy extends PassportStrategy(BearerStrategy, 'bearer') {
  constructor(private readonly principals: PrincipalService) {
    super();
  }

  async validate(token: string): Promise<Principal | false> {
    return (await this.principals.forBearerToken(token)) ?? false;
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    signInProblem?: AppException;
  }
}

/**
 * Runs the password strategy but lets the sign-in page speak for itself: a refused sign-in
 * is left on the request for the handler to show in the form, rather than thrown.
 */
@Injectable()
export class SignInGuard extends AuthGuard('local') {
  override handleRequest<T>(error: unknown, account: T, _info: unknown, context: import('@nestjs/common').ExecutionContext): T {
    if (error instanceof AppException && error.kind < 500) {
      context.switchToHttp().getRequest<Request>().signInProblem = error;
      return null as T;
    }
    if (error) throw error;
    return (account || null) as T;
  }
}

@Injectable()
export class BearerGuard extends AuthGuard('bearer') {}
