import { Body, Controller, Get, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Page, PublicRoute, Redirect, RequirePermission, Permission, safeReturnPath, validateForm } from '@commonpurse/kernel';
import type { AccountEntity } from '../persistence/account.entity';
import { SignInForm } from './dto/forms';
import { endSession, startSession } from './session';
import { SignInGuard } from './strategies';

@ApiExcludeController()
@Controller()
export class SignInController {
  @Get('sign-in')
  @PublicRoute()
  show(@Req() req: Request, @Query('returnTo') returnTo?: string): Page | Redirect {
    if (req.principal) return new Redirect(safeReturnPath(returnTo, '/account'));
    return new Page('identity/sign-in', { values: {}, returnTo: safeReturnPath(returnTo, '') });
  }

  @Post('sign-in')
  @PublicRoute()
  @UseGuards(SignInGuard)
  async submit(@Req() req: Request, @Body() body: Record<string, unknown>): Promise<Page | Redirect> {
    const returnTo = safeReturnPath(body.returnTo, '');
    const values = { email: typeof body.email === 'string' ? body.email : '' };
    const { problems } = validateForm(SignInForm, body);
    if (problems.length > 0) return new Page('identity/sign-in', { values, returnTo, problems }, 400);
    if (req.signInProblem) {
      const problem = req.signInProblem;
      const details = problem.details.length > 0 ? problem.details : [{ field: 'email', problem: problem.message }];
      return new Page('identity/sign-in', { values, returnTo, problems: details, unverified: problem.code === 'IDENTITY_EMAIL_NOT_VERIFIED' }, problem.kind === 429 ? 429 : 400);
    }
    await startSession(req, (req.user as AccountEntity).id);
    return new Redirect(returnTo || '/account');
  }

  @Get('sign-out')
  @PublicRoute()
  confirmSignOut(@Req() req: Request): Page | Redirect {
    return req.principal ? new Page('identity/sign-out') : new Redirect('/sign-in');
  }

  @Post('sign-out')
  @RequirePermission(Permission.AccountSelf)
  async signOut(@Req() req: Request): Promise<Redirect> {
    await endSession(req);
    return new Redirect('/signed-out');
  }

  @Get('signed-out')
  @PublicRoute()
  signedOut(): Page {
    return new Page('identity/signed-out');
  }
}
