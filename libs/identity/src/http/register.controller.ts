import { Body, Controller, Get, Post, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Page, PublicRoute, Redirect, attempt, validateForm } from '@commonpurse/kernel';
import { RegisterAccountUseCase } from '../usecases/register-account/register-account.usecase';
import { ResendVerificationUseCase } from '../usecases/resend-verification/resend-verification.usecase';
import { VerifyEmailUseCase } from '../usecases/verify-email/verify-email.usecase';
import { EmailForm, RegisterForm } from './dto/forms';

@ApiExcludeController()
@Controller()
export class RegisterController {
  constructor(
    private readonly register: RegisterAccountUseCase,
    private readonly verify: VerifyEmailUseCase,
    private readonly resend: ResendVerificationUseCase,
  ) {}

  @Get('register')
  @PublicRoute()
  show(@Req() req: Request): Page | Redirect {
    if (req.principal) return new Redirect('/account');
    return new Page('identity/register', { values: {} });
  }

  @Post('register')
  @PublicRoute()
  async submit(@Req() req: Request, @Body() body: Record<string, unknown>): Promise<Page> {
    const { form, problems } = validateForm(RegisterForm, body);
    const values = { displayName: form.displayName, email: form.email };
    if (problems.length > 0) return new Page('identity/register', { values, problems }, 400);
    const result = await attempt(() => this.register.execute({ ...form, language: req.language ?? 'en' }), 'email');
    if (!result.ok) return new Page('identity/register', { values, problems: result.problems }, 400);
    return new Page('identity/check-email', { email: form.email });
  }

  @Get('verify-email')
  @PublicRoute()
  async verifyEmail(@Query('token') token?: string): Promise<Page> {
    const result = await attempt(() => this.verify.execute({ token: typeof token === 'string' ? token : '' }), 'token');
    if (!result.ok) return new Page('identity/verify-failed', { values: {} }, 410);
    return new Page('identity/email-verified');
  }

  @Get('verify-email/resend')
  @PublicRoute()
  showResend(): Page {
    return new Page('identity/verify-failed', { values: {} });
  }

  @Post('verify-email/resend')
  @PublicRoute()
  async submitResend(@Body() body: Record<string, unknown>): Promise<Page> {
    const { form, problems } = validateForm(EmailForm, body);
    if (problems.length > 0) return new Page('identity/verify-failed', { values: { email: form.email }, problems }, 400);
    await this.resend.execute(form);
    return new Page('identity/check-email', { email: form.email });
  }
}
